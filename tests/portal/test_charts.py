"""Charts (统计图): ``BarChart`` and ``{% bar_chart %}`` — HTML bars and a table that need no
JavaScript, the self-hosted ECharts loaded once per page, residents' labels inert."""

import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template import Context, Template
from django.test import RequestFactory
from django.utils import translation

from portal.charts import BarChart

STATIC = Path(settings.BASE_DIR) / "static"
ECHARTS = "vendor/echarts/echarts.min.js"


def render(template: str, **context) -> str:
    request = RequestFactory().get("/")
    with translation.override("en"):
        return Template("{% load charts %}" + template).render(
            Context({"request": request, **context})
        )


def chart_data(html: str) -> list[dict]:
    return [json.loads(unescape(raw)) for raw in re.findall(r'data-chart="([^"]*)"', html)]


def table_rows(html: str) -> list[tuple[str, str, str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row">(.*?)</th><td>(.*?)</td><td>(.*?)</td>', body)


# BarChart --------------------------------------------------------------------------------


def test_percentages_of_the_total_add_up_to_exactly_100():
    chart = BarChart("Thirds", [("a", 1), ("b", 1), ("c", 1)])
    assert chart.total == 3
    assert [bar.percent for bar in chart.bars] == [34, 33, 33]
    assert sum(chart.percent(i) for i in range(3)) == 100


def test_percentages_follow_the_counts():
    chart = BarChart("Votes", [("for", 7), ("against", 2), ("abstain", 1)], unit="votes")
    assert [(bar.label, bar.count, bar.percent) for bar in chart.bars] == [
        ("for", 7, 70),
        ("against", 2, 20),
        ("abstain", 1, 10),
    ]
    assert [bar.width for bar in chart.bars] == ["70.00", "20.00", "10.00"]


def test_a_base_gives_shares_of_the_people_that_may_add_up_to_more_than_100():
    chart = BarChart("Several choices", [("a", 8), ("b", 6)], base=10)
    assert [bar.percent for bar in chart.bars] == [80, 60]


def test_no_answers_is_empty_and_has_no_percentages():
    chart = BarChart("Nothing yet", [("a", 0), ("b", 0)])
    assert chart.is_empty
    assert chart.total == 0
    assert [bar.percent for bar in chart.bars] == [0, 0]
    assert BarChart("No rows", []).is_empty


@pytest.mark.parametrize("count", [-1, 1.5, "3", None, True])
def test_a_count_that_is_not_a_whole_number_is_refused(count):
    with pytest.raises(ValueError, match="must be an int"):
        BarChart("Bad", [("a", count)])


def test_the_json_escapes_what_could_end_a_script_or_start_markup():
    chart = BarChart("</script><b>", [("<script>alert(1)</script> & co", 1)])
    raw = chart.as_json()
    assert "<" not in raw and ">" not in raw and "&" not in raw
    assert json.loads(raw)["labels"] == ["<script>alert(1)</script> & co"]


# {% bar_chart %} -------------------------------------------------------------------------


def test_renders_the_title_the_labels_the_counts_and_the_percentages():
    chart = BarChart("Which day suits you?", [("Saturday", 3), ("Sunday", 1)], unit="votes")
    html = render("{% bar_chart chart %}", chart=chart)
    assert '<figcaption class="bar-chart__title">Which day suits you?</figcaption>' in html
    assert "<caption>Which day suits you?</caption>" in html
    assert table_rows(html) == [("Saturday", "3", "75%"), ("Sunday", "1", "25%")]
    assert "3 votes · 75%" in html
    assert 'style="width: 75.00%"' in html
    assert '<th scope="col">votes</th>' in html
    assert chart_data(html) == [
        {
            "title": "Which day suits you?",
            "unit": "votes",
            "labels": ["Saturday", "Sunday"],
            "counts": [3, 1],
            "percents": [75, 25],
        }
    ]


def test_a_residents_label_is_inert_everywhere_it_appears():
    label = "<script>alert(1)</script>"
    chart = BarChart('Poll "<img src=x onerror=alert(2)>"', [(label, 2), ("ok", 1)])
    html = render("{% bar_chart chart %}", chart=chart)
    assert "<script>alert(1)" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # The only script elements are the two the tag adds.
    assert len(re.findall(r"<script\b", html)) == 2
    # The data attribute holds the label as data, decoded intact by the browser.
    assert chart_data(html)[0]["labels"][0] == label


def test_empty_data_says_no_answers_yet_and_loads_no_scripts():
    html = render("{% bar_chart chart %}", chart=BarChart("Nothing yet", [("a", 0)]))
    assert "No answers yet." in html
    assert "<table" not in html and "data-chart" not in html and "<script" not in html


def test_empty_text_can_be_given():
    chart = BarChart("Result", [], empty_text="No votes were cast.")
    html = render("{% bar_chart chart %}", chart=chart)
    assert "No votes were cast." in html and "No answers yet." not in html


def test_the_scripts_are_loaded_once_per_page_with_two_charts():
    first = BarChart("First", [("a", 1)])
    second = BarChart("Second", [("b", 2)])
    html = render(
        "{% bar_chart first %}<p>between</p>{% bar_chart second %}", first=first, second=second
    )
    assert html.count("vendor/echarts/echarts.min.js") == 1
    assert html.count("js/charts.js") == 1
    assert len(chart_data(html)) == 2
    # Deferred, so they run in order after the page is parsed; no inline script at all.
    assert len(re.findall(r'<script src="[^"]+" defer></script>', html)) == 2


def test_an_empty_chart_first_does_not_use_up_the_scripts():
    html = render(
        "{% bar_chart empty %}{% bar_chart full %}",
        empty=BarChart("Empty", []),
        full=BarChart("Full", [("a", 1)]),
    )
    assert html.count("vendor/echarts/echarts.min.js") == 1


def test_the_scripts_come_from_this_site_never_a_third_party():
    html = render("{% bar_chart chart %}", chart=BarChart("T", [("a", 1)]))
    sources = re.findall(r'<script src="([^"]+)"', html)
    assert sources == [settings.STATIC_URL + ECHARTS, settings.STATIC_URL + "js/charts.js"]
    assert all(src.startswith("/") and not src.startswith("//") for src in sources)


# The vendored library ----------------------------------------------------------------------


def test_echarts_is_vendored_with_its_licence_and_version():
    folder = STATIC / "vendor" / "echarts"
    library = (folder / "echarts.min.js").read_text(encoding="utf-8")
    version = re.search(r'\.version="([0-9.]+)"', library).group(1)
    assert version in (folder / "VERSION").read_text(encoding="utf-8")
    assert "Apache License" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert (folder / "NOTICE").exists()
    # Nothing in it fetches from elsewhere: no source map, no script loader URL.
    assert "sourceMappingURL" not in library
    assert finders.find(ECHARTS) == str(folder / "echarts.min.js")
    assert finders.find("js/charts.js")


def test_echarts_is_served_from_this_sites_static_files(client, db, settings):
    settings.WHITENOISE_USE_FINDERS = True  # the suite does not run collectstatic
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get(settings.STATIC_URL + ECHARTS, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "javascript" in response["Content-Type"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == (STATIC / ECHARTS).read_bytes()
