"""The demo city's social organisations (社会组织) and their disclosures (信息公开).

Read from ``organisations/data/demo.json`` and written through the real services: each
disclosure is drafted by the organisation (the demo staff login for the first organisation,
the demo administrator for the others), submitted, and published by the demo civil-affairs
reviewer; corrections are new versions with their reasons. Together they show every state of
a required disclosure: on time, late, missing (overdue) and not yet due, plus a submission
waiting for review, one returned with a reason, public questions with answers, and the
organisation that runs the first community's service centre.

The data's years are as if seeded between 1 June 2026 and 31 May 2027; a later seed moves
every year and date by the same number of years, so the states stay what they say.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction
from django.utils import timezone

from accounts.demo import demo_login
from accounts.models import Role, User
from accounts.services.roles import grant_role
from communities.models import Community
from notifications.models import Notification
from portal.ratelimit import limits_lifted
from services_directory.models import ServicePoint, ServicePointKind

from .models import (
    Disclosure,
    DisclosureRequirement,
    DisclosureStatus,
    Organisation,
    OrganisationQuestion,
)
from .services.disclosures.drafts import create_draft, start_correction, update_draft
from .services.disclosures.fields import KIND_FIELDS
from .services.disclosures.workflow import publish, return_submission, submit
from .services.notices import KIND_REVIEW
from .services.questions import answer_question, ask_question
from .services.transparency import refresh_index

__all__ = ["DEMO_DATA", "latest_due_year", "seed_demo_organisations"]

DEMO_DATA = Path(__file__).resolve().parent / "data" / "demo.json"
_YEAR = re.compile(r"(20\d\d)(?=年)")
_DATES = frozenset(f.name for f in Disclosure._meta.fields if type(f) is models.DateField)
_MONEY = frozenset(f.name for f in Disclosure._meta.fields if type(f) is models.DecimalField)


def latest_due_year(today: date) -> int:
    """The latest year whose annual reports are already due (by 31 May of the next year)."""
    return today.year - 1 if (today.month, today.day) > (5, 31) else today.year - 2


class _Seeder:
    def __init__(self, communities: Sequence[Community], data: dict, today: date) -> None:
        self.communities, self.data, self.today = communities, data, today
        self.shift = latest_due_year(today) - data["base_year"]
        self.people = {n: demo_login(n) for n in ("admin", "civilaffairs", "orgstaff", "resident")}
        self.requirements = {spec["kind"]: self.requirement(spec) for spec in data["requirements"]}

    # --- dates of the data, moved to the seed's time ----------------------------------------

    def day(self, text: str) -> date:
        given = date.fromisoformat(text)
        try:
            return given.replace(year=given.year + self.shift)
        except ValueError:  # 29 February in a common year
            return given.replace(year=given.year + self.shift, day=28)

    def text(self, text: str) -> str:
        """``text`` with its years (“2024年”) moved like the dates."""
        if not self.shift:
            return text
        return _YEAR.sub(lambda found: str(int(found.group(1)) + self.shift), text)

    def moment(self, text: str) -> datetime:
        return timezone.make_aware(datetime.combine(self.day(text), time(10, 0)))

    # --- the registry ---------------------------------------------------------------------

    def requirement(self, spec: dict) -> DisclosureRequirement:
        requirement, _made = DisclosureRequirement.objects.get_or_create(
            name=spec["name"],
            defaults={
                "name_en": spec["name_en"],
                "kind": spec["kind"],
                "due_month": spec["due_month"],
                "due_day": spec["due_day"],
                "first_year": spec["first_year"] + self.shift,
            },
        )
        return requirement

    def organisation(self, spec: dict) -> tuple[Organisation, bool]:
        found = Organisation.objects.filter(credit_code=spec["credit_code"]).first()
        if found is not None:
            return found, False
        organisation = Organisation(
            credit_code=spec["credit_code"],
            founded_on=date.fromisoformat(spec["founded_on"]),
            is_active=spec.get("is_active", True),
            **{
                field: self.text(spec[field])
                for field in (
                    "name",
                    "name_en",
                    "organisation_type",
                    "registration_authority",
                    "summary",
                    "summary_en",
                    "office_address",
                    "office_phone",
                )
            },
        )
        organisation.full_clean()
        organisation.save()
        served = [self.communities[n] for n in spec["serves"] if n < len(self.communities)]
        organisation.communities.set(served or self.communities[:1])
        return organisation, True

    def author(self, organisation: Organisation, first: Organisation) -> User:
        """Who writes its disclosures: the demo staff login for the first organisation; the
        demo administrator (a superuser acts for every organisation) for the others."""
        return self.people["orgstaff" if organisation.pk == first.pk else "admin"]

    # --- disclosures ----------------------------------------------------------------------

    def fields(self, spec: dict) -> dict:
        values = {"kind": spec["kind"], "year": spec["year"] + self.shift}
        values["title"] = self.text(spec["title"])
        values["body"] = self.text(spec.get("body", ""))
        for name in KIND_FIELDS[spec["kind"]]:
            if spec.get(name) is not None:
                values[name] = self.value(name, spec[name])
        values["requirement"] = self.requirements[spec["kind"]] if spec["required"] else None
        return values

    def value(self, name: str, raw):
        if name in _DATES:
            return self.day(raw)
        if name in _MONEY:
            return Decimal(raw)
        return self.text(raw) if isinstance(raw, str) else raw

    def published(self, organisation: Organisation, author: User, spec: dict) -> int:
        """Draft, submit and publish one disclosure at the data's date, and its correction."""
        disclosure = create_draft(author, organisation, **self.fields(spec))
        submit(author, disclosure)
        publish(self.people["civilaffairs"], disclosure)
        self.backdate(disclosure, self.moment(spec["published"]))
        correction = spec.get("correction")
        if correction is None:
            return 1
        draft = start_correction(author, disclosure, self.text(correction["reason"]))
        changes = {
            name: self.value(name, value)
            for name, value in correction.items()
            if name in KIND_FIELDS[spec["kind"]] or name == "body"
        }
        update_draft(author, draft, **changes)
        submit(author, draft)
        publish(self.people["civilaffairs"], draft)
        self.backdate(draft, self.moment(correction["published"]))
        return 2

    @staticmethod
    def backdate(disclosure: Disclosure, at: datetime) -> None:
        # Demo only: the workflow stamps "now"; the demo's history happened over three years,
        # and whether a report was on time or late is read from these stamps.
        Disclosure.objects.filter(pk=disclosure.pk).update(
            created_at=at - timedelta(days=3),
            submitted_at=at - timedelta(days=1),
            published_at=at,
            updated_at=at,
        )

    def pending(self, organisation: Organisation, author: User, spec: dict) -> None:
        """A disclosure still in review: submitted, or returned with the reviewer's reason."""
        disclosure = create_draft(author, organisation, **self.fields(spec))
        if spec["status"] == DisclosureStatus.DRAFT:
            return
        submit(author, disclosure)
        if spec["status"] == DisclosureStatus.RETURNED:
            reason = self.text(spec["return_reason"])
            return_submission(self.people["civilaffairs"], disclosure, reason)

    # --- questions ------------------------------------------------------------------------

    def question(self, spec: dict, organisations: dict[str, Organisation]) -> None:
        organisation = organisations[spec["organisation"]]
        about = None
        if spec["disclosure"]:
            about = (
                organisation.disclosures.filter(
                    kind=spec["disclosure"]["kind"],
                    year=spec["disclosure"]["year"] + self.shift,
                    status=DisclosureStatus.PUBLISHED,
                )
                .order_by("-version")
                .first()
            )
        resident = self.people["resident"]
        asked = ask_question(resident, organisation, self.text(spec["body"]), about)
        stamps = {"created_at": self.moment(spec["asked"])}
        if spec["answer"]:
            answer_question(self.people["orgstaff"], asked, self.text(spec["answer"]))
            stamps["answered_at"] = self.moment(spec["answered"]) + timedelta(hours=5)
        OrganisationQuestion.objects.filter(pk=asked.pk).update(**stamps)  # demo back-dating

    def run(self) -> tuple[int, int, int, int]:
        """Register, disclose, ask; returns the organisations registered, the disclosures
        published, those in review and the questions asked."""
        specs = self.data["organisations"]
        registered = {spec["key"]: self.organisation(spec) for spec in specs}
        organisations = {key: organisation for key, (organisation, _made) in registered.items()}
        first = organisations[specs[0]["key"]]
        _grant_roles(self.people, first)
        new = [(spec, organisations[spec["key"]]) for spec in specs if registered[spec["key"]][1]]
        entries = [
            (organisation, self.author(organisation, first), entry)
            for spec, organisation in new
            for entry in spec["disclosures"]
        ]
        since = Notification.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        published = sum(self.published(*e) for e in entries if e[2].get("published"))
        # The "waits for review" and "published" messages of three years replayed in a second
        # are of no use to anyone: the demo inboxes keep only what is waiting now.
        Notification.objects.filter(pk__gt=since, kind=KIND_REVIEW).delete()
        waiting = [self.pending(*e) for e in entries if not e[2].get("published")]
        made = {organisation.pk for _spec, organisation in new}
        questions = [
            self.question(spec, organisations)
            for spec in self.data["questions"]
            if organisations[spec["organisation"]].pk in made
        ]
        for spec in specs:
            if spec.get("runs_service_centre"):
                _run_service_centre(self.communities[0], organisations[spec["key"]])
        for organisation in organisations.values():
            refresh_index(organisation, self.today)
        return len(new), published, len(waiting), len(questions)


