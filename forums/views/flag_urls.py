"""Report (举报) URLs: ``reverse("forums:report", args=[kind, pk])`` with kind "topic",
"reply", "post" or "comment"."""

from django.urls import path

from .flags import report

urlpatterns = [
    path("<str:kind>/<int:pk>/", report, name="report"),
]
