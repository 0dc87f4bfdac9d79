"""``{% author user community %}``: the public name and the verified-resident badge, with no
personal information and no query per author in a list."""

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.factories import UserFactory
from accounts.services.residency import (
    approve_residency,
    request_residency,
    verified_resident_ids,
)

ONE = Template("{% load accounts_tags %}{% author person community %}")
LIST = Template(
    "{% load accounts_tags %}{% for person in people %}"
    "<p>{% author person community verified_ids %}</p>{% endfor %}"
)


def render(template: Template, **context) -> str:
    with translation.override("en"):
        return template.render(Context(context))


@pytest.fixture
def verified(community_a, editor_a):
    user = UserFactory(
        display_name="老王", real_name="王建国", phone="+8613812345678", phone_verified=True
    )
    approve_residency(editor_a, request_residency(user, community_a, building="3栋", unit="1"))
    return user


def test_verified_resident_carries_a_text_badge(verified, community_a):
    html = render(ONE, person=verified, community=community_a)
    assert "老王" in html
    assert "Verified resident" in html  # words, not only a colour or an icon
    assert '<span aria-hidden="true">✓</span>' in html
    for private in ("王建国", "13812345678", "138****5678"):
        assert private not in html


def test_no_badge_for_others(verified, community_a, community_b, editor_a):
    assert "Verified resident" not in render(ONE, person=verified, community=community_b)
    waiting = UserFactory(display_name="小张")
    request_residency(waiting, community_a, building="3栋", unit="2")
    html = render(ONE, person=waiting, community=community_a)
    assert "小张" in html and "Verified resident" not in html


def test_deleted_account_is_shown_as_deleted_user_without_badge(verified, community_a):
    verified.deleted_at = timezone.now()
    html = render(ONE, person=verified, community=community_a)
    assert "Deleted user" in html
    assert "老王" not in html and "Verified resident" not in html


def test_user_without_display_name_gets_a_neutral_label(community_a):
    user = UserFactory(display_name="", real_name="李四", email="li@example.invalid")
    html = render(ONE, person=user, community=community_a)
    assert f"Resident {user.pk}" in html
    assert "李四" not in html and "li@example" not in html


def test_a_list_of_authors_costs_one_query(verified, community_a, django_assert_num_queries):
    people = [verified, *(UserFactory(display_name=f"居民{n}") for n in range(10))]
    with django_assert_num_queries(1):
        ids = verified_resident_ids(community_a, [p.pk for p in people])
    assert ids == {verified.pk}
    with django_assert_num_queries(0):
        html = render(LIST, people=people, community=community_a, verified_ids=ids)
    assert html.count("Verified resident") == 1
    assert all(f"居民{n}" in html for n in range(10))


def test_without_precomputed_ids_each_author_asks_once(
    verified, community_a, django_assert_num_queries
):
    with django_assert_num_queries(1):
        render(ONE, person=verified, community=community_a)


def test_verified_resident_ids_of_nobody_asks_nothing(community_a, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert verified_resident_ids(community_a, []) == set()
