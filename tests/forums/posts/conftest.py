"""Fixtures of the posts (我有话说) tests: the work network's cast for community_a, its
building 3栋 in a grid, photos, and the column's URLs."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from PIL import Image

from communities.models import Building, Community, Grid
from forums.models import Post
from governance.factories import CategoryFactory, DepartmentFactory, dispatcher, handler
from tests.forums.conftest import route_url, say_page

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def department(db):
    return DepartmentFactory(code="urban-management", name="城市管理和综合执法局")


@pytest.fixture
def category(department):
    return CategoryFactory(code="h-fire-lane", name="消防通道堵塞", department=department)


@pytest.fixture
def grid_a(community_a) -> Grid:
    return Grid.objects.create(community=community_a, code="HGS-03", name="第三网格")


@pytest.fixture
def building_3(community_a, grid_a) -> Building:
    """Building 3栋 of community_a, in grid_a: a complaint about it is routed there."""
    return Building.objects.create(community=community_a, grid=grid_a, name="3栋")


@pytest.fixture
def dispatcher_a(community_a):
    return dispatcher(community_a, display_name="调度员")


@pytest.fixture
def handler_a(department, community_a):
    return handler(department, community_a, display_name="处置员")


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def list_url(community: Community) -> str:
    return route_url(say_page(community), "posts")


def new_url(community: Community) -> str:
    return route_url(say_page(community), "post_create")


def post_url(post: Post, action: str = "") -> str:
    """The post's page, or one of its POST routes ("answer", "convert", "feedback")."""
    return route_url(say_page(post.community), action or "post", post_id=post.pk)


def jpeg_with_gps(name: str = "IMG_0001.jpg", size: tuple[int, int] = (64, 48)) -> io.BytesIO:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif[GPS_IFD] = {1: "N", 2: (22.0, 32.0, 10.5), 3: "E", 4: (113.0, 55.0, 3.2)}
    out = io.BytesIO()
    Image.new("RGB", size, (90, 120, 30)).save(out, "JPEG", exif=exif)
    out.seek(0)
    out.name = name
    return out


def complaint(category, /, **overrides) -> dict:
    """The form data of a complaint about building 3栋."""
    data = {
        "kind": "complaint",
        "category": category.pk,
        "title": "3栋消防通道被占",
        "body": "3栋后面的消防通道停满了电动车，已经好几天了。",
        "building": "3栋",
        "location": "3栋后门",
        "public": "on",
    }
    data.update(overrides)
    return data
