"""The demo city's polls (民意调查), sunshine deliberations (阳光议事) and elections (民主选举).

Read from ``polls/data/demo.json`` and written through the real services with past times, in
the first community: an open poll with live results the demo resident has not answered, a
closed one; deliberations passed (one a governance event the demo dispatcher accepted, one an
action item in progress), in voting, in discussion, and the demo resident's own proposal
waiting for the office; an open election and a closed one with its published result.

The voters are demo neighbours ("voter1"…) who never sign in (unusable passwords), verified
as residents by the demo editor, since most votes are for verified residents only.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_login
from accounts.models import User
from accounts.services.residency import (
    approve_residency,
    is_verified_resident,
    request_residency,
)
from communities.models import Community, CommunitySettings
from governance import services as governance
from governance.models import Category
from portal.ratelimit import limits_lifted

from .models import Candidate, Deliberation, Election, Question, Survey
from .services import deliberations as delib
from .services.elections import cast_ballot, publish_result
from .services.surveys import submit_response, validate_question, validate_window

__all__ = ["DEMO_DATA", "seed_demo_polls"]

DEMO_DATA = Path(__file__).resolve().parent / "data" / "demo.json"
DAY, HOUR = timedelta(days=1), timedelta(hours=1)


def _voters(names: list[str], community: Community, editor: User) -> list[User]:
    """Demo neighbours who vote but never sign in, verified residents of ``community``."""
    users = []
    for number, name in enumerate(names, start=1):
        user, _made = User.objects.get_or_create(
            username=f"voter{number}",
            defaults={"display_name": name, "password": make_password(None)},
        )
        if not is_verified_resident(user, community):
            residency = request_residency(
                user, community, building=f"{number % 8 + 1}栋", unit=f"{number % 6 + 1}01"
            )
            approve_residency(editor, residency, "")
        users.append(user)
    return users


class _Seeder:
    def __init__(self, community: Community, data: dict, now: datetime, say) -> None:
        self.community, self.data, self.now, self.say = community, data, now, say
        self.people = {n: demo_login(n) for n in ("resident", "editor", "dispatcher")}
        self.voters = _voters(data["voters"], community, self.people["editor"])

    def person(self, key: int | str) -> User:
        return self.people[key] if isinstance(key, str) else self.voters[key]

    def at(self, days: float) -> datetime:
        return self.now + days * DAY

    def surveys(self) -> int:
        for spec in self.data["surveys"]:
            opens, closes = self.at(spec["opens"]), self.at(spec["closes"])
            validate_window(opens, closes)
            survey = Survey(
                community=self.community,
                title=spec["title"],
                intro=spec["intro"],
                opens_at=opens,
                closes_at=closes,
                created_by=self.people["editor"],
                created_at=opens - DAY,
                is_published=True,
                who_may_answer=spec["who_may_answer"],
                results_shown=spec["results_shown"],
            )
            for order, question in enumerate(spec["questions"]):
                choices, limit = question.get("choices", []), question.get("max_choices")
                validate_question(question["kind"], choices, limit)
                survey.questions.add(
                    Question(
                        text=question["text"],
                        kind=question["kind"],
                        choices=choices,
                        max_choices=limit,
                        required=question.get("required", True),
                        sort_order=order,
                    )
                )
            survey.save()
            questions = list(survey.questions.order_by("sort_order"))
            for response in spec["responses"]:
                answers = dict(zip((q.pk for q in questions), response["answers"], strict=True))
                submit_response(
                    self.voters[response["voter"]],
                    survey,
                    answers,
                    now=opens + response["hours"] * HOUR,
                )
        return len(self.data["surveys"])

    def deliberations(self) -> int:
        made = 0
        categories = {c.code: c for c in Category.objects.filter(is_active=True)}
        for spec in self.data["deliberations"]:
            category = categories.get(spec.get("category", ""))
            if spec.get("outcome") == "event" and category is None:
                self.say(f"Polls: category {spec['category']} missing; “{spec['title']}” skipped.")
                continue
            d = delib.propose_deliberation(
                self.person(spec["proposer"]),
                self.community,
                title=spec["title"],
                proposal=spec["proposal"],
                now=self.at(spec["proposed"]),
            )
            made += 1
            if spec.get("status") == "submitted":
                continue
            self._run(d, spec, category)
        return made

    def _run(self, d: Deliberation, spec: dict, category: Category | None) -> None:
        """Schedule ``d`` and take it as far as the seed's ``now``: comments, votes, count."""
        discussion, voting = self.at(spec["discussion"]), self.at(spec["voting"])
        closes = self.at(spec["closes"])
        d = delib.schedule_deliberation(
            self.people["editor"],
            d,
            discussion_opens_at=discussion,
            voting_opens_at=voting,
            voting_closes_at=closes,
            quorum=spec["quorum"],
            pass_threshold=spec["threshold"],
            who_may_vote="residents",
            outcome_kind=spec["outcome"],
            category=category,
            now=discussion,
        )
        for comment in spec["comments"]:
            delib.comment_on_deliberation(
                self.person(comment["author"]),
                d,
                comment["body"],
                now=discussion + comment["hours"] * HOUR,
            )
        for number, position in enumerate(spec["votes"]):
            delib.cast_deliberation_vote(
                self.voters[number], d, position, now=voting + (number + 1) * HOUR
            )
        if closes > self.now:
            return
        d = delib.conclude_deliberation(d, now=closes)
        if d.event_id is not None and "accept_hours" in spec:
            governance.accept_event(
                d.event, self.people["dispatcher"], now=closes + spec["accept_hours"] * HOUR
            )
        action = spec.get("action")
        if action is not None and hasattr(d, "action_item"):
            delib.update_action_item(
                self.people["editor"], d.action_item, status=action["status"], note=action["note"]
            )

    def elections(self) -> int:
        for spec in self.data["elections"]:
            opens, closes = self.at(spec["opens"]), self.at(spec["closes"])
            election = Election(
                community=self.community,
                title=spec["title"],
                description=spec["description"],
                seats=spec["seats"],
                opens_at=opens,
                closes_at=closes,
                created_by=self.people["editor"],
                created_at=opens - 3 * DAY,
                is_published=True,
            )
            for order, candidate in enumerate(spec["candidates"]):
                election.candidates.add(Candidate(sort_order=order, **candidate))
            election.save()
            ids = list(election.candidates.order_by("sort_order").values_list("pk", flat=True))
            for number, marks in enumerate(spec["ballots"]):
                cast_ballot(
                    self.voters[number],
                    election,
                    [ids[mark] for mark in marks],
                    now=opens + (number + 1) * 5 * HOUR,
                )
            if closes <= self.now:
                publish_result(election, actor=self.people["editor"], now=closes + HOUR)
        return len(self.data["elections"])


