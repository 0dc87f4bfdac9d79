"""The polls pages (民意议事) in every theme: opinion polls (民意调查), sunshine deliberation
(阳光议事) and elections (民主选举). axe-core, same-origin requests, no sideways scrolling,
target sizes, elder-friendly mode and the keyboard, on a 360 px phone and on a desktop; the
results charts drawn with the self-hosted ECharts; then a verified resident answers a poll
and votes in an election by keyboard only, in two themes."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.factories import UserFactory
from governance.factories import CategoryFactory
from polls.factories import deliberation_in_phase, open_election, survey_with_questions
from polls.models import (
    Answer,
    Ballot,
    Candidate,
    Deliberation,
    Election,
    Outcome,
    OutcomeKind,
    Survey,
    SurveyResponse,
    VoterRollEntry,
)
from polls.services.deliberations import (
    cast_deliberation_vote,
    comment_on_deliberation,
    conclude_deliberation,
)
from polls.services.deliberations.discussion import open_topic
from polls.services.elections import cast_ballot, publish_result
from polls.services.surveys import submit_response
from tests.conftest import said
from tests.polls.conftest import make_resident, poll_page, route_url
from themes.registry import THEMES
from themes.services import change_theme

from .conftest import DESKTOP, PHONE, PageVisit, origin_of
from .test_governance import LATER_RADIO, sign_in, step_problems, tab_to
from .test_themes import page_problems

pytestmark = [
    pytest.mark.browser,
    # The live server needs committed data; the rollback brings back what migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# static/js/charts.js marks the figure drawn and ECharts' SVG renderer draws into the canvas.
CHARTS = ".bar-chart .chart-canvas"
DRAWN_CHARTS = ".bar-chart.bar-chart--drawn .chart-canvas svg"
ECHARTS = "/static/vendor/echarts/echarts.min.js"
CHART_PAGES = {"open survey", "closed survey", "election result"}
# What each page must show (selector → how many), so that a check of an empty page cannot pass:
# 3 polls, 4 deliberations and 3 elections listed, in every phase.
SHOWN = {
    "index": {
        ".polls-item": 10,
        ".polls-status--upcoming": 3,
        ".polls-status--open": 2,
        ".polls-status--closed": 2,
        ".polls-status--discussion": 1,
        ".polls-status--voting": 1,
        ".polls-status--concluded": 1,
    },
    "open survey": {".survey__results": 1, ".survey__notice .account-button": 1},
    "closed survey": {".survey__results": 1},
    "deliberation in discussion": {".forum-reply": 2},
    "deliberation in voting": {"#vote .account-button": 1},
    "passed deliberation": {".deliberation__counts": 1, "#outcome .event__status": 1},
    "open election": {".election__candidates > li": 3},
    "election result": {".election__checksum": 1, ".election__verified--ok": 1},
}


def _with_topic(deliberation: Deliberation) -> Deliberation:
    """The forum topic that scheduling through the service would have opened."""
    deliberation.topic = open_topic(deliberation, timezone.now())
    deliberation.save(update_fields=["topic"])
    return deliberation


def _answers(survey: Survey, single: int, several: list[int], text: str) -> dict:
    single_q, multiple_q, text_q = survey.questions.order_by("sort_order")
    return {single_q.pk: [single], multiple_q.pk: several, text_q.pk: text}


@pytest.fixture
def verifier(db):
    return UserFactory(username="root-polls-browser", is_superuser=True, is_staff=True)


@pytest.fixture
def resident(themed_community, verifier):
    """The verified resident who signs in: has answered nothing and voted nowhere yet."""
    return make_resident(themed_community, verifier, username="resident-chen",
                         display_name="居民小陈")  # fmt: skip


@pytest.fixture
def poll_content(themed_community, verifier):
    """Polls, deliberations and elections of ``themed_community`` in every phase, with
    answers, comments, votes and a published result: what each page shows when in use."""
    community = themed_community
    now = timezone.now()
    day = timedelta(days=1)
    neighbours = [
        make_resident(community, verifier, username=f"neighbour-{n}", display_name=name)
        for n, name in enumerate(["花果山老王", "水帘洞小李", "老张", "阿梅", "陈伯", "小周"])
    ]

    survey_with_questions(community, title="下月社区开放日安排", opens_at=now + day)
    survey = survey_with_questions(community, title="东门充电桩民意调查")
    for n, neighbour in enumerate(neighbours):
        submit_response(neighbour, survey, _answers(survey, n % 3, [n % 4, (n + 1) % 4],
                                                    "晚上多巡逻" if n % 2 else ""))  # fmt: skip
    closed_survey = survey_with_questions(
        community, title="小区绿化满意度", opens_at=now - 10 * day
    )
    for n, neighbour in enumerate(neighbours[:4]):
        submit_response(neighbour, closed_survey, _answers(closed_survey, n % 2, [2], ""),
                        now=closed_survey.opens_at + timedelta(hours=n + 1))  # fmt: skip

    deliberation_in_phase(community, "upcoming", title="增设快递柜")
    discussion = _with_topic(deliberation_in_phase(community, "discussion", title="东门加装充电桩"))
    comment_on_deliberation(neighbours[0], discussion, "支持，晚上充电太难了。")
    comment_on_deliberation(neighbours[1], discussion, "要注意消防安全，建议装在空地上。")
    voting = _with_topic(deliberation_in_phase(community, "voting", title="周末限时停车"))
    cast_deliberation_vote(neighbours[2], voting, "for")
    category = CategoryFactory(name="充电设施", name_en="EV charging")
    passed = _with_topic(deliberation_in_phase(
        community, "closed", title="修缮北门雨棚", outcome_kind=OutcomeKind.EVENT,
        category=category,
    ))  # fmt: skip
    for neighbour, position in zip(neighbours, ["for", "for", "for", "against"], strict=False):
        cast_deliberation_vote(neighbour, passed, position,
                               now=passed.voting_opens_at + timedelta(hours=1))  # fmt: skip
    passed = conclude_deliberation(passed, now=passed.voting_closes_at + timedelta(minutes=1))
    assert passed.outcome == Outcome.PASSED and passed.event_id is not None

    open_election(community, ["王大明", "李小红"], title="第二届居民议事会选举",
                  opens_at=now + day, closes_at=now + 8 * day)  # fmt: skip
    election = open_election(community, ["张建国", "刘桂芳", "赵志强"], title="第一届楼长选举")
    closed = open_election(community, ["周文华", "吴秀英", "郑海涛"], title="居民代表补选",
                           opens_at=now - 10 * day, closes_at=now - day)  # fmt: skip
    candidates = list(Candidate.objects.filter(election=closed).order_by("sort_order"))
    for n, neighbour in enumerate(neighbours):
        cast_ballot(neighbour, closed, [candidates[min(n, 2) % 3].pk],
                    now=closed.opens_at + timedelta(hours=n + 1))  # fmt: skip
    publish_result(closed, now=now)

    polls = poll_page(community)
    return {
        "objects": {
            "survey": survey,
            "election": election,
            "voting": voting,
            "discussion": discussion,
        },
        "pages": {
            "index": route_url(polls, "index"),
            "open survey": route_url(polls, "survey", survey_id=survey.pk),
            "closed survey": route_url(polls, "survey", survey_id=closed_survey.pk),
            "deliberation in discussion": route_url(
                polls, "deliberation", deliberation_id=discussion.pk
            ),
            "deliberation in voting": route_url(polls, "deliberation", deliberation_id=voting.pk),
            "passed deliberation": route_url(polls, "deliberation", deliberation_id=passed.pk),
            "open election": route_url(polls, "election", election_id=election.pk),
            "election result": route_url(polls, "election", election_id=closed.pk),
        },
    }


def chart_problems(visit: PageVisit) -> list[str]:
    """Every chart of the page drawn as SVG by ECharts, which came from this site."""
    page = visit.page
    charts = page.locator(CHARTS).count()
    if not charts:
        return ["no chart on the page"]
    problems = []
    drawn = page.locator(DRAWN_CHARTS).count()
    if drawn != charts:
        problems.append(f"{drawn} of {charts} charts drawn as SVG")
    if not any(url.split("?")[0].endswith(ECHARTS) for url in visit.requests):
        problems.append(f"ECharts was not loaded from {ECHARTS}")
    problems += [f"third-party request {url}" for url in visit.foreign_requests()]
    return problems


@pytest.mark.parametrize("theme", list(THEMES))
def test_poll_pages_pass_axe_in_every_theme(
    browser, live_server, themed_community, poll_content, theme
):
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    problems: list[str] = []
    for name, path in poll_content["pages"].items():
        # Every page on a phone; elder-friendly mode and the desktop layout where the charts
        # are, whose size and colours follow the mode and the width.
        variants = [(False, PHONE, "phone")]
        if name in ("open survey", "election result"):
            variants += [(True, PHONE, "phone"), (False, DESKTOP, "desktop")]
        for elder, viewport, width in variants:
            where = f"{theme} · {name} · {width}{' · elder' if elder else ''}"
            visit = PageVisit(browser, origin + path, viewport=viewport, elder=elder)
            try:
                assert visit.response.status == 200, where
                keyboard = name in ("index", "open survey") and not elder and width == "phone"
                found = page_problems(visit, theme=theme, elder=elder, keyboard=keyboard)
                if name in CHART_PAGES:
                    found += chart_problems(visit)
                for selector, count in SHOWN[name].items():
                    shown = visit.page.locator(f"main {selector}").count()
                    if shown != count:
                        found.append(f"{shown} × {selector}, not {count}")
                problems += [f"{where}: {problem}" for problem in found]
            finally:
                visit.close()
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("theme", list(THEMES))
def test_signed_in_vote_forms_pass_axe_in_every_theme(
    browser, live_server, themed_community, poll_content, resident, theme
):
    """The forms only a signed-in verified resident sees: the poll's answers (radio buttons,
    check boxes, a text box), the deliberation's vote and comment, the election's ballot."""
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    pages = poll_content["pages"]
    forms = {
        "survey form": (pages["open survey"], "form.survey-form"),
        "deliberation vote form": (pages["deliberation in voting"], "input[name=position]"),
        "deliberation comment form": (pages["deliberation in discussion"], "textarea[name=body]"),
        "election ballot": (pages["open election"], "form.election-ballot"),
    }
    problems: list[str] = []
    for name, (path, form) in forms.items():
        visit = PageVisit(browser, origin + path, viewport=PHONE, elder=False)
        try:
            sign_in(visit, origin, resident)
            visit.response = visit.page.goto(origin + path, wait_until="load")
            assert visit.response.status == 200, name
            assert visit.page.locator(f"main {form}").count(), f"{name}: no form"
            found = page_problems(visit, theme=theme, elder=False, keyboard=True)
            found = [p for p in found if not LATER_RADIO.search(p)]  # one Tab stop per group
            if name == "survey form":
                found += chart_problems(visit)
            problems += [f"{theme} · {name}: {problem}" for problem in found]
        finally:
            visit.close()
    assert not problems, "\n".join(problems)


def _press(visit: PageVisit, selector: str, key: str = "Space") -> None:
    tab_to(visit, selector)
    visit.page.keyboard.press(key)


@pytest.mark.parametrize("theme", ["civic", "lantern"])
def test_a_resident_answers_a_poll_and_votes_by_keyboard(
    browser, live_server, themed_community, poll_content, resident, theme
):
    change_theme(themed_community, theme)
    origin = origin_of(live_server, themed_community)
    survey: Survey = poll_content["objects"]["survey"]
    election: Election = poll_content["objects"]["election"]
    single, several, text = survey.questions.order_by("sort_order")
    pages = poll_content["pages"]
    visit = PageVisit(browser, origin + pages["open survey"], viewport=PHONE, elder=False)
    problems: list[str] = []
    try:
        page = visit.page
        sign_in(visit, origin, resident)
        visit.response = page.goto(origin + pages["open survey"], wait_until="load")
        assert visit.response.status == 200
        problems += step_problems(visit, "poll form", theme, keyboard=True)
        page.goto(origin + pages["open survey"], wait_until="load")  # focus back at the top

        # One choice: Space picks the first, ArrowDown moves on to the second (反对).
        _press(visit, f"input[name=q{single.pk}]")
        page.keyboard.press("ArrowDown")
        # Several choices: the first and the third box (路灯, 绿化).
        _press(visit, f"#id_q{several.pk}_0")
        _press(visit, f"#id_q{several.pk}_2")
        tab_to(visit, f"textarea[name=q{text.pk}]")
        page.keyboard.type("希望充电桩旁边加装监控。")
        tab_to(visit, "main form.survey-form button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        response = SurveyResponse.objects.get(respondent=resident)
        assert (response.survey, response.respondent) == (survey, resident)
        answers = {
            (a.question_id, a.choice, a.text) for a in Answer.objects.filter(response=response)
        }
        assert answers == {
            (single.pk, 1, ""),
            (several.pk, 0, ""),
            (several.pk, 2, ""),
            (text.pk, None, "希望充电桩旁边加装监控。"),
        }
        assert page.url.endswith(pages["open survey"])
        main = page.inner_text("main")
        assert said("Thank you: your answers are saved.") in main
        assert page.locator("main form.survey-form").count() == 0  # answered once, no form
        assert page.locator("main .survey__results").count() == 1
        problems += chart_problems(visit)
        problems += step_problems(visit, "poll answered", theme)

        visit.response = page.goto(origin + pages["open election"], wait_until="load")
        assert visit.response.status == 200
        problems += step_problems(visit, "ballot", theme)
        page.goto(origin + pages["open election"], wait_until="load")
        first = Candidate.objects.filter(election=election).order_by("sort_order").first()
        _press(visit, f"main input[name=candidates][value='{first.pk}']")
        tab_to(visit, "main form.election-ballot button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        assert page.url.endswith(pages["open election"])
        main = page.inner_text("main")
        assert (
            said(
                "Thank you: your vote has been recorded. Your ballot is secret: it is kept apart "
                "from your name, and nobody can see what you chose."
            )
            in main
        )
        voted = said(
            "You voted on %(day)s. Thank you. Each person votes once, and your ballot is secret.",
            day=timezone.localdate().strftime("%Y-%m-%d"),
        )
        assert voted in main
        # Voting again is impossible from the page: the ballot is gone, and on a reload too.
        assert page.locator("main form.election-ballot, main input[name=candidates]").count() == 0
        problems += step_problems(visit, "voted", theme, keyboard=True)
        page.reload(wait_until="load")
        assert page.locator("main form.election-ballot").count() == 0
        assert voted in page.inner_text("main")

        # One response of theirs, next to the six neighbours' (nothing else was saved).
        assert SurveyResponse.objects.filter(respondent=resident).count() == 1
        assert SurveyResponse.objects.filter(survey=survey).count() == 7
        roll = VoterRollEntry.objects.filter(election=election)
        assert [entry.voter_id for entry in roll] == [resident.pk]
        assert list(Ballot.objects.filter(election=election).values_list("marks", flat=True)) == [
            [first.pk]
        ]
    finally:
        visit.close()
    assert not problems, "\n".join(problems)
