from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from portal import views as portal_views
from themes import views as themes_views

urlpatterns = [
    path("healthz", portal_views.healthz, name="healthz"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("display-mode/", themes_views.display_mode, name="display_mode"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("find-community/", portal_views.find_community, name="find_community"),
    # Ours first: residency, my account, privacy; then allauth's sign-up and login. In the
    # language patterns, so /en/accounts/signup/ is the English sign-up page.
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("privacy/", include("accounts.views.policy")),
    path("notifications/", include("notifications.urls")),
    path("", include("governance.urls")),
    path("forums/", include("forums.urls")),
    path("services/", include("services_directory.urls")),
    path("organisations/", include("organisations.urls")),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
