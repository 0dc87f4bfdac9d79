"""Fixtures shared by the whole suite. Data comes from factories and the real services."""

import gettext
import itertools
import re
import runpy
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import translation
from django.utils.html import escape
from wagtail.users.models import UserProfile

from accounts.factories import UserFactory
from communities.factories import CommunityFactory, DistrictFactory
from portal.services import ensure_portal

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    # `make install` compiles locale/*.po; do it here too, so a bare `pytest` on a fresh clone
    # tests the Chinese UI rather than silently falling back to the English msgids.
    runpy.run_path(str(ROOT / "scripts" / "compile_catalogues.py"))["main"]()
    from django.utils.translation import trans_real

    # Django may have loaded the catalogues already (app loading): start from the new files.
    gettext._translations.clear()
    trans_real._translations = {}
    trans_real._default = None


@pytest.fixture(autouse=True)
def _clear_cache():
    # The cache outlives each test's rolled-back transaction; Wagtail keeps site root paths
    # in it, so a stale list would point at sites that no longer exist.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    # LocaleMiddleware leaves the last request's language active in the thread: after a test
    # that asked for /en/, reverse() in the next one would add /en/ to every URL.
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def portal(db):
    return ensure_portal()


@pytest.fixture
def district(db):
    return DistrictFactory(name="南山区", code="440305")


@pytest.fixture
def make_community(portal, district):
    def make(**kwargs):
        kwargs.setdefault("district", district.name)
        return CommunityFactory(**kwargs)

    return make


@pytest.fixture
def community_a(make_community):
    return make_community(subdistrict="招商街道", name="花果山社区", slug="nanshan-zhaoshang-hgs")


@pytest.fixture
def community_b(make_community):
    return make_community(subdistrict="蛇口街道", name="湾厦社区", slug="nanshan-shekou-wanxia")


@pytest.fixture
def editor_a(community_a):
    user = UserFactory(username="editor-a")
    user.groups.add(community_a.editors_group)
    return user


@pytest.fixture
def moderator_a(community_a):
    user = UserFactory(username="moderator-a")
    user.groups.add(community_a.moderators_group)
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_superuser=True, is_staff=True)


def host_of(community) -> dict:
    """Keyword arguments that make the test client talk to a community's site."""
    return {"HTTP_HOST": community.hostname}


def database_rows() -> dict[str, list[dict]]:
    """Every row of every table, by model label: proof that an operation wrote nothing.

    Comparing whole rows, not only counts, also catches an update (a new latest_revision,
    a touched timestamp) where nothing should have changed.
    """
    from django.apps import apps

    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }


def changed_tables(before: dict[str, list[dict]], after: dict[str, list[dict]]) -> dict:
    """Model label → (rows before, rows after) for each table whose rows differ."""
    return {
        label: (len(before.get(label, [])), len(rows))
        for label, rows in after.items()
        if before.get(label) != rows
    }


class _PageOutline(HTMLParser):
    """What the accessibility basics are checked on: one pass over a rendered page."""

    def __init__(self) -> None:
        super().__init__()
        self.html_lang = ""
        self.headings: list[int] = []
        self.ids: list[str] = []
        self.labels_for: set[str] = set()
        self.fields: list[dict] = []
        self.images: list[dict] = []
        self.landmarks: list[str] = []
        self.assets: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attr = {name: value or "" for name, value in attrs}
        if "id" in attr:
            self.ids.append(attr["id"])
        if tag == "html":
            self.html_lang = attr.get("lang", "")
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "label" and "for" in attr:
            self.labels_for.add(attr["for"])
        elif tag in ("input", "select", "textarea") and attr.get("type") not in (
            "hidden",
            "submit",
        ):
            self.fields.append(attr)
        elif tag == "img":
            self.images.append(attr)
        elif tag in ("main", "header", "footer", "nav"):
            self.landmarks.append(tag)
        if tag in ("script", "img", "iframe") and attr.get("src"):
            self.assets.append(attr["src"])
        if tag == "link" and attr.get("href"):
            self.assets.append(attr["href"] if attr.get("rel") == "stylesheet" else "")
        if tag == "a" and attr.get("href"):
            self.links.append(attr["href"])


def assert_accessible_basics(html: str) -> None:
    """Language, landmarks, skip link, heading order, labels, alt texts, no third-party assets.

    The baseline every page keeps; the full audit (axe-core) runs in the browser tests.
    """
    page = _PageOutline()
    page.feed(html)
    assert page.html_lang in ("zh-Hans", "en"), page.html_lang
    assert page.landmarks.count("main") == 1, page.landmarks
    assert {"header", "footer"} <= set(page.landmarks), page.landmarks
    assert page.links and page.links[0] == "#main" and "main" in page.ids, "skip link"
    assert page.headings.count(1) == 1, f"one h1, got {page.headings}"
    assert page.headings[0] == 1, page.headings
    for before, after in itertools.pairwise(page.headings):
        assert after <= before + 1, f"heading level skipped: {page.headings}"
    duplicates = {i for i in page.ids if page.ids.count(i) > 1}
    assert not duplicates, duplicates
    for field in page.fields:
        labelled = field.get("id") in page.labels_for or field.get("aria-label")
        assert labelled, f"unlabelled field {field}"
    for image in page.images:
        assert "alt" in image, f"image without alt: {image}"
    third_party = [a for a in page.assets if urlsplit(a).netloc]
    assert not third_party, f"third-party assets: {third_party}"


def assert_page_queries(client, assert_num_queries, path, warm, info, **request) -> str:
    """Request ``path`` with Wagtail's site root paths cold (``warm`` + 1 queries: the
    one-query rebuild) and then warm (``warm`` queries); returns the warm response's body.

    Requested once first, so process-wide caches (content types, locales) are not counted.
    """
    from wagtail.models import Site

    assert client.get(path, **request).status_code == 200
    Site.clear_site_root_paths_cache()
    with assert_num_queries(warm + 1, info=f"{info}, cold"):
        response = client.get(path, **request)
    assert response.status_code == 200
    with assert_num_queries(warm, info=f"{info}, warm"):
        response = client.get(path, **request)
    assert response.status_code == 200
    return response.content.decode()


def said(msgid: str, **params) -> str:
    """``msgid`` as a resident reads it: in Chinese (the default language) when translated.

    Pages outside the language prefix (accounts, admin) speak the default language, so tests
    look expected text up in the catalogue and keep passing once a string is translated.
    """
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.gettext(msgid)
    return text % params if params else text


def said_plural(singular: str, plural: str, number: int, **params) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        text = translation.ngettext(singular, plural, number)
    return text % params if params else text


def shown(msgid: str, **params) -> str:
    """``msgid`` as it appears in a page's HTML."""
    return escape(said(msgid, **params))


def shown_plural(singular: str, plural: str, number: int, **params) -> str:
    """An ``ngettext`` message as it appears in a page's HTML."""
    return escape(said_plural(singular, plural, number, **params))


def english_admin_client(user) -> Client:
    """A test client signed in as ``user``, whose admin speaks English (their profile's
    preferred language): admin tests compare the English text."""
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    client = Client()
    client.force_login(user)
    return client
