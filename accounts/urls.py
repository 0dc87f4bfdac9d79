"""The resident-facing account pages, served on every community site and the portal."""

from accounts.views import account, privacy, residency

urlpatterns = [*account.urlpatterns, *residency.urlpatterns, *privacy.urlpatterns]
