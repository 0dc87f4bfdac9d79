"""The one-stop services pages: a community's catalogue with its own places and local items,
the filters, an item's page and its printable checklist, and the city portal's catalogue."""

import re
from pathlib import Path

import pytest
from django.utils.html import escape

from services_directory.factories import LocalServiceItemFactory, ServicePointFactory
from services_directory.models import ServiceItem
from tests.conftest import assert_accessible_basics, host_of, shown


def page(client, path, community=None, status=200) -> str:
    response = client.get(path, **(host_of(community) if community else {}))
    assert response.status_code == status, response.status_code
    return response.content.decode()


def listed_items(html: str) -> list[str]:
    return re.findall(r'class="services-item__name" href="[^"]*/services/(\d+)/"', html)


def test_a_community_page_shows_the_city_items_its_points_and_local_items_only(
    client, community_a, community_b, centre_a, terminal_a, local_item_a, civil_affairs
):
    LocalServiceItemFactory(community=community_b, category=civil_affairs, name="湾厦渔民服务")
    ServicePointFactory(community=community_b, name="湾厦社区党群服务中心综合窗口")

    html = page(client, "/services/", community_a)

    assert_accessible_basics(html)
    assert len(listed_items(html)) == 44  # the 43 city items and its own local item
    assert "生育登记" in html and "法律援助" in html
    assert local_item_a.name in html and shown("Local: this community only") in html
    assert centre_a.name in html and centre_a.location in html and centre_a.hours in html
    assert terminal_a.name in html and "24小时" in html
    assert "湾厦渔民服务" not in html and "湾厦社区党群服务中心" not in html
    # Withdrawn items and closed points are not listed.
    ServiceItem.objects.filter(code="birth-registration").update(is_active=False)
    terminal_a.is_active = False
    terminal_a.save()
    html = page(client, "/services/", community_a)
    assert "生育登记" not in html and terminal_a.name not in html
    assert len(listed_items(html)) == 43


def test_a_service_centre_run_by_a_social_organisation_says_so(client, community_a):
    from organisations.models import Organisation

    operator = Organisation.objects.create(
        name="花果山社工服务中心", credit_code="51440300MJL1234568"
    )
    ServicePointFactory(community=community_a, operator=operator)
    html = page(client, "/services/", community_a)
    assert "花果山社工服务中心" in html


def test_the_portal_lists_the_city_catalogue_and_sends_people_to_their_community(
    client, community_a, local_item_a, centre_a
):
    html = page(client, "/services/")
    assert_accessible_basics(html)
    assert len(listed_items(html)) == 43
    assert local_item_a.name not in html and centre_a.name not in html
    assert shown("Find your community") in html and 'href="/find-community/"' in html
    # A community's local item is not one of the portal's.
    page(client, f"/services/{local_item_a.pk}/", status=404)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?category=legal-aid", 4),
        ("?category=housing-rental", 4),
        ("?type=market&category=civil-affairs", 1),
        ("?q=法律援助", None),
        ("?q=legal+aid", None),
    ],
)
def test_filters_narrow_the_catalogue(client, portal, query, expected):
    html = page(client, "/services/" + query)
    assert_accessible_basics(html)
    shown_ids = {int(pk) for pk in listed_items(html)}
    assert shown_ids and len(shown_ids) < 43
    if expected is not None:
        assert len(shown_ids) == expected
    items = ServiceItem.objects.filter(pk__in=shown_ids)
    if "category=" in query:
        code = re.search(r"category=([\w-]+)", query).group(1)
        assert {i.category.code for i in items} == {code}
        assert f'<option value="{code}" selected>' in html
    if "type=" in query:
        assert {i.service_type for i in items} == {"market"}
    assert shown("Show all services") in html


def test_nothing_matching_says_so_and_bad_filter_values_are_ignored(client, portal):
    html = page(client, "/services/?q=不存在的服务xyz")
    assert_accessible_basics(html)
    assert listed_items(html) == []
    assert shown("No service matches what you chose.") in html
    assert escape("不存在的服务xyz") in html  # kept in the box, to change it

    for odd in ("?category=nope", "?type=nonsense", "?category=&type=", "?q=" + "长" * 500):
        html = page(client, "/services/" + odd)
        assert len(listed_items(html)) == 43 or "q=" in odd


