"""Benchmark: votes per second accepted over HTTP for one poll with 10,000 eligible voters
(issue 7), on SQLite and on PostgreSQL.

One community with 10,000 verified residents (认证居民) and one open opinion poll (民意调查)
of three questions (one choice, two of five, an optional free text) for verified residents
only. Half the residents answer through an HTTP POST of the poll's form on the community's
host (middleware, session, the eligibility rule, the answers' checks, the response written
under its one-person-one-vote constraint, the redirect); the other half through
``submit_response`` alone, so the HTTP layer's share shows as a ratio measured in the same
run. Then 500 of them try again over HTTP and are refused (409). At the end every resident
has exactly one response and the totals match. Results go to ``bench/results/votes.md``.
Timings are only reported, never asserted. Usage: ``bench/votes.py [--quick] [--no-postgresql]``.
"""

import argparse
import sys
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH_DIR.parent))

from bench.two_backends import (  # noqa: E402
    add_arguments,
    configure,
    log,
    run_benchmark,
    timings,
)

RESULTS = BENCH_DIR / "results" / "votes.md"
ELIGIBLE = 10_000
REPEATS = 500
QUERY_SAMPLE = 30


def build(eligible: int):
    """The community, its verified residents and the open poll."""
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.utils import timezone

    from accounts.models import Residency, ResidencyStatus, User
    from communities.factories import DistrictFactory
    from communities.models import Participation
    from communities.services.provisioning import CommunitySpec, provision_community
    from polls.models import PollIndexPage, Question, QuestionKind, ResultsShown, Survey
    from portal.services import ensure_portal

    call_command("migrate", verbosity=0, interactive=False)
    ensure_portal()
    district = DistrictFactory(name="南山区", code="440305")
    spec = CommunitySpec(
        district=district.name, subdistrict="招商街道", name="花果山社区", slug="bench-votes"
    )
    community = provision_community(spec).community
    password = make_password(None)  # unusable: hashing 10,000 passwords would time PBKDF2
    User.objects.bulk_create(
        User(username=f"voter{n}", password=password, display_name=f"居民{n}")
        for n in range(eligible)
    )
    voters = list(User.objects.filter(username__startswith="voter").order_by("pk"))
    Residency.objects.bulk_create(
        Residency(user=user, community=community, building=f"{n % 30 + 1}栋",
                  unit=f"{n % 40 + 101}", status=ResidencyStatus.APPROVED)
        for n, user in enumerate(voters)
    )  # fmt: skip
    now = timezone.now()
    survey = Survey.objects.create(
        community=community, title="小区加装电梯意见征集", is_published=True,
        opens_at=now - timedelta(hours=1), closes_at=now + timedelta(days=7),
        who_may_answer=Participation.RESIDENTS, results_shown=ResultsShown.LIVE,
    )  # fmt: skip
    questions = [
        Question.objects.create(survey=survey, sort_order=0, kind=QuestionKind.SINGLE,
                                text="您是否赞成本楼加装电梯？",
                                choices=["赞成", "反对", "无所谓", "需要更多信息"]),
        Question.objects.create(survey=survey, sort_order=1, kind=QuestionKind.MULTIPLE,
                                text="您最关心哪些方面？（最多两项）", max_choices=2,
                                choices=["费用分摊", "施工噪音", "采光", "维护", "安全"]),
        Question.objects.create(survey=survey, sort_order=2, kind=QuestionKind.TEXT,
                                text="其他意见", required=False),
    ]  # fmt: skip
    page = PollIndexPage.objects.get(
        pk=community.site.root_page.get_children().get(slug="polls").pk
    )
    url = page.get_url_parts()[2] + page.reverse_subpage("survey", kwargs={"survey_id": survey.pk})
    return community, survey, questions, voters, url


