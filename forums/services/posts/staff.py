"""What the community's staff do with posts: the official reply (官方回复) to suggestions and
questions, and turning a question into a complaint (转为事件).

Only those who may answer for the community (its editors, city administrators) do either;
the author is told each time (notification kind "posts").
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log

from accounts.models import User
from forums.models import Post, PostKind, PostPhoto
from forums.services.access import may_answer
from forums.services.errors import ForumError, NotAllowed
from governance.models import Category, EventSource
from governance.services import report_event
from notifications.services import notify
from portal.usertext import excerpt

from .links import post_path
from .submit import REPLY_MAX_LENGTH, forget_files

__all__ = ["ANSWER_ACTION", "CONVERT_ACTION", "NOTIFY_KIND", "answer_post", "convert_to_complaint"]

NOTIFY_KIND = "posts"
ANSWER_ACTION = "jiayuan.post_answer"
CONVERT_ACTION = "jiayuan.post_convert"
ANSWERED_KINDS = (PostKind.SUGGESTION, PostKind.CONSULTATION)


def _check_staff(staff: User, post: Post) -> None:
    if not may_answer(staff, post.community):
        raise NotAllowed(
            _("Only the community office of %(community)s can do this.")
            % {"community": post.community.name},
            code="not_staff",
        )


def _tell_author(post: Post, title: str, body: str = "") -> None:
    notify(
        post.author,
        NOTIFY_KIND,
        title,
        body,
        post_path(post),
        base_url=post.community.get_url().rstrip("/"),
    )


def answer_post(staff: User, post: Post, text: str, now: datetime | None = None) -> Post:
    """Give (or correct) the official reply (官方回复) to a suggestion or question.

    Shown on the post as the community office's, never with the staff member's name; the
    author is notified. ``NotAllowed`` for anyone but the community's editors and city
    administrators, ``ForumError`` for another kind of post, ``ValidationError`` for an empty
    or over-long reply.
    """
    _check_staff(staff, post)
    if post.kind not in ANSWERED_KINDS:
        raise ForumError(
            _("Only suggestions and questions get an official reply; a complaint is answered "
              "through its event."),
            code="not_answerable",
        )  # fmt: skip
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write the reply.")})
    if len(text) > REPLY_MAX_LENGTH:
        raise ValidationError(
            {"text": _("Keep it under %(count)d characters.") % {"count": REPLY_MAX_LENGTH}}
        )
    now = now or timezone.now()
    first = not post.official_reply
    with transaction.atomic():
        post.official_reply = text
        post.replied_by = staff
        post.replied_at = now
        post.save(update_fields=["official_reply", "replied_by", "replied_at"])
        log(post, ANSWER_ACTION, user=staff, data={"first": first})
        title = (
            _("Official reply to your post “%(title)s”")
            if first
            else _("The official reply to your post “%(title)s” was updated")
        )
        _tell_author(post, title % {"title": post.title[:40]}, excerpt(text, 200))
    return post


def _photo_copies(post: Post) -> list[ContentFile]:
    copies = []
    for photo in post.photos.all():
        with photo.image.open("rb") as handle:
            copies.append(ContentFile(handle.read(), name=f"{photo.sort_order}.jpg"))
    return copies


def convert_to_complaint(
    staff: User, post: Post, category: Category | None, now: datetime | None = None
) -> Post:
    """Turn a question (咨询) into a complaint (转为事件): report its governance event, with
    the author as reporter and the staff member as the one who acted, in one transaction.

    Refuses a post that is not a question or already has an event (``ForumError``), anyone
    but the community's editors and city administrators (``NotAllowed``), a missing or
    retired category (``ValidationError``). The author is notified.
    """
    _check_staff(staff, post)
    if category is None:
        raise ValidationError({"category": _("Choose the category of the matter.")})
    now = now or timezone.now()
    written: list[str] = []
    try:
        with transaction.atomic():
            locked = Post.objects.select_for_update().select_related("community").get(pk=post.pk)
            if locked.event_id is not None:
                raise ForumError(_("This post is already a governance event."), code="has_event")
            if locked.kind != PostKind.CONSULTATION:
                raise ForumError(
                    _("Only a question can be turned into a complaint."), code="not_question"
                )
            photos = _photo_copies(locked)
            locked.event = report_event(
                source=EventSource.PORTAL,
                community=locked.community,
                category=category,
                title=locked.title,
                description=locked.body,
                location=locked.location,
                building=locked.building,
                reporter=locked.author,
                actor=staff,
                public=locked.is_public and locked.is_published,
                photos=photos,
                now=now,
            )
            written += [p.image.name for p in locked.event.photos.all()] if photos else []
            locked.kind = PostKind.COMPLAINT
            locked.is_public = locked.is_public and category.may_be_public
            locked.save(update_fields=["kind", "event", "is_public"])
            log(locked, CONVERT_ACTION, user=staff, data={"event": locked.event.reference})
            _tell_author(
                locked,
                _("Your question “%(title)s” is now a complaint (event %(reference)s)")
                % {"title": locked.title[:40], "reference": locked.event.reference},
                _("The community office passed it to the work network; follow it on your post."),
            )
    except BaseException:
        forget_files(PostPhoto._meta.get_field("image").storage, written)
        raise
    post.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    post._state.fields_cache = dict(locked._state.fields_cache)
    return post
