"""The grid worker's report form (网格员上报): their own grids only, photos cleaned, nothing
half-saved on bad input."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image

from accounts.models import Role
from communities.models import Grid
from governance.factories import CategoryFactory, dispatcher, grant, grid_worker
from governance.models import CategoryKind, Event, EventPhoto, EventSource
from governance.services import MAX_PHOTOS
from tests.conftest import (
    assert_accessible_basics,
    changed_tables,
    database_rows,
    host_of,
    shown,
)

URL = reverse("governance:grid_report")
GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def grid_a(community_a):
    return Grid.objects.create(community=community_a, code="HGS-01", name="第一网格")


@pytest.fixture
def worker(grid_a):
    return grid_worker(grid_a, display_name="网格员小王")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def jpeg_with_gps(name="IMG_0001.jpg", size=(64, 48)):
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (22.0, 32.0, 10.5), 3: "E", 4: (113.0, 55.0, 3.2)}
    out = io.BytesIO()
    Image.new("RGB", size, (90, 120, 30)).save(out, "JPEG", exif=exif)
    out.seek(0)
    out.name = name
    return out


def report(category, grid, **overrides) -> dict:
    data = {
        "grid": grid.pk,
        "category": category.pk,
        "title": "消防通道被占",
        "description": "3栋后面的消防通道停满了电动车。",
        "location": "3栋后门",
        "building": "3栋",
        "priority": "",
        "public": "on",
    }
    data.update(overrides)
    return data


def refused(client, data, community) -> str:
    """POST ``data``; a 400 with the form again, and not one row written anywhere."""
    before = database_rows()
    response = client.post(URL, data, **host_of(community))
    assert response.status_code == 400
    assert changed_tables(before, database_rows()) == {}
    return response.content.decode()


def test_a_grid_worker_reports_with_two_photos(worker, grid_a, community_a, category):
    client = client_for(worker)
    data = report(category, grid_a, photos=[jpeg_with_gps(), jpeg_with_gps("IMG_0002.jpg")])
    response = client.post(URL, data, **host_of(community_a))
    assert response.status_code == 302

    event = Event.objects.get()
    assert (event.source, event.grid, event.community) == (
        EventSource.GRID_WORKER,
        grid_a,
        community_a,
    )
    assert (event.reporter, event.category, event.title) == (worker, category, "消防通道被占")
    assert (event.location, event.building, event.is_public) == ("3栋后门", "3栋", True)
    photos = list(event.photos.all())
    assert len(photos) == 2
    for photo in photos:
        with photo.image.open("rb") as stored:
            image = Image.open(stored)
            image.load()
        assert image.format == "JPEG" and image.size == (64, 48)
        assert not image.getexif() and "exif" not in image.info
        assert photo.image.name.endswith(".jpg") and "IMG_" not in photo.image.name

    # Post/redirect/get: the form again, confirming the number with a link to the event.
    assert response["Location"] == f"{URL}?reported={event.reference}"
    page = client.get(response["Location"], **host_of(community_a)).content.decode()
    assert event.reference in page
    assert f'href="/events/{event.reference}/"' in page
    assert 'name="title"' in page and "消防通道被占" not in page  # a fresh, empty form


def test_the_page_is_accessible_and_phone_friendly(worker, grid_a, community_a, category):
    CategoryFactory(kind=CategoryKind.DISPUTE, name="邻里纠纷")
    CategoryFactory(name="停用的分类", is_active=False)
    response = client_for(worker).get(URL, **host_of(community_a))
    assert response.status_code == 200
    page = response.content.decode()
    assert_accessible_basics(page)
    assert 'enctype="multipart/form-data"' in page
    assert 'capture="environment"' in page
    assert '<input type="file" name="photos" multiple accept="image/*"' in page
    # Categories grouped by kind; inactive ones are not offered.
    assert f'<optgroup label="{shown("Dispute")}">' in page
    assert f'<optgroup label="{shown("Hazard")}">' in page
    assert "邻里纠纷" in page and "消防通道堵塞" in page and "停用的分类" not in page
    # Their only grid here is preselected.
    assert f'<option value="{grid_a.pk}" selected>第一网格</option>' in page


def test_the_confirmation_shows_only_the_workers_own_event(worker, grid_a, community_a, category):
    other = grid_worker(grid_a)
    client_for(other).post(URL, report(category, grid_a), **host_of(community_a))
    event = Event.objects.get()
    page = client_for(worker).get(f"{URL}?reported={event.reference}", **host_of(community_a))
    assert f'href="/events/{event.reference}/"' not in page.content.decode()


def test_a_resident_without_the_role_gets_a_403(community_a, resident, grid_a):
    response = client_for(resident).get(URL, **host_of(community_a))
    assert response.status_code == 403
    page = response.content.decode()
    assert_accessible_basics(page)
    assert shown("Only grid workers can report here") in page
    assert 'name="title"' not in page


def test_other_governance_staff_get_a_403(community_a, grid_a, category):
    response = client_for(dispatcher(community_a)).post(
        URL, report(category, grid_a), **host_of(community_a)
    )
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_a_grid_worker_of_another_community_gets_a_403_here(community_a, community_b, category):
    grid_b = Grid.objects.create(community=community_b, code="WX-01", name="湾厦网格")
    client = client_for(grid_worker(grid_b))
    assert client.get(URL, **host_of(community_b)).status_code == 200
    assert client.get(URL, **host_of(community_a)).status_code == 403
    response = client.post(URL, report(category, grid_b), **host_of(community_a))
    assert response.status_code == 403
    assert not Event.objects.exists()


def test_posting_a_grid_that_is_not_theirs_is_a_form_error(worker, community_a, category):
    neighbour = Grid.objects.create(community=community_a, code="HGS-02", name="第二网格")
    page = refused(client_for(worker), report(category, neighbour), community_a)
    assert shown("Choose one of your own grids.") in page
    assert "第二网格" not in page  # not even offered


def test_a_missing_title_is_refused_with_nothing_saved(worker, grid_a, community_a, category):
    page = refused(client_for(worker), report(category, grid_a, title="  "), community_a)
    assert shown("This field is required.") in page
    assert 'aria-invalid="true"' in page
    assert "3栋后面的消防通道停满了电动车。" in page  # what they typed is kept


def test_an_inactive_category_is_refused(worker, grid_a, community_a):
    retired = CategoryFactory(is_active=False)
    page = refused(client_for(worker), report(retired, grid_a), community_a)
    assert shown("Choose a category from the list.") in page


def test_more_photos_than_allowed_are_refused(worker, grid_a, community_a, category):
    photos = [jpeg_with_gps(f"IMG_{n}.jpg") for n in range(MAX_PHOTOS + 1)]
    page = refused(client_for(worker), report(category, grid_a, photos=photos), community_a)
    assert shown("Attach at most %(count)d photos.", count=MAX_PHOTOS) in page
    assert not EventPhoto.objects.exists()


def test_a_file_that_is_not_a_photo_is_refused_by_name(worker, grid_a, community_a, category):
    fake = io.BytesIO(b"just some notes, not a photo\n" * 10)
    fake.name = "notes.jpg"
    data = report(category, grid_a, photos=[jpeg_with_gps(), fake])
    page = refused(client_for(worker), data, community_a)
    assert "notes.jpg" in page
    assert "IMG_0001.jpg" not in page  # the good photo is fine, but must be attached again
    assert shown("Attach your photos again: they are not kept while the form has errors.") in page
    assert shown("Only photos (JPEG, PNG, WebP, HEIC) can be attached.") in page


def test_anonymous_visitors_are_sent_to_sign_in(community_a, grid_a):
    response = Client().get(URL, **host_of(community_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_the_city_portal_has_no_report_form(worker):
    response = client_for(worker).get(URL, HTTP_HOST="localhost")
    assert response.status_code == 404


def test_a_worker_with_two_grids_here_chooses_one(grid_a, community_a, category):
    second = Grid.objects.create(community=community_a, code="HGS-03", name="第三网格")
    user = grid_worker(grid_a)
    grant(user, Role.GRID_WORKER, grid=second)
    client = client_for(user)
    page = client.get(URL, **host_of(community_a)).content.decode()
    assert f'<option value="{grid_a.pk}">第一网格</option>' in page
    assert f'<option value="{second.pk}">第三网格</option>' in page
    page = refused(client, {**report(category, grid_a), "grid": ""}, community_a)
    assert shown("This field is required.") in page
    response = client.post(URL, report(category, second), **host_of(community_a))
    assert response.status_code == 302
    assert Event.objects.get().grid == second
