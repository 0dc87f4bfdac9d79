"""News comments (新闻评论): posting, the moderation state, and where a comment lives.

Comments are django-comments-xtd's ``XtdComment`` rows, attached to a ``NewsPage``; we use
its model and threading (thread_id/level/order computed in ``save()``), never its views,
e-mail confirmation or Gravatar. Every new comment goes through ``forums.services.guard``
like topics and posts do.

The moderation state is stored in xtd's own two flags, read as a ``Visibility``:
``is_removed`` → HIDDEN; not ``is_public`` → FLAGGED when enough open reports exist, else
HELD; otherwise PUBLISHED.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_comments_xtd.models import (
    MaxThreadLevelExceededException,
    XtdComment,
    max_thread_level_for_content_type,
)
from wagtail.models import Page, PageViewRestriction

from accounts.models import User
from accounts.privacy.masking import public_name_for
from communities.models import Community, NewsPage
from forums.models import Flag, Visibility
from forums.services.errors import DuplicatePost, ForumError, NotAllowed
from forums.services.guard import banned_word_in, check_may_post

from .tree import CommentNode, CommentTree, visible_comments

__all__ = [
    "MAX_LENGTH",
    "CommentNode",
    "CommentTree",
    "comment_community",
    "comment_page",
    "comment_url",
    "comment_visibility",
    "comments_for",
    "community_for_page",
    "max_level",
    "post_comment",
    "set_comment_visibility",
    "takes_comments",
    "visible_comments",
]

MAX_LENGTH = 3000  # django_comments' COMMENT_MAX_LENGTH: the column's own limit
_NAME_LENGTH = 50  # Comment.user_name's column


def max_level() -> int:
    """The deepest ``level`` a news comment may have (0 = a top-level comment)."""
    return max_thread_level_for_content_type(ContentType.objects.get_for_model(NewsPage))


def comments_for(page: Page):
    """Every comment of ``page`` (any state), as a queryset without xtd's default joins."""
    return XtdComment.norel_objects.filter(
        content_type=ContentType.objects.get_for_model(NewsPage),
        object_pk=str(page.pk),
        site_id=settings.SITE_ID,
    )


def community_for_page(page: Page) -> Community:
    """The community whose site serves ``page`` (its site root is an ancestor of the page).

    ``Community.DoesNotExist`` for a page outside every community's site (the city portal).
    """
    # page.get_site() would fetch the Site row only to read its id.
    url_parts = page.get_url_parts()
    if url_parts is None:
        raise Community.DoesNotExist(f"page {page.pk} is not on any site")
    return Community.objects.select_related("site").get(site_id=url_parts[0])


def comment_page(comment: XtdComment) -> NewsPage:
    """The news page ``comment`` belongs to."""
    return NewsPage.objects.get(pk=int(comment.object_pk))


def comment_community(comment: XtdComment) -> Community:
    """The community whose news page ``comment`` is on: the one whose moderators decide."""
    return community_for_page(comment_page(comment))


def comment_url(comment: XtdComment, request: HttpRequest | None = None) -> str:
    """The news page's URL with the comment's anchor (``…/news/item-1/#c42``); absolute when
    the page is on another site than ``request``'s (or there is no request)."""
    return f"{comment_page(comment).get_url(request)}#c{comment.pk}"


# --- moderation state (审核状态) -------------------------------------------------------------


def _open_flag_count(comment: XtdComment) -> int:
    return Flag.objects.filter(
        content_type=ContentType.objects.get_for_model(XtdComment),
        object_id=comment.pk,
        resolved_at__isnull=True,
    ).count()


def comment_visibility(comment: XtdComment) -> Visibility:
    """The comment's state in the forums' terms (审核状态), read from xtd's two flags."""
    if comment.is_removed:
        return Visibility.HIDDEN
    if comment.is_public:
        return Visibility.PUBLISHED
    if _open_flag_count(comment) >= settings.FORUMS_FLAGS_TO_HIDE:
        return Visibility.FLAGGED
    return Visibility.HELD


_STATE_FIELDS = {
    Visibility.PUBLISHED: {"is_public": True, "is_removed": False},
    Visibility.HIDDEN: {"is_removed": True},
    Visibility.HELD: {"is_public": False, "is_removed": False},
    Visibility.FLAGGED: {"is_public": False, "is_removed": False},
}


