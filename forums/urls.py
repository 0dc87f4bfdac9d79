"""The forums app's URLs outside the routable pages: reports (举报) and news comments."""

from django.urls import include, path

app_name = "forums"

urlpatterns = [
    path("report/", include("forums.views.flag_urls")),
    path("comments/", include("forums.comments.urls")),
]
