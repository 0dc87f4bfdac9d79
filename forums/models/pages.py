"""The two pages that put the forum and the "I have something to say" column on a community's
site. Both are routable: their sub-URLs are served by ``forums.views``, themed like every page.
"""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from portal.models import BasePage

__all__ = ["RESERVED_BOARD_SLUGS", "ForumIndexPage", "PostIndexPage"]

# First path segments the forum's own routes use: no board may take them as its slug.
RESERVED_BOARD_SLUGS = frozenset({"topic", "reply", "new", "edit", "follow"})


class ForumIndexPage(RoutablePageMixin, BasePage):
    """The community forum (社区论坛): its boards, their topics and replies."""

    parent_page_types = ["communities.CommunityHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("forum page")

    @path("")
    def boards(self, request: HttpRequest) -> HttpResponse:
        from forums.views import forum

        return forum.board_list(request, self)

    @path("topic/<int:topic_id>/")
    def topic(self, request: HttpRequest, topic_id: int) -> HttpResponse:
        from forums.views import forum

        return forum.topic_detail(request, self, topic_id)

    @path("topic/<int:topic_id>/reply/")
    def reply(self, request: HttpRequest, topic_id: int) -> HttpResponse:
        from forums.views import forum

        return forum.reply_create(request, self, topic_id)

    @path("topic/<int:topic_id>/edit/")
    def topic_edit(self, request: HttpRequest, topic_id: int) -> HttpResponse:
        from forums.views import forum

        return forum.topic_edit(request, self, topic_id)

    @path("topic/<int:topic_id>/follow/")
    def follow(self, request: HttpRequest, topic_id: int) -> HttpResponse:
        from forums.views import forum

        return forum.topic_follow(request, self, topic_id)

    @path("reply/<int:reply_id>/")
    def reply_link(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        from forums.views import forum

        return forum.reply_link(request, self, reply_id)

    @path("reply/<int:reply_id>/edit/")
    def reply_edit(self, request: HttpRequest, reply_id: int) -> HttpResponse:
        from forums.views import forum

        return forum.reply_edit(request, self, reply_id)

    @path("<slug:board_slug>/")
    def board(self, request: HttpRequest, board_slug: str) -> HttpResponse:
        from forums.views import forum

        return forum.board_detail(request, self, board_slug)

    @path("<slug:board_slug>/new/")
    def topic_create(self, request: HttpRequest, board_slug: str) -> HttpResponse:
        from forums.views import forum

        return forum.topic_create(request, self, board_slug)


class PostIndexPage(RoutablePageMixin, BasePage):
    """The "I have something to say" column (我有话说): residents' posts and their answers."""

    parent_page_types = ["communities.CommunityHomePage"]
    subpage_types: list[str] = []
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("“I have something to say” page")

    @path("")
    def posts(self, request: HttpRequest) -> HttpResponse:
        from forums.views import posts

        return posts.post_list(request, self)

    @path("new/")
    def post_create(self, request: HttpRequest) -> HttpResponse:
        from forums.views import posts

        return posts.post_create(request, self)

    @path("<int:post_id>/")
    def post(self, request: HttpRequest, post_id: int) -> HttpResponse:
        from forums.views import posts

        return posts.post_detail(request, self, post_id)

    @path("<int:post_id>/photo/<int:photo_id>/")
    def photo(self, request: HttpRequest, post_id: int, photo_id: int) -> HttpResponse:
        from forums.views import posts

        return posts.post_photo(request, self, post_id, photo_id)

    @path("<int:post_id>/answer/")
    def answer(self, request: HttpRequest, post_id: int) -> HttpResponse:
        from forums.views import posts

        return posts.post_answer(request, self, post_id)

    @path("<int:post_id>/convert/")
    def convert(self, request: HttpRequest, post_id: int) -> HttpResponse:
        from forums.views import posts

        return posts.post_convert(request, self, post_id)

    @path("<int:post_id>/feedback/")
    def feedback(self, request: HttpRequest, post_id: int) -> HttpResponse:
        from forums.views import posts

        return posts.post_feedback(request, self, post_id)