def set_comment_visibility(comment: XtdComment, visibility: Visibility) -> None:
    """Put ``comment`` in ``visibility`` (a moderator's decision); only its two flags change.

    FLAGGED and HELD are stored alike: which one ``comment_visibility`` reports depends on
    the open reports. Written with an UPDATE rather than ``save()``: xtd's pre_save receiver
    copies a saved comment's state onto all its replies, which would publish a reply held
    for a banned word when its parent is unhidden. Replies keep their own state; a hidden
    comment shows as a placeholder above its visible replies.
    """
    fields = _STATE_FIELDS[Visibility(visibility)]
    for name, value in fields.items():
        setattr(comment, name, value)
    XtdComment.norel_objects.filter(pk=comment.pk).update(**fields)


# --- posting (发表评论) ----------------------------------------------------------------------


def _clean_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise ForumError(_("Write your comment before posting."), code="empty")
    if len(text) > MAX_LENGTH:
        raise ForumError(
            _("A comment can be at most %(max)d characters long; yours has %(length)d.")
            % {"max": MAX_LENGTH, "length": len(text)},
            code="too_long",
        )
    return text


def takes_comments(page: Page) -> bool:
    """A live news page outside every view restriction (``PageQuerySet.public()``'s rule):
    comments are for public pages only. One query."""
    if not isinstance(page, NewsPage) or not page.live:
        return False
    step = page.steplen
    ancestors = [page.path[:end] for end in range(step, len(page.path) + 1, step)]
    return not PageViewRestriction.objects.filter(page__path__in=ancestors).exists()


def _check_page(page: Page) -> None:
    if not takes_comments(page):
        raise NotAllowed(_("Comments are open on published public pages only."), code="closed")


def _reply_target(parent: XtdComment | int, page: NewsPage) -> XtdComment:
    """The published comment of ``page`` being replied to, locked with its thread."""
    parent_id = parent.pk if isinstance(parent, XtdComment) else parent
    target = (
        comments_for(page)
        .filter(pk=parent_id, is_public=True, is_removed=False)
        .select_for_update()
        .first()
    )
    if target is None:
        raise ForumError(
            _("The comment you are replying to is not available any more."), code="no_parent"
        )
    if target.level >= max_level():
        raise ForumError(
            _(
                "Replies go at most %(depth)d levels deep. Reply to the comment this one "
                "answers instead."
            )
            % {"depth": max_level() + 1},
            code="too_deep",
        )
    # xtd renumbers the whole thread for a reply: one writer per thread at a time.
    list(XtdComment.norel_objects.select_for_update().filter(pk=target.thread_id).values("pk"))
    return target


def _refuse_duplicate(author: User, page: NewsPage, text: str, now: datetime) -> None:
    since = now - timedelta(seconds=settings.FORUMS_DUPLICATE_SECONDS)
    if comments_for(page).filter(user=author, comment=text, submit_date__gte=since).exists():
        raise DuplicatePost(
            _("You posted exactly the same text a moment ago; it is not posted twice."),
            code="duplicate",
        )


def post_comment(
    author: User | AnonymousUser,
    page: NewsPage,
    text: str,
    *,
    parent: XtdComment | int | None = None,
    ip: str = "",
    now: datetime | None = None,
) -> XtdComment:
    """Post a comment (发表评论) on a news page, or a reply to one of its comments.

    Raises ``ForumError`` (bad text, unknown parent, too deep), ``NotAllowed`` (not eligible,
    banned, page closed), ``RateLimited`` or ``DuplicatePost``; nothing is saved then. A
    banned word holds the comment for a moderator (``is_public=False``) instead of refusing
    it. The comment keeps the author's public name only: no real name, e-mail, URL or IP.
    """
    now = now or timezone.now()
    text = _clean_text(text)
    _check_page(page)
    community = community_for_page(page)
    with transaction.atomic():
        target = _reply_target(parent, page) if parent else None
        check_may_post(author, community, ip=ip, now=now)
        _refuse_duplicate(author, page, text, now)
        comment = XtdComment(
            content_type=ContentType.objects.get_for_model(NewsPage),
            object_pk=str(page.pk),
            site_id=settings.SITE_ID,
            user=author,
            user_name=public_name_for(author)[:_NAME_LENGTH],
            user_email="",
            user_url="",
            comment=text,
            submit_date=now,
            ip_address=None,  # not kept: the rate limiter has what abuse control needs
            is_public=not banned_word_in(text),
            is_removed=False,
            parent_id=target.pk if target else 0,
        )
        try:
            comment.save()
        except MaxThreadLevelExceededException as error:  # only if the setting changed midway
            raise ForumError(_("This comment cannot take more replies."), code="too_deep") from (
                error
            )
    return comment
