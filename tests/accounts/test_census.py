"""Census lists (人口登记名单): imported whole or not at all, stored only as keyed hashes, and
approving the requests whose phone they list. Driven through the admin's import page."""

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from accounts.factories import UserFactory
from accounts.models import CensusEntry, Residency, ResidencyStatus
from accounts.services import census
from accounts.services.census import (
    CENSUS_IMPORT_ACTION,
    census_hash,
    dwelling_hash,
    import_census,
)
from accounts.services.residency import request_residency
from tests.conftest import changed_tables, database_rows

HEADER = "phone,building,unit\n"
GOOD = HEADER + "13812345678,3栋,1203\n139 1234 5678,5栋,101\n"


@pytest.fixture
def editor(editor_a):
    profile = UserProfile.get_for_user(editor_a)
    profile.preferred_language = "en"  # the messages are checked in English
    profile.save()
    client = Client()
    client.force_login(editor_a)
    return client


def upload(client, community, data: bytes | str, name: str = "census.csv"):
    if isinstance(data, str):
        data = data.encode("utf-8")
    file = io.BytesIO(data)
    file.name = name
    return client.post(
        reverse("residency_requests:census", args=[community.pk]), {"csv_file": file}
    )


def rejected(client, community, data) -> str:
    """Upload a file that must be refused: a 400 page naming the problem, nothing written."""
    before = database_rows()
    response = upload(client, community, data)
    assert response.status_code == 400
    assert changed_tables(before, database_rows()) == {}
    return response.content.decode()


def csv_file(text: str, encoding: str = "utf-8") -> io.BytesIO:
    return io.BytesIO(text.encode(encoding))


# Hashing -----------------------------------------------------------------------------------


def test_phone_hash_is_a_keyed_hmac():
    digest = census_hash("+8613812345678")
    assert len(digest) == 64 and "13812345678" not in digest
    assert digest == census_hash("+8613812345678")
    with override_settings(CENSUS_HASH_KEY="another-key"):
        assert census_hash("+8613812345678") != digest
    with override_settings(CENSUS_HASH_KEY=""):
        assert census_hash("+8613812345678") == digest  # falls back to SECRET_KEY


def test_dwelling_hash_ignores_spacing_and_width():
    assert dwelling_hash(" ３栋 ", "12  03") == dwelling_hash("3栋", "12 03")
    assert dwelling_hash("3栋", "1203") != dwelling_hash("3栋", "1204")


# Importing ---------------------------------------------------------------------------------


def test_import_stores_hashes_only_and_logs_counts(editor, editor_a, community_a):
    response = upload(editor, community_a, GOOD)
    assert response.status_code == 302
    page = editor.get(response["Location"]).content.decode()
    assert "Imported 2 rows for 花果山社区 (replacing 0)" in page
    hashes = set(
        CensusEntry.objects.filter(community=community_a).values_list("phone_hash", flat=True)
    )
    assert hashes == {census_hash("+8613812345678"), census_hash("+8613912345678")}
    # Only the stored text: a timestamp's microseconds could spell "1203" by chance.
    everything = repr(
        [v for rows in database_rows().values() for row in rows for v in row.values()
         if isinstance(v, str)]
    )  # fmt: skip
    for clear in ("13812345678", "13912345678", "1203"):
        assert clear not in everything
    entry = ModelLogEntry.objects.get(action=CENSUS_IMPORT_ACTION)
    assert entry.user == editor_a
    assert entry.data == {"rows": 2, "approved": 0, "replaced": 0}


def test_a_new_import_replaces_the_list(editor, community_a):
    upload(editor, community_a, GOOD)
    assert upload(editor, community_a, HEADER + "13700001111,1栋,1\n").status_code == 302
    assert list(
        CensusEntry.objects.filter(community=community_a).values_list("phone_hash", flat=True)
    ) == [census_hash("+8613700001111")]


def test_bad_rows_are_all_named_and_nothing_is_imported(editor, community_a):
    upload(editor, community_a, GOOD)  # an existing list stays as it was
    page = rejected(
        editor,
        community_a,
        HEADER
        + "13812345678,3栋,1203\n"  # row 2: fine
        + "12345,3栋,1203\n"  # row 3
        + "+1 202 555 0143,3栋,1\n"  # row 4: not mainland
        + "13912345678,,101\n"  # row 5
        + "13700001111,1栋,\n"  # row 6
        + "138 1234 5678,2栋,1\n"  # row 7: repeats row 2
        + ",2栋,1\n"  # row 8
        + f"13600001111,{'栋' * 41},1\n",  # row 9
    )
    for problem in (
        "row 3: not a mainland mobile number",
        "row 4: not a mainland mobile number",
        "row 5: building is empty",
        "row 6: unit is empty",
        "row 7: the same phone number as row 2",
        "row 8: phone is empty",
        "row 9: building is longer than 40 characters",
    ):
        assert problem in page, problem
    assert "row 2:" not in page
    assert "Nothing was imported: 7 rows need correcting." in page


@pytest.mark.parametrize(
    "text",
    [
        "mobile,address\n13812345678,3栋1203\n",
        "13812345678,3栋,1203\n",  # no header at all
    ],
)
def test_a_file_without_the_columns_is_refused(editor, community_a, text):
    page = rejected(editor, community_a, text)
    assert "The first row must name the columns" in page