def _let_residents_propose(community: Community) -> None:
    """The demo shows the "propose" link: residents of the first community may propose."""
    site_settings, _made = CommunitySettings.objects.get_or_create(site_id=community.site_id)
    if not site_settings.residents_may_propose:
        site_settings.residents_may_propose = True
        site_settings.save(update_fields=["residents_may_propose"])


def _has_polls(community: Community) -> bool:
    return any(
        model.objects.filter(community=community).exists()
        for model in (Survey, Deliberation, Election)
    )


def seed_demo_polls(
    first: Community, say: Callable[[str], None] = print, *, now: datetime | None = None
) -> int:
    """Fill ``first``'s polls, deliberations and elections; nothing when it has any already.
    Returns how many items it made.

    Needs the demo logins, the work network's taxonomy and demo staff (``governance.demo``),
    and the forum's boards (deliberations are discussed in the forum) first.
    """
    if _has_polls(first):
        say("Polls: demo polls already there.")
        return 0
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    now = (now or timezone.now()).replace(second=0, microsecond=0)
    with transaction.atomic(), limits_lifted():
        _let_residents_propose(first)
        seeder = _Seeder(first, data, now, say)
        surveys, deliberations, elections = (
            seeder.surveys(),
            seeder.deliberations(),
            seeder.elections(),
        )
        # What the periodic task would have done by now: lock the discussion of the
        # deliberation in voting (none is due for counting: the seed counted those).
        delib.advance_deliberations(now=now)
    say(
        f"Polls: {surveys} opinion polls, {deliberations} deliberations (阳光议事), "
        f"{elections} elections."
    )
    return surveys + deliberations + elections
