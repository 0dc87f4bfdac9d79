"""No public page of any community shows a person's phone number, real name, ID number,
address or email, to visitors or to other signed-in users, whatever the person posted."""

import pytest
from django.conf import settings
from django.contrib.sites.models import Site
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation
from django_comments_xtd.models import XtdComment

from accounts.factories import UserFactory
from accounts.models import Residency, ResidencyStatus
from communities.factories import NewsPageFactory
from tests.conftest import host_of

# Not the 138 1234 5678 that forms give as an example.
PHONE_FORMS = ("+8615012349876", "15012349876", "150 1234 9876", "150-1234-9876")
REAL_NAME = "欧阳小明"
ID_NUMBER = "11010519491231002X"
ADDRESS = "招商街道花果山小区3栋1203"
EMAIL = "xiaoming.ouyang@example.invalid"
SECRETS = (*PHONE_FORMS, REAL_NAME, ID_NUMBER, ADDRESS, EMAIL)


@pytest.fixture
def person(community_a):
    user = UserFactory(
        # A username that is the phone number: nothing public may fall back to the username.
        username="15012349876",
        display_name="花果山老王",
        real_name=REAL_NAME,
        first_name="小明",
        last_name="欧阳",
        phone="+8615012349876",
        phone_verified=True,
        id_number=ID_NUMBER,
        address=ADDRESS,
        email=EMAIL,
    )
    Residency.objects.create(
        user=user, community=community_a, building="3栋", unit="1203",
        status=ResidencyStatus.APPROVED,
    )  # fmt: skip
    return user


@pytest.fixture
def news_pages(community_a, community_b):
    pages = []
    for community in (community_a, community_b):
        index = community.site.root_page.get_children().get(slug="news")
        pages.append(NewsPageFactory(parent=index, title="楼道灯维修通知", slug="lights"))
    return pages


@pytest.fixture
def comment(person, news_pages):
    return XtdComment.objects.create(
        content_object=news_pages[0],
        site=Site.objects.get(pk=1),
        user=person,
        user_name=REAL_NAME,  # what django_comments copies from a user with a full name
        user_email=EMAIL,
        comment="三楼的灯还是不亮。",
        submit_date=timezone.now(),
    )


def public_urls(community_a, community_b, news_pages) -> list[tuple[dict, str]]:
    urls = []
    for community in (community_a, community_b):
        host = host_of(community)
        for path in ("/", "/news/", "/about/", "/en/"):
            urls.append((host, path))
        urls.append((host, reverse("account_signup")))
        urls.append((host, reverse("account_login")))
        urls.append((host, reverse("privacy_policy")))
    for page in news_pages:
        _site_id, _root, path = page.get_url_parts()
        urls.append(({"HTTP_HOST": page.get_site().hostname}, path))
    portal = {"HTTP_HOST": settings.PORTAL_DOMAIN}
    urls.append((portal, "/"))
    urls.append((portal, reverse("find_community") + "?q=花果山"))
    urls.append((portal, reverse("privacy_policy")))
    return urls


def assert_no_secrets(client, urls) -> int:
    pages = 0
    for host, path in urls:
        response = client.get(path, **host)
        assert response.status_code in (200, 302), (path, response.status_code)
        html = response.content.decode()
        for secret in SECRETS:
            assert secret not in html, (host, path, secret)
        pages += response.status_code == 200
    return pages


def test_visitors_never_see_personal_information(
    client, community_a, community_b, news_pages, person, comment
):
    urls = public_urls(community_a, community_b, news_pages)
    assert assert_no_secrets(client, urls) == len(urls)


def test_signed_in_neighbours_never_see_personal_information(
    client, community_a, community_b, news_pages, person, comment
):
    neighbour = UserFactory(username="neighbour", display_name="邻居")
    Residency.objects.create(
        user=neighbour, community=community_a, building="5栋", unit="501",
        status=ResidencyStatus.APPROVED,
    )  # fmt: skip
    client.force_login(neighbour)
    urls = public_urls(community_a, community_b, news_pages)
    # Sign-up and login send a signed-in user on; every other page is served.
    assert assert_no_secrets(client, urls) >= len(urls) - 4


def test_the_author_tag_shows_the_display_name_and_badge_only(person, community_a, community_b):
    template = Template("{% load accounts_tags %}{% author user community %}")
    with translation.override("en"):
        in_a = template.render(Context({"user": person, "community": community_a}))
        in_b = template.render(Context({"user": person, "community": community_b}))
        person.display_name = ""
        nameless = template.render(Context({"user": person, "community": community_a}))
    assert "花果山老王" in in_a and "Verified resident" in in_a
    assert "花果山老王" in in_b and "Verified resident" not in in_b
    assert f"Resident {person.pk}" in nameless
    for html in (in_a, in_b, nameless):
        for secret in SECRETS:
            assert secret not in html


def test_the_comment_names_its_author_publicly_by_display_name_only(comment):
    # django_comments' own ``name`` falls back to the user's full name (real name): public
    # templates must use ``comment.user.public_name``, which is what this pins.
    assert comment.user.public_name == "花果山老王"
    assert REAL_NAME not in comment.user.public_name