def measure_backend(work_dir: Path, database_url: str, count: int) -> dict:
    configure(work_dir, database_url, "bench.votes_settings")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.governance_city import server_version
    from polls.models import Answer, SurveyResponse
    from polls.services.surveys import submit_response, survey_results

    started = time.perf_counter()
    community, survey, (single, multiple, text), voters, url = build(ELIGIBLE)
    server = server_version()
    log(
        f"{server}: {len(voters):,} eligible voters, built in {time.perf_counter() - started:.0f} s"
    )

    def answers(number: int) -> dict:
        picks = sorted({number % 5, (number * 3 + 1) % 5})[: 1 + number % 2]
        return {single.pk: [number % 4], multiple.pk: picks,
                text.pk: "希望尽快施工" if number % 7 == 0 else ""}  # fmt: skip

    def form(number: int) -> dict:
        data = answers(number)
        return {f"q{single.pk}": str(data[single.pk][0]),
                f"q{multiple.pk}": [str(i) for i in data[multiple.pk]],
                f"q{text.pk}": data[text.pk]}  # fmt: skip

    clients: dict[int, Client] = {}

    def client_for(number: int) -> Client:
        if number not in clients:
            client = Client(HTTP_HOST=community.site.hostname)
            client.force_login(voters[number])
            clients[number] = client
        return clients[number]

    def vote_http(number: int, expect: int = 302) -> None:
        response = client_for(number).post(url, form(number))
        if response.status_code != expect:
            raise RuntimeError(f"voter {number} answered {response.status_code}, not {expect}")

    def vote_service(number: int) -> None:
        submit_response(voters[number], survey, answers(number))

    half = min(count, len(voters) // 2)
    paths = {
        "http": (vote_http, range(0, half)),
        "service": (vote_service, range(half, 2 * half)),
    }
    results: dict = {"server": server, "eligible": len(voters)}
    for name, (run, numbers) in paths.items():
        numbers = list(numbers)
        sample, timed = numbers[:QUERY_SAMPLE], numbers[QUERY_SAMPLE:]
        if name == "http":
            for number in numbers:  # signing in is not part of voting: done before the clock
                client_for(number)
        seconds = []
        wall_started = time.perf_counter()
        for number in timed:
            before = time.perf_counter()
            run(number)
            seconds.append(time.perf_counter() - before)
        wall = time.perf_counter() - wall_started
        with CaptureQueriesContext(connection) as queries:
            for number in sample:
                run(number)
        results[name] = {**timings(seconds, wall), "queries": len(queries) / len(sample)}
        log(f"  {name}: {results[name]['per_second']:.0f} votes/s")
    # The same people again: each refused, nothing written.
    repeats = list(range(min(REPEATS, half)))
    seconds = []
    wall_started = time.perf_counter()
    for number in repeats:
        before = time.perf_counter()
        vote_http(number, expect=409)
        seconds.append(time.perf_counter() - before)
    results["repeat"] = timings(seconds, time.perf_counter() - wall_started)
    responses = SurveyResponse.objects.filter(survey=survey)
    counted = responses.count()
    distinct = responses.values("respondent").distinct().count()
    if not counted == distinct == 2 * half:
        raise RuntimeError(f"{counted} responses from {distinct} voters, expected {2 * half}")
    tally = survey_results(survey)
    ticked = Answer.objects.filter(question=single).count()
    if ticked != counted:
        raise RuntimeError(f"{ticked} answers to the first question for {counted} responses")
    results["responses"] = counted
    results["tally_total"] = tally.total
    results["runtime_s"] = time.perf_counter() - started
    return results


def markdown(description: str, results: dict[str, dict], runtime: float) -> str:
    lines = [
        "# Votes accepted over HTTP, one poll, 10,000 eligible voters (`bench/votes.py`)",
        "",
        f"Machine: {description}. Whole run: {runtime:.0f} s.",
        "",
        "| Backend | Path | Votes | Per second | Median | p95 | Queries each |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    labels = (
        ("http", "HTTP POST → response"),
        ("service", "`submit_response` only"),
        ("repeat", "HTTP POST, second vote refused (409)"),
    )
    for backend, result in results.items():
        name = result.get("server") or backend
        if "not_measured" in result:
            lines.append(f"| {name} | not measured: {result['not_measured']} | | | | | |")
            continue
        for path, label in labels:
            r = result[path]
            queries = f"{r['queries']:.1f}" if "queries" in r else ""
            lines.append(
                f"| {name} | {label} | {r['count']:,} | {r['per_second']:.0f} "
                f"| {r['median_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {queries} |"
            )
        ratio = result["service"]["per_second"] / result["http"]["per_second"]
        lines.append(f"| {name} | service ÷ HTTP throughput | | {ratio:.2f} | | | |")
        lines.append(
            f"| {name} | responses counted at the end (one per voter) | "
            f"{result['responses']:,} | | | | |"
        )
    lines += [
        "",
        "One community, 10,000 verified residents, one open poll of three questions for "
        "verified residents only. Half the residents vote through the poll's form over HTTP "
        "(Django's test client, signed in before the clock starts), the other half through "
        "the service; then 500 try a second time and are refused. Every resident ends with "
        "exactly one response (checked). One process, one thread; queries counted over 30 "
        "further votes per path.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="500 votes per path")
    parser.add_argument("--count", type=int, default=0, help="votes per path (≤ 5,000)")
    add_arguments(parser, "v")
    args = parser.parse_args()
    args.count = args.count or (500 if args.quick else ELIGIBLE // 2)
    run_benchmark(
        Path(__file__).resolve(),
        args,
        lambda work_dir, url: measure_backend(work_dir, url, args.count),
        markdown,
        RESULTS,
        ["--count", str(args.count)],
    )


if __name__ == "__main__":
    main()
