"""A community's boards (版块): the ones every new forum starts with, and the editors' changes."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community
from forums.models import RESERVED_BOARD_SLUGS, Board

from .access import may_answer
from .errors import ForumError, NotAllowed

__all__ = [
    "DEFAULT_BOARDS",
    "DefaultBoard",
    "archive_board",
    "create_board",
    "ensure_default_boards",
    "unarchive_board",
    "update_board",
]


@dataclass(frozen=True)
class DefaultBoard:
    slug: str
    name: str
    description: str


DEFAULT_BOARDS = (
    DefaultBoard("neighbours", "邻里互助", "找人帮忙、互通消息、失物招领。"),
    DefaultBoard("affairs", "社区议事", "小区公共事务的讨论：停车、绿化、加装电梯……"),
    DefaultBoard("activities", "兴趣活动", "文体活动、兴趣小组、志愿服务的召集与分享。"),
    DefaultBoard("swap", "闲置交换", "闲置物品的赠送与交换（请勿发布商业广告）。"),
)


def ensure_default_boards(community: Community) -> int:
    """Give a community without boards the standard ones; returns how many were created.

    A forum whose editors already shaped it (even by archiving every board) is left alone.
    """
    if Board.objects.filter(community=community).exists():
        return 0
    Board.objects.bulk_create(
        Board(community=community, slug=b.slug, name=b.name, description=b.description,
              sort_order=order)
        for order, b in enumerate(DEFAULT_BOARDS)
    )  # fmt: skip
    return len(DEFAULT_BOARDS)


# --- the editors' changes (版块管理) ------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
NAME_MAX_LENGTH = 60
DESCRIPTION_MAX_LENGTH = 240
MAX_SORT_ORDER = 32767


def _record(board: Board, action: str, editor: User, **data) -> None:
    # Imported here: provisioning imports this module, and the moderation package pulls in
    # governance and notifications.
    from .moderation.audit import record as write

    write(board, action, editor, **data)


def _require_editor(editor: User | None, community: Community) -> None:
    if not may_answer(editor, community):
        raise NotAllowed(
            _("Only the editors of %(community)s can change its forum boards.")
            % {"community": community.name},
            code="not_editor",
        )


def _clean(
    community: Community,
    *,
    name: str,
    slug: str,
    description: str,
    sort_order: int | None,
    board: Board | None = None,
) -> dict:
    """The fields of a board, checked: ``ValidationError`` naming each field that is wrong."""
    errors: dict[str, str] = {}
    name, slug, description = (
        (name or "").strip(),
        (slug or "").strip(),
        (description or "").strip(),
    )
    if not name:
        errors["name"] = _("Give the board a name.")
    elif len(name) > NAME_MAX_LENGTH:
        errors["name"] = _("Keep the name under %(count)d characters.") % {"count": NAME_MAX_LENGTH}
    if not _SLUG.match(slug) or len(slug) > NAME_MAX_LENGTH:
        errors["slug"] = _(
            "Use lower-case letters, digits and hyphens for the address (e.g. “neighbours”)."
        )
    elif slug in RESERVED_BOARD_SLUGS:
        errors["slug"] = _("“%(slug)s” is used by the forum itself; choose another address.") % {
            "slug": slug
        }
    else:
        taken = Board.objects.filter(community=community, slug=slug)
        if board is not None:
            taken = taken.exclude(pk=board.pk)
        if taken.exists():
            errors["slug"] = _(
                "Another board of this forum already has the address “%(slug)s”."
            ) % {"slug": slug}
    if len(description) > DESCRIPTION_MAX_LENGTH:
        errors["description"] = _("Keep the description under %(count)d characters.") % {
            "count": DESCRIPTION_MAX_LENGTH
        }
    if sort_order is not None and not 0 <= sort_order <= MAX_SORT_ORDER:
        errors["sort_order"] = _("Use a number from 0 to %(max)d.") % {"max": MAX_SORT_ORDER}
    if errors:
        raise ValidationError(errors)
    return {"name": name, "slug": slug, "description": description, "sort_order": sort_order}


@transaction.atomic
def create_board(
    editor: User,
    community: Community,
    *,
    name: str,
    slug: str,
    description: str = "",
    sort_order: int | None = None,
) -> Board:
    """Add a board (新增版块) to ``community``'s forum; last in order unless ``sort_order``.

    ``NotAllowed`` for anyone but the community's editors and city administrators;
    ``ValidationError`` (a dict naming the fields) for a missing name, a malformed, reserved or
    already used address.
    """
    _require_editor(editor, community)
    fields = _clean(community, name=name, slug=slug, description=description, sort_order=sort_order)
    if fields["sort_order"] is None:
        last = Board.objects.filter(community=community).aggregate(last=Max("sort_order"))["last"]
        fields["sort_order"] = 0 if last is None else min(last + 1, MAX_SORT_ORDER)
    board = Board.objects.create(community=community, **fields)
    _record(board, "jiayuan.forum_board_create", editor, community=community.pk, slug=board.slug)
    return board


@transaction.atomic
def update_board(
    editor: User,
    board: Board,
    *,
    name: str | None = None,
    slug: str | None = None,
    description: str | None = None,
    sort_order: int | None = None,
) -> Board:
    """Rename, describe, re-address or re-order a board (修改版块); None keeps a field."""
    _require_editor(editor, board.community)
    fields = _clean(
        board.community,
        name=board.name if name is None else name,
        slug=board.slug if slug is None else slug,
        description=board.description if description is None else description,
        sort_order=board.sort_order if sort_order is None else sort_order,
        board=board,
    )
    changed = {k: v for k, v in fields.items() if getattr(board, k) != v}
    if changed:
        for key, value in changed.items():
            setattr(board, key, value)
        board.save(update_fields=list(changed))
        _record(board, "jiayuan.forum_board_update", editor, fields=sorted(changed))
    return board


def _set_archived(editor: User, board: Board, archived: bool) -> Board:
    _require_editor(editor, board.community)
    with transaction.atomic():
        updated = Board.objects.filter(pk=board.pk, is_archived=not archived).update(
            is_archived=archived
        )
        if not updated:
            raise ForumError(
                _("This board is already archived.")
                if archived
                else _("This board is open already."),
                code="unchanged",
            )
        board.is_archived = archived
        action = "jiayuan.forum_board_archive" if archived else "jiayuan.forum_board_unarchive"
        _record(board, action, editor, slug=board.slug)
    return board


def archive_board(editor: User, board: Board) -> Board:
    """Archive a board (归档版块): its topics stay readable, nobody posts in it any more."""
    return _set_archived(editor, board, True)


def unarchive_board(editor: User, board: Board) -> Board:
    """Open an archived board again (恢复版块)."""
    return _set_archived(editor, board, False)
