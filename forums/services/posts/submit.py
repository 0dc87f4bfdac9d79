"""A resident posts (发帖): a complaint, suggestion, question or praise, with photos.

A complaint (投诉) is reported to the work network in the same transaction as the post, so
either both exist or neither does.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from forums.models import Post, PostKind, PostPhoto, Visibility
from forums.services import guard
from forums.services.guard import posting_refusal
from governance.models import Category, EventSource
from governance.services import MAX_PHOTOS, report_event

__all__ = [
    "BODY_MAX_LENGTH",
    "REPLY_MAX_LENGTH",
    "TITLE_MAX_LENGTH",
    "posting_refusal",
    "submit_post",
]

TITLE_MAX_LENGTH = 120
# The work network's limit for an event's description: a question may become a complaint.
BODY_MAX_LENGTH = 4000
REPLY_MAX_LENGTH = 4000
BUILDING_MAX_LENGTH = 40
LOCATION_MAX_LENGTH = 200


def _cleaned(
    kind: str,
    title: str,
    body: str,
    category: Category | None,
    building: str,
    location: str,
    photos: Sequence[File],
) -> tuple[str, str, str, str]:
    """The stripped text fields, or ``ValidationError`` naming every bad field."""
    title, body = (title or "").strip(), (body or "").strip()
    building, location = (building or "").strip(), (location or "").strip()
    errors: dict[str, str] = {}
    if kind not in PostKind.values:
        errors["kind"] = _("Choose what kind of post this is.")
    if not title:
        errors["title"] = _("Give your post a short title.")
    elif len(title) > TITLE_MAX_LENGTH:
        errors["title"] = _("Keep the title under %(count)d characters.") % {
            "count": TITLE_MAX_LENGTH
        }
    if not body:
        errors["body"] = _("Say what it is about.")
    elif len(body) > BODY_MAX_LENGTH:
        errors["body"] = _("Keep it under %(count)d characters.") % {"count": BODY_MAX_LENGTH}
    if kind == PostKind.COMPLAINT:
        if category is None:
            errors["category"] = _(
                "Choose a category: it decides which department handles the complaint."
            )
        elif not category.is_active:
            errors["category"] = _("This category is no longer in use; choose another.")
    if len(building) > BUILDING_MAX_LENGTH:
        errors["building"] = _("Keep the building under %(count)d characters.") % {
            "count": BUILDING_MAX_LENGTH
        }
    if len(location) > LOCATION_MAX_LENGTH:
        errors["location"] = _("Keep the place under %(count)d characters.") % {
            "count": LOCATION_MAX_LENGTH
        }
    if len(photos) > MAX_PHOTOS:
        errors["photos"] = _("Attach at most %(count)d photos.") % {"count": MAX_PHOTOS}
    if errors:
        raise ValidationError(errors)
    return title, body, building, location


def save_photos(post: Post, photos: Sequence[File], written: list[str]) -> None:
    """Attach ``photos`` (already cleaned by ``portal.uploads``) to ``post``; the stored file
    names go into ``written`` so that a rollback can remove them again."""
    for order, photo in enumerate(photos):
        attached = PostPhoto(post=post, sort_order=order)
        attached.image.save(f"{order}.jpg", photo, save=False)
        written.append(attached.image.name)
        attached.save()


def forget_files(storage, names: Sequence[str]) -> None:
    """Remove files written by a transaction that rolled back: a resident's photo must not
    outlive the post it came with."""
    for name in names:
        # Already gone, or the storage is read-only: nothing more to do.
        with contextlib.suppress(OSError):
            storage.delete(name)


def submit_post(
    author: User,
    community: Community,
    *,
    kind: str,
    title: str,
    body: str,
    category: Category | None = None,
    building: str = "",
    location: str = "",
    public: bool = True,
    photos: Sequence[File] = (),
    ip: str = "",
    now: datetime | None = None,
) -> Post:
    """Post in ``community``'s column (我有话说); a complaint also reports a governance event.

    Checks, in order: who may post (``guard.check_may_post``: eligibility, ban, rate limit),
    the input (``ValidationError`` naming the fields), an identical repeat (``DuplicatePost``).
    ``photos`` are files cleaned by ``portal.uploads``; they are kept with the post and, for a
    complaint, given to the event too.

    A complaint is reported with ``report_event`` (source: resident post) inside the same
    transaction as the post and its photos: if reporting fails no post is saved, and if saving
    the post fails no event is left. A private category (a family matter) makes the post
    private too. Banned words (敏感词) hold only the post's *display* for a moderator: the
    complaint is still reported, privately (not shown on the event's public pages), so the
    matter is handled whatever the wording; a moderator who publishes the post later does not
    make the event public.
    """
    now = now or timezone.now()
    guard.check_may_post(author, community, ip=ip, now=now)
    title, body, building, location = _cleaned(
        kind, title, body, category, building, location, photos
    )
    guard.refuse_duplicate(
        Post.objects.filter(community=community), author, now, title=title, body=body
    )
    held_for = guard.banned_word_in(title, body, building, location)
    is_complaint = kind == PostKind.COMPLAINT
    post = Post(
        community=community,
        author=author,
        kind=kind,
        title=title,
        body=body,
        building=building,
        location=location,
        is_public=public and (not is_complaint or category.may_be_public),
        created_at=now,
    )
    if held_for:
        post.visibility = Visibility.HELD
        post.moderation_note = (
            _("Waiting for a moderator: it contains “%(word)s”, which this site checks first.")
            % {"word": held_for}
        )[:200]
    written: list[str] = []
    try:
        with transaction.atomic():
            if is_complaint:
                post.event = report_event(
                    source=EventSource.PORTAL,
                    community=community,
                    category=category,
                    title=title,
                    description=body,
                    location=location,
                    building=building,
                    reporter=author,
                    actor=author,
                    public=public and not held_for,
                    photos=photos,
                    now=now,
                )
                written += [p.image.name for p in post.event.photos.all()] if photos else []
            post.save()
            save_photos(post, photos, written)
    except BaseException:
        forget_files(PostPhoto._meta.get_field("image").storage, written)
        raise
    return post
