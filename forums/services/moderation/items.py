"""What moderation needs to know about any reportable item (可举报内容): a topic, a reply, a
"I have something to say" post or a news comment (django-comments-xtd ``XtdComment``).

Topics, replies and posts carry their moderation state themselves (``ModeratedContent``);
comments keep theirs through ``forums.comments.services``, imported when first needed so this
module loads before the comments part does.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from forums.models import (
    ForumIndexPage,
    ModeratedContent,
    Post,
    PostIndexPage,
    Reply,
    Topic,
    Visibility,
)
from portal.usertext import excerpt

if TYPE_CHECKING:
    from django_comments_xtd.models import XtdComment

    Item = Topic | Reply | Post | XtdComment
else:
    Item = Any

__all__ = [
    "KINDS",
    "Item",
    "author_of",
    "body_of",
    "community_of",
    "container_url",
    "created_of",
    "item_url",
    "kind_label",
    "kind_of",
    "lock_item",
    "model_for",
    "scoped",
    "set_visibility",
    "title_of",
    "visibility_of",
]

KINDS = ("topic", "reply", "post", "comment")
_MODELS = {"topic": Topic, "reply": Reply, "post": Post}


def model_for(kind: str) -> type[models.Model] | None:
    """The model of a kind named in a URL ("topic", "reply", "post", "comment"), or None."""
    if kind == "comment":
        return apps.get_model("django_comments_xtd", "XtdComment")
    return _MODELS.get(kind)


def kind_of(item: Item) -> str:
    for kind, model in _MODELS.items():
        if isinstance(item, model):
            return kind
    return "comment"


def kind_label(kind: str) -> str:
    """The kind in words, for pages and messages."""
    return {
        "topic": _("topic"),
        "reply": _("reply"),
        "post": _("post"),
        "comment": _("comment"),
    }.get(kind, kind)


def community_of(item: Item) -> Community:
    if isinstance(item, ModeratedContent):
        return item.community
    from forums.comments.services import comment_community

    return comment_community(item)


def author_of(item: Item) -> User | None:
    if isinstance(item, ModeratedContent):
        return item.author
    return item.user


def body_of(item: Item) -> str:
    return item.body if isinstance(item, ModeratedContent) else (item.comment or "")


def created_of(item: Item) -> datetime:
    return item.created_at if isinstance(item, ModeratedContent) else item.submit_date


def title_of(item: Item) -> str:
    """A short title for lists, logs and notifications."""
    if isinstance(item, Topic | Post):
        return item.title
    if isinstance(item, Reply):
        return _("Reply in “%(topic)s”") % {"topic": item.topic.title}
    return _("Comment: %(text)s") % {"text": excerpt(body_of(item), 40)}


def visibility_of(item: Item) -> str:
    if isinstance(item, ModeratedContent):
        return item.visibility
    from forums.comments.services import comment_visibility

    return comment_visibility(item)


def lock_item(item: Item) -> Item:
    """The item's row again, locked until the end of the transaction (two moderators or a
    moderator and a reporter cannot interleave their changes)."""
    return type(item)._base_manager.select_for_update().get(pk=item.pk)


def _published_replies(topic_id: int) -> int:
    return Reply.objects.filter(topic_id=topic_id, visibility=Visibility.PUBLISHED).count()


def set_visibility(item: Item, visibility: str, note: str = "", *, flag_count: int = 0) -> None:
    """Store a new moderation state (and the note the author reads, the open reports count).

    A reply's topic keeps ``reply_count`` equal to its published replies.
    """
    if not isinstance(item, ModeratedContent):
        from forums.comments.services import set_comment_visibility

        set_comment_visibility(item, visibility)
        return
    was_published = item.visibility == Visibility.PUBLISHED
    item.visibility = visibility
    item.moderation_note = note[:200]
    item.flag_count = min(flag_count, 32767)
    item.save(update_fields=["visibility", "moderation_note", "flag_count"])
    if isinstance(item, Reply) and was_published != (visibility == Visibility.PUBLISHED):
        Topic.objects.filter(pk=item.topic_id).update(reply_count=_published_replies(item.topic_id))


def _index_page(community: Community, model: type, pages: dict | None) -> Any:
    key = (community.pk, model)
    if pages is not None and key in pages:
        return pages[key]
    page = None
    if community.site_id:
        root = community.site.root_page
        page = model.objects.child_of(root).live().first()
    if pages is not None:
        pages[key] = page
    return page


def _route(page: Any, route: str, request: HttpRequest | None, full: bool, **kwargs) -> str:
    if page is None:
        return ""
    base = page.get_full_url(request) if full else page.get_url(request)
    if not base:
        return ""
    return base + (page.reverse_subpage(route, kwargs=kwargs) if route else "")


def _absolute(url: str, community: Community, request: HttpRequest | None) -> str:
    if url.startswith("/"):
        return community.get_url(request).rstrip("/") + url
    return url


def item_url(
    item: Item, request: HttpRequest | None = None, *, full: bool = False, pages: dict | None = None
) -> str:
    """The item's public page (on its community's site; absolute with ``full``).

    ``pages`` is a dict the caller keeps to find each community's forum page only once.
    """
    if isinstance(item, Topic):
        page = _index_page(item.community, ForumIndexPage, pages)
        return _route(page, "topic", request, full, topic_id=item.pk)
    if isinstance(item, Reply):
        page = _index_page(item.community, ForumIndexPage, pages)
        return _route(page, "reply_link", request, full, reply_id=item.pk)
    if isinstance(item, Post):
        page = _index_page(item.community, PostIndexPage, pages)
        return _route(page, "post", request, full, post_id=item.pk)
    from forums.comments.services import comment_url

    url = comment_url(item)
    return _absolute(url, community_of(item), request) if full else url


def container_url(item: Item, request: HttpRequest | None = None) -> str:
    """Where the item lives (its forum, topic, column or news page): where to send a reporter
    once the item is hidden from them."""
    if isinstance(item, Topic):
        return _route(_index_page(item.community, ForumIndexPage, None), "", request, False)
    if isinstance(item, Reply):
        return item_url(item.topic, request)
    if isinstance(item, Post):
        return _route(_index_page(item.community, PostIndexPage, None), "", request, False)
    return item_url(item, request).split("#")[0]


def scoped(queryset: QuerySet, community_ids: frozenset[int] | None) -> QuerySet:
    """``queryset`` of topics, replies or posts limited to ``community_ids`` (None: all)."""
    if community_ids is None:
        return queryset
    return queryset.filter(community_id__in=community_ids)
