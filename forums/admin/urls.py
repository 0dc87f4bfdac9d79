"""The moderation screens' admin URLs (under /admin/forums/), namespace "forums_moderation".

Wrapped in ``answer_403`` so that a refusal is a plain 403 rather than Wagtail's redirect to
the dashboard.
"""

from django.urls import path

from accounts.admin.roles import answer_403

from .bans import BansView, LiftBanView
from .item import ItemView
from .queue import QueueView

app_name = "forums_moderation"

urlpatterns = [
    path("", answer_403(QueueView.as_view()), name="queue"),
    path("items/<str:kind>/<int:pk>/", answer_403(ItemView.as_view()), name="item"),
    path("bans/", answer_403(BansView.as_view()), name="bans"),
    path("bans/<int:pk>/lift/", answer_403(LiftBanView.as_view()), name="lift_ban"),
]
