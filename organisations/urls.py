"""Public URLs (in the language patterns: /en/... too), served on every host: the city
portal lists every organisation, a community's site those serving it."""

from django.urls import path

from . import views

app_name = "social_organisations"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("transparency/", views.transparency, name="transparency"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/questions/", views.ask, name="ask"),
    path(
        "<int:pk>/disclosures/<int:disclosure_pk>/",
        views.disclosure_detail,
        name="disclosure",
    ),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
]