def test_the_local_item_of_a_community_is_filtered_like_the_city_items(
    client, community_a, local_item_a
):
    html = page(client, "/services/?category=civil-affairs", community_a)
    assert local_item_a.name in html
    html = page(client, "/services/?category=legal-aid", community_a)
    assert local_item_a.name not in html


def test_an_item_page_shows_everything_and_where_to_apply_in_the_community(
    client, community_a, centre_a, terminal_a, city_item
):
    city_item.at_terminal = True
    city_item.legal_basis = "《人口与计划生育法》"
    city_item.elsewhere = "区政务服务中心"
    city_item.save()
    html = page(client, f"/services/{city_item.pk}/", community_a)

    assert_accessible_basics(html)
    assert f'<h1 class="page-title" id="services-item-title">{city_item.name}</h1>' in html
    for text in (city_item.summary, city_item.eligibility, city_item.processing_time,
                 city_item.fee, "《人口与计划生育法》", "区政务服务中心"):  # fmt: skip
        assert escape(text) in html, text
    for line in city_item.lines("materials"):
        assert f"<li>{escape(line)}</li>" in html
    steps = re.search(r'<ol class="services-steps">(.*?)</ol>', html, re.S).group(1)
    assert steps.count("<li>") == len(city_item.lines("steps"))
    assert centre_a.name in html and centre_a.hours in html and terminal_a.name in html
    assert f'href="{city_item.online_url}" rel="external noopener noreferrer"' in html
    assert shown("(another website)") in html
    assert f"/services/{city_item.pk}/checklist/" in html


def test_an_item_page_in_english_shows_the_english_texts(client, community_a, city_item):
    html = page(client, f"/en/services/{city_item.pk}/", community_a)
    assert_accessible_basics(html)
    assert city_item.name_en in html and escape(city_item.summary_en) in html
    for chinese, english in zip(
        city_item.materials.splitlines(), city_item.materials_en.splitlines(), strict=True
    ):
        assert f"<li>{escape(english)}</li>" in html and escape(chinese) not in html


def test_a_local_item_is_found_on_its_own_community_only(
    client, community_a, community_b, local_item_a
):
    html = page(client, f"/services/{local_item_a.pk}/", community_a)
    assert shown("Local: offered by %(community)s only", community=community_a.name) in html
    page(client, f"/services/{local_item_a.pk}/", community_b, status=404)
    page(client, f"/services/{local_item_a.pk}/checklist/", community_b, status=404)
    page(client, "/services/999999999999999999/", community_a, status=404)
    local_item_a.is_active = False
    local_item_a.save()
    page(client, f"/services/{local_item_a.pk}/", community_a, status=404)


def test_the_checklist_lists_the_materials_with_boxes_and_a_print_button(
    client, community_a, centre_a, city_item
):
    html = page(client, f"/services/{city_item.pk}/checklist/", community_a)
    assert_accessible_basics(html)
    materials = city_item.lines("materials")
    assert html.count('class="services-checklist__box" aria-hidden="true"') == len(materials)
    for line in materials:
        assert escape(line) in html
    assert re.search(r'<button type="button"[^>]*data-print-button', html)
    assert "services_directory/print.js" in html
    assert centre_a.location in html and escape(city_item.fee) in html
    assert re.search(r'<body class="[^"]*services-checklist-page', html)


def test_the_print_stylesheet_hides_the_site_around_the_checklist():
    from django.contrib.staticfiles import finders

    css = Path(finders.find("css/services_directory/catalogue.css")).read_text(encoding="utf-8")
    rules = css[css.index("@media print") :]
    for part in (".site-header", ".site-nav", ".site-footer", ".services-checklist__actions"):
        assert part in rules, part
    assert "display: none" in rules
    script = Path(finders.find("services_directory/print.js")).read_text(encoding="utf-8")
    assert "window.print()" in script and "http" not in script
