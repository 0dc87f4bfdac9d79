"""Mounted at /notifications/ on every site (config/urls.py)."""

from django.urls import path

from notifications import views

urlpatterns = [
    path("", views.inbox, name="notifications_inbox"),
    path("<int:pk>/", views.open_notification, name="notification_open"),
    path("read-all/", views.mark_all_read, name="notifications_mark_all_read"),
]
