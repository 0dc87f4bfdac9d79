"""Forum boards in the admin (版块管理): a community's editors manage their own boards only."""

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from wagtail.models import ModelLogEntry

from forums.models import Board
from tests.conftest import english_admin_client as client_for


def en(text: str) -> str:
    with translation.override("en"):
        return escape(text)


def board_of(community) -> Board:
    return Board.objects.filter(community=community).order_by("sort_order").first()


def edit_data(board: Board, **changes) -> dict:
    data = {
        "name": board.name,
        "slug": board.slug,
        "description": board.description,
        "sort_order": board.sort_order,
    }
    if board.is_archived:
        data["is_archived"] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_list_shows_only_the_editors_boards(editor_a, community_a, community_b):
    b_board = board_of(community_b)
    Board.objects.filter(pk=b_board.pk).update(name="湾厦专属版块")

    response = client_for(editor_a).get(reverse("forum_boards:index"))

    assert response.status_code == 200
    html = response.content.decode()
    assert board_of(community_a).name in html and "湾厦专属版块" not in html


def test_an_editor_adds_a_board_in_their_community(editor_a, community_a):
    response = client_for(editor_a).post(
        reverse("forum_boards:add"),
        {"community": community_a.pk, "name": "加装电梯", "slug": "elevators", "description": ""},
    )

    assert response.status_code == 302
    board = Board.objects.get(slug="elevators")
    assert board.community == community_a and board.name == "加装电梯"
    assert ModelLogEntry.objects.filter(action="jiayuan.forum_board_create").exists()


def test_an_editor_cannot_add_a_board_to_another_community(editor_a, community_b):
    count = Board.objects.count()

    response = client_for(editor_a).post(
        reverse("forum_boards:add"),
        {"community": community_b.pk, "name": "越权", "slug": "intrusion"},
    )

    assert response.status_code in (200, 400)
    assert Board.objects.count() == count


@pytest.mark.parametrize(
    ("slug", "message"),
    [
        ("reply", "“reply” is used by the forum itself; choose another address."),
        ("affairs", "Another board of this forum already has the address “affairs”."),
    ],
)
def test_a_reserved_or_taken_address_gets_a_clear_message(editor_a, community_a, slug, message):
    count = Board.objects.count()

    response = client_for(editor_a).post(
        reverse("forum_boards:add"), {"community": community_a.pk, "name": "新版块", "slug": slug}
    )

    assert response.status_code in (200, 400)
    assert en(message) in response.content.decode()
    assert Board.objects.count() == count


def test_rename_reorder_and_archive(editor_a, community_a):
    board = board_of(community_a)
    client = client_for(editor_a)
    url = reverse("forum_boards:edit", args=[board.pk])
    assert client.get(url).status_code == 200

    response = client.post(
        url, edit_data(board, name="邻里之间", sort_order=7, description="说明", is_archived="on")
    )

    assert response.status_code == 302
    board.refresh_from_db()
    assert (board.name, board.sort_order, board.description) == ("邻里之间", 7, "说明")
    assert board.is_archived
    actions = set(ModelLogEntry.objects.values_list("action", flat=True))
    assert {"jiayuan.forum_board_update", "jiayuan.forum_board_archive"} <= actions

    client.post(url, edit_data(board, is_archived=None) | {"is_archived": ""})
    board.refresh_from_db()
    assert not board.is_archived


def test_renaming_to_a_reserved_address_is_refused(editor_a, community_a):
    board = board_of(community_a)
    client = client_for(editor_a)

    response = client.post(
        reverse("forum_boards:edit", args=[board.pk]), edit_data(board, slug="follow", name="新名")
    )

    assert en("“follow” is used by the forum itself; choose another address.") in (
        response.content.decode()
    )
    board.refresh_from_db()
    assert board.slug != "follow" and board.name != "新名"


def test_another_communitys_board_is_not_found(editor_a, community_b):
    board = board_of(community_b)
    client = client_for(editor_a)
    url = reverse("forum_boards:edit", args=[board.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, edit_data(board, name="改名")).status_code == 404
    assert client.get(reverse("forum_boards:history", args=[board.pk])).status_code == 404
    board.refresh_from_db()
    assert board.name != "改名"


def test_moderators_do_not_manage_boards(moderator_a, community_a):
    client = client_for(moderator_a)

    assert client.get(reverse("forum_boards:index")).status_code == 403
    assert client.get(reverse("forum_boards:add")).status_code == 403
    edit = reverse("forum_boards:edit", args=[board_of(community_a).pk])
    assert client.get(edit).status_code in (403, 404)


def test_a_city_administrator_manages_every_communitys_boards(city_admin, community_b):
    board = board_of(community_b)

    response = client_for(city_admin).post(
        reverse("forum_boards:edit", args=[board.pk]), edit_data(board, name="湾厦邻里")
    )

    assert response.status_code == 302
    board.refresh_from_db()
    assert board.name == "湾厦邻里"