def test_gbk_file_from_excel_with_chinese_headers(editor, community_a):
    text = "手机号,楼栋,单元/房号\r\n13812345678,海景花园3栋,1203\r\n"
    assert upload(editor, community_a, text.encode("gbk")).status_code == 302
    assert CensusEntry.objects.get(community=community_a).phone_hash == census_hash(
        "+8613812345678"
    )


def test_utf8_file_with_bom(editor, community_a):
    assert upload(editor, community_a, ("\ufeff" + GOOD).encode("utf-8")).status_code == 302
    assert CensusEntry.objects.filter(community=community_a).count() == 2


def test_a_file_that_is_not_text_is_refused(editor, community_a):
    page = rejected(editor, community_a, b"\x89PNG\r\n\x1a\n\xff\xfe\xfd" * 10)
    assert "not a text CSV file" in page


def test_an_oversized_file_is_refused(editor, community_a):
    rows = "13812345678,3栋,1203\n" * (2 * 1024 * 1024 // 20)
    page = rejected(editor, community_a, HEADER + rows)
    assert "larger than 2 MB" in page


def test_too_many_rows_are_refused(editor, community_a, monkeypatch):
    monkeypatch.setattr(census, "MAX_CENSUS_ROWS", 3)
    rows = "".join(f"1381234{n:04d},3栋,{n}\n" for n in range(4))
    page = rejected(editor, community_a, HEADER + rows)
    assert "more than 3 rows" in page


def test_empty_file_is_refused(editor, community_a):
    assert "The submitted file is empty." in rejected(editor, community_a, "")
    assert "no rows" in rejected(editor, community_a, HEADER + "\n,,\n")


def test_only_the_communitys_editors_import(editor_a, community_a, community_b):
    client = Client()
    client.force_login(editor_a)
    before = database_rows()
    assert upload(client, community_b, GOOD).status_code == 404
    assert changed_tables(before, database_rows()) == {}
    with pytest.raises(PermissionDenied):
        import_census(editor_a, community_b, csv_file(GOOD))


def test_service_error_names_the_rows(editor_a, community_a):
    with pytest.raises(ValidationError) as raised, translation.override("en"):
        import_census(editor_a, community_a, csv_file(HEADER + "1,3栋,1\n13812345678,3栋,\n"))
    assert raised.value.messages == [
        "Nothing was imported: 2 rows need correcting. row 2: not a mainland mobile number; "
        "row 3: unit is empty"
    ]
    assert not CensusEntry.objects.exists()


# Approving from the list -------------------------------------------------------------------


def test_import_approves_only_matching_verified_phones(editor_a, community_a, community_b):
    on_list = UserFactory(phone="+8613812345678", phone_verified=True)
    unverified = UserFactory(phone="+8613912345678", phone_verified=False)
    not_listed = UserFactory(phone="+8613700001111", phone_verified=True)
    elsewhere = UserFactory(phone="+8613600001111", phone_verified=True)
    for user in (on_list, unverified, not_listed):
        request_residency(user, community_a, building="3栋", unit="1")
    request_residency(elsewhere, community_b, building="3栋", unit="1")
    text = HEADER + "13812345678,3栋,1\n13912345678,3栋,2\n13600001111,3栋,3\n"
    result = import_census(editor_a, community_a, csv_file(text))
    assert (result.rows_imported, result.requests_approved) == (3, 1)
    status = dict(Residency.objects.values_list("user_id", "status"))
    assert status == {
        on_list.pk: ResidencyStatus.APPROVED,
        unverified.pk: ResidencyStatus.PENDING,
        not_listed.pk: ResidencyStatus.PENDING,
        elsewhere.pk: ResidencyStatus.PENDING,
    }
    approved = Residency.objects.get(user=on_list)
    assert approved.approved_by_census and approved.decided_by == editor_a
    assert on_list.notifications.filter(kind="residency").count() == 1


def test_census_approval_ends_a_residency_elsewhere(editor_a, community_a, community_b, superuser):
    mover = UserFactory(phone="+8613812345678", phone_verified=True)
    from accounts.services.residency import approve_residency

    old = approve_residency(
        superuser, request_residency(mover, community_b, building="1栋", unit="1")
    )
    new = request_residency(mover, community_a, building="3栋", unit="1203")
    import_census(editor_a, community_a, csv_file(GOOD))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (ResidencyStatus.ENDED, ResidencyStatus.APPROVED)


def test_census_page_is_reached_from_the_requests_list(editor, community_a, superuser, community_b):
    index = reverse("residency_requests:census_index")
    assert index in editor.get(reverse("residency_requests:index")).content.decode()
    response = editor.get(index)
    assert response["Location"] == reverse("residency_requests:census", args=[community_a.pk])
    page = editor.get(response["Location"]).content.decode()
    assert "The census list of 花果山社区 has 0 entries." in page
    admin = Client()
    admin.force_login(superuser)
    listing = admin.get(index, {"q": "湾厦"}).content.decode()
    assert reverse("residency_requests:census", args=[community_b.pk]) in listing
    assert reverse("residency_requests:census", args=[community_a.pk]) not in listing
