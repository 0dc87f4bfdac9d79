"""Community-site URLs of the work network (in the language patterns: /en/events/… too)."""

from django.urls import path

from .views import grid, public

app_name = "governance"

urlpatterns = [
    path("events/<str:reference>/", public.event_detail, name="event_detail"),
    path("events/<str:reference>/feedback/", public.event_feedback, name="event_feedback"),
    path("events/photos/<int:pk>/", public.event_photo, name="event_photo"),
    path("grid/report/", grid.grid_report, name="grid_report"),
]