def _grant_roles(people: dict[str, User], first: Organisation) -> None:
    admin = people["admin"]
    grant_role(admin, people["civilaffairs"], Role.CIVIL_AFFAIRS)
    grant_role(admin, people["orgstaff"], Role.ORGANISATION_STAFF, organisation=first)


def _run_service_centre(community: Community, organisation: Organisation) -> None:
    """``organisation`` runs ``community``'s service centre, if the services seed made one."""
    centre = (
        ServicePoint.objects.filter(community=community, kind=ServicePointKind.SERVICE_CENTRE)
        .order_by("sort_order", "pk")
        .first()
    )
    if centre is not None and centre.operator_id is None:
        centre.operator = organisation
        centre.save(update_fields=["operator"])


def seed_demo_organisations(
    communities: Sequence[Community],
    say: Callable[[str], None] = lambda message: None,
    *,
    today: date | None = None,
) -> int:
    """Register the demo social organisations serving the first few of ``communities`` (most
    serve the first), with their disclosures and questions; returns how many it registered.

    Idempotent: an organisation already registered (same credit code) is left as it is.
    Needs the demo logins (``accounts.demo.ensure_demo_people``), and the service points
    (``services_directory.demo``) first, for the first community's centre to get its operator.
    """
    communities = list(communities)
    if not communities:
        return 0
    data = json.loads(DEMO_DATA.read_text(encoding="utf-8"))
    today = today or timezone.localdate()
    with transaction.atomic(), limits_lifted():
        new, published, pending, questions = _Seeder(communities, data, today).run()
    if not new:
        say("Organisations: demo organisations already there.")
        return 0
    say(
        f"Organisations: {new} social organisations, {published} published disclosures, "
        f"{pending} in review, {questions} public questions."
    )
    return new
