"""A complaint and its governance event are saved together or not at all; bad input is a 400
with a clear message, and writes nothing — not a row, not a photo file."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from forums.models import Post, PostKind, PostPhoto
from forums.services.posts import convert_to_complaint, submit_post
from governance.models import Event
from governance.services import MAX_PHOTOS
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    host_of,
    shown,
)
from tests.forums.posts.conftest import client_for, complaint, jpeg_with_gps, new_url

pytestmark = pytest.mark.django_db


def files_in(root) -> list:
    return [p for p in root.rglob("*") if p.is_file()]


class Boom(RuntimeError):
    pass


def boom(*args, **kwargs):
    raise Boom("the database went away")


@pytest.mark.parametrize("target", ["next_reference", "route"])
def test_a_failure_while_reporting_the_event_saves_no_post(
    monkeypatch, tmp_path, community_a, resident_a, category, building_3, target
):
    monkeypatch.setattr(f"governance.services.reporting.{target}", boom)
    client = client_for(resident_a)
    before = database_rows()
    with pytest.raises(Boom):
        client.post(
            new_url(community_a), complaint(category, photos=[jpeg_with_gps()]),
            **host_of(community_a),
        )  # fmt: skip
    assert changed_tables(before, database_rows()) == {}
    assert not Post.objects.exists() and not PostPhoto.objects.exists()
    assert not Event.objects.exists()
    assert files_in(tmp_path) == []


def test_a_failure_saving_the_post_after_the_event_leaves_no_event(
    monkeypatch, tmp_path, community_a, resident_a, category, building_3
):
    # The event (with its photo file) is written first; then the post's photo fails.
    monkeypatch.setattr(PostPhoto, "save", boom)
    client = client_for(resident_a)
    before = database_rows()
    with pytest.raises(Boom):
        client.post(
            new_url(community_a), complaint(category, photos=[jpeg_with_gps()]),
            **host_of(community_a),
        )  # fmt: skip
    assert changed_tables(before, database_rows()) == {}
    assert not Event.objects.exists() and not Post.objects.exists()
    assert files_in(tmp_path) == []  # neither the event's nor the post's copy of the photo


def test_a_failure_saving_the_post_itself_leaves_no_event(
    monkeypatch, community_a, resident_a, category
):
    monkeypatch.setattr(Post, "save", boom)
    before = database_rows()
    with pytest.raises(Boom):
        submit_post(
            resident_a, community_a, kind=PostKind.COMPLAINT, title="楼道堆物",
            body="3栋楼道堆满纸箱", category=category,
        )  # fmt: skip
    assert changed_tables(before, database_rows()) == {}


def test_a_failed_conversion_leaves_the_question_as_it_was(
    monkeypatch, community_a, editor_a, resident_a, category
):
    question = submit_post(
        resident_a, community_a, kind=PostKind.CONSULTATION, title="充电桩归谁管？",
        body="小区充电桩坏了找谁？",
    )  # fmt: skip
    monkeypatch.setattr("governance.services.reporting.next_reference", boom)
    before = database_rows()
    with pytest.raises(Boom):
        convert_to_complaint(editor_a, question, category)
    assert changed_tables(before, database_rows()) == {}
    question.refresh_from_db()
    assert question.kind == PostKind.CONSULTATION and question.event is None


def not_a_photo():
    return SimpleUploadedFile("evil.jpg", b"<svg onload=alert(1)></svg>", "image/jpeg")


BAD_INPUT = {
    "no category for a complaint": (
        {"category": ""},
        "Choose a category: it decides which department handles the complaint.",
    ),
    "empty title": ({"title": "  "}, "This field is required."),
    "title too long": ({"title": "长" * 121}, None),
    "empty text": ({"body": ""}, "This field is required."),
    "text too long": ({"body": "长" * 4001}, None),
    "unknown kind": ({"kind": "rumour"}, "Choose what kind of post this is."),
    "no kind": ({"kind": ""}, "Choose what kind of post this is."),
    "unknown category": ({"category": "999999"}, "Choose a category from the list."),
    "too many photos": (
        {"photos": [jpeg_with_gps(f"IMG_{n}.jpg") for n in range(MAX_PHOTOS + 1)]},
        "Attach at most %(count)d photos.",
    ),
    "a file that is not a photo": (
        {"photos": [jpeg_with_gps(), not_a_photo()]},
        "Only photos (JPEG, PNG, WebP, HEIC) can be attached.",
    ),
    "building too long": ({"building": "栋" * 41}, None),
}


@pytest.mark.parametrize("case", BAD_INPUT, ids=list(BAD_INPUT))
def test_bad_input_is_a_400_with_the_reason_and_saves_nothing(
    case, tmp_path, community_a, resident_a, category
):
    changes, message = BAD_INPUT[case]
    data = complaint(category, **changes)
    for photo in data.get("photos", []):
        photo.seek(0)
    client = client_for(resident_a)
    before = database_rows()
    response = client.post(new_url(community_a), data, **host_of(community_a))
    assert response.status_code == 400
    html = response.content.decode()
    assert changed_tables(before, database_rows()) == {}
    assert files_in(tmp_path) == []
    assert shown("Nothing has been posted yet. Please correct the following:") in html
    if message:
        params = {"count": MAX_PHOTOS} if "%(count)d" in message else {}
        assert shown(message, **params) in html
    if "photos" in changes:
        assert (
            shown("Attach your photos again: they are not kept while the form has errors.") in html
        )
    assert data["title"].strip()[:20] in html or not data["title"].strip()  # what was typed stays
    assert_accessible_basics(html)


def test_the_category_is_needed_only_for_a_complaint(community_a, resident_a):
    client = client_for(resident_a)
    data = {"kind": "suggestion", "title": "增设充电桩", "body": "建议在3栋旁增设充电桩。",
            "public": "on", "category": ""}  # fmt: skip
    response = client.post(new_url(community_a), data, **host_of(community_a))
    assert response.status_code == 302
    post = Post.objects.get()
    assert post.kind == PostKind.SUGGESTION and post.event is None
    assert not Event.objects.exists()


def test_a_service_refusal_of_bad_input_names_the_fields(community_a, resident_a, category):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as refused:
        submit_post(resident_a, community_a, kind=PostKind.COMPLAINT, title="", body="x",
                    photos=[object()] * (MAX_PHOTOS + 1))  # fmt: skip
    assert set(refused.value.error_dict) == {"title", "category", "photos"}
    assert not Post.objects.exists()
