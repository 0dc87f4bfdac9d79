"""The editors' board services (版块管理): scope, addresses, order, archiving, audit."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from wagtail.models import ModelLogEntry

from forums.models import Board
from forums.services.boards import archive_board, create_board, unarchive_board, update_board
from forums.services.errors import ForumError, NotAllowed


def test_an_editor_adds_a_board_last_in_order(community_a, editor_a):
    last = Board.objects.filter(community=community_a).order_by("-sort_order").first()

    board = create_board(editor_a, community_a, name="加装电梯", slug="elevators")

    assert board.community == community_a and board.sort_order == last.sort_order + 1
    assert ModelLogEntry.objects.filter(
        action="jiayuan.forum_board_create", object_id=str(board.pk), user=editor_a
    ).exists()


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("topic", "is used by the forum itself"),
        ("new", "is used by the forum itself"),
        ("neighbours", "already has the address"),
        ("Has Spaces", "lower-case letters"),
        ("", "lower-case letters"),
    ],
)
def test_a_reserved_taken_or_malformed_address_is_refused(community_a, editor_a, slug, message):
    count = Board.objects.count()

    with pytest.raises(ValidationError) as refused, translation.override("en"):
        create_board(editor_a, community_a, name="新版块", slug=slug)

    assert message in " ".join(refused.value.message_dict["slug"])
    assert Board.objects.count() == count


def test_the_same_address_is_fine_in_another_community(community_b, editor_b):
    board = create_board(editor_b, community_b, name="邻里互助", slug="neighbours-2")
    update_board(editor_b, board, slug="neighbours-3")
    assert Board.objects.get(pk=board.pk).slug == "neighbours-3"


def test_an_editor_of_a_cannot_touch_bs_boards(community_a, community_b, editor_a, moderator_a):
    board_b = Board.objects.filter(community=community_b).first()

    with pytest.raises(NotAllowed):
        create_board(editor_a, community_b, name="x", slug="x")
    with pytest.raises(NotAllowed):
        update_board(editor_a, board_b, name="改名")
    with pytest.raises(NotAllowed):
        archive_board(editor_a, board_b)
    # Moderators moderate content; the boards are the editors'.
    with pytest.raises(NotAllowed):
        create_board(moderator_a, community_a, name="x", slug="x")
    board_b.refresh_from_db()
    assert board_b.name != "改名" and not board_b.is_archived


def test_rename_reorder_archive_and_reopen(community_a, editor_a):
    board = Board.objects.filter(community=community_a).first()

    update_board(editor_a, board, name="邻里", description="新的说明", sort_order=9)
    archive_board(editor_a, board)
    with pytest.raises(ForumError):
        archive_board(editor_a, board)

    board.refresh_from_db()
    assert (board.name, board.description, board.sort_order, board.is_archived) == (
        "邻里",
        "新的说明",
        9,
        True,
    )
    unarchive_board(editor_a, board)
    board.refresh_from_db()
    assert not board.is_archived
    actions = set(
        ModelLogEntry.objects.filter(object_id=str(board.pk)).values_list("action", flat=True)
    )
    assert {
        "jiayuan.forum_board_update",
        "jiayuan.forum_board_archive",
        "jiayuan.forum_board_unarchive",
    } <= actions


def test_a_missing_name_is_refused(community_a, editor_a):
    with pytest.raises(ValidationError) as refused:
        create_board(editor_a, community_a, name=" ", slug="fine")
    assert "name" in refused.value.message_dict
