"""News comments URLs (in the "forums" namespace, under /forums/comments/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("post/<int:page_id>/", views.comment_post, name="comment_post"),
]
