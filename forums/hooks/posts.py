"""What the posts part of the app registers at start-up (notification kinds, account sections,
exporters, rules)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


def my_posts(request: HttpRequest):
    """ "My account → My posts": the user's latest posts (我有话说), with where each stands."""
    from accounts.account_sections import SectionItem
    from forums.models import Post
    from forums.services.posts import post_path, post_status, say_page_path

    posts = list(
        Post.objects.filter(author=request.user)
        .select_related("community", "event")
        .order_by("-created_at", "-pk")[:10]
    )
    bases: dict[int, str] = {}  # one say page per community (a resident rarely has two)
    items = []
    for post in posts:
        if post.community_id not in bases:
            bases[post.community_id] = say_page_path(post.community)
        path = post_path(post, bases[post.community_id])
        status = post_status(post)
        items.append(
            SectionItem(
                title=f"{post.get_kind_display()}: {post.title}",
                # On the post's own community site: the account page may be on another one.
                url=f"{post.community.get_url(request).rstrip('/')}{path}" if path else "",
                status=status.label if status else "",
                date=post.created_at,
            )
        )
    return items


def export_posts(user) -> list[dict]:
    """The user's posts in their data export: what they wrote and what became of it."""
    from forums.models import Post

    return [
        {
            "community": post.community.name,
            "kind": post.kind,
            "title": post.title,
            "body": post.body,
            "building": post.building,
            "location": post.location,
            "public": post.is_public,
            "visibility": post.visibility,
            "created_at": post.created_at.isoformat(),
            "edited_at": post.edited_at.isoformat() if post.edited_at else None,
            "official_reply": post.official_reply,
            "replied_at": post.replied_at.isoformat() if post.replied_at else None,
            "event": post.event.reference if post.event_id else None,
        }
        for post in Post.objects.filter(author=user)
        .select_related("community", "event")
        .order_by("created_at", "pk")
    ]


def post_page_of_event(event) -> str:
    """The reporter of an event that came from a post follows it on the post's page."""
    from forums.models import Post
    from forums.services.posts import post_path
    from governance.models import EventSource

    if event.source != EventSource.PORTAL:
        return ""
    post = Post.objects.filter(event_id=event.pk).only("pk", "community_id").first()
    return post_path(post) if post is not None else ""


def register_log_actions(actions) -> None:
    """The audit labels of the office's answers (registered in ``forums/wagtail_hooks.py``)."""
    from wagtail.log_actions import LogFormatter

    from forums.services.posts.staff import ANSWER_ACTION, CONVERT_ACTION

    @actions.register_action(ANSWER_ACTION)
    class PostAnswerFormatter(LogFormatter):
        label = _("Official reply to a post")

        def format_message(self, log_entry) -> str:
            if (log_entry.data or {}).get("first", True):
                return _("Replied officially to a resident's post")
            return _("Corrected the official reply to a resident's post")

    @actions.register_action(CONVERT_ACTION)
    class PostConvertFormatter(LogFormatter):
        label = _("Turn a post into an event")

        def format_message(self, log_entry) -> str:
            return _("Turned a question into complaint %(reference)s") % {
                "reference": (log_entry.data or {}).get("event", "")
            }


def register() -> None:
    """Called once from ``ForumsConfig.ready``."""
    from accounts.account_sections import register_provider
    from accounts.privacy.export import register_exporter
    from governance.services.notices import register_public_path
    from notifications.kinds import register_kind

    register_kind(
        "posts",
        _("Replies to my posts"),
        _("An official reply to your suggestion or question, or when it becomes a complaint."),
    )
    register_provider("posts", my_posts)
    register_exporter("posts", export_posts)
    register_public_path(post_page_of_event)
