"""Public URLs (in the language patterns: /en/... too), served on every host."""

from django.urls import path

from . import views

app_name = "services_directory"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.item_detail, name="detail"),
    path("<int:pk>/checklist/", views.checklist, name="checklist"),
]
