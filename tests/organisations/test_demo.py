"""The demo social organisations (organisations/data/demo.json) go in through the real services,
once, and show every state a required disclosure can be in."""

import re
from datetime import date

import pytest
from django.utils import timezone
from stdnum.cn import uscc

from accounts.demo import DEMO_PASSWORD, ensure_demo_people
from accounts.models import Role, RoleGrant, User
from notifications.models import Notification
from organisations.demo import latest_due_year, seed_demo_organisations
from organisations.models import (
    Disclosure,
    DisclosureStatus,
    Organisation,
    OrganisationQuestion,
)
from organisations.services.access import acts_for, may_publish, reviews_disclosures
from organisations.services.notices import KIND_REVIEW
from organisations.services.obligations import obligations
from organisations.services.transparency import score
from services_directory.models import ServicePoint, ServicePointKind

OFFICE_PHONE = re.compile(r"^0755-8\d{7}$")


@pytest.fixture
def seeded(make_community):
    community = make_community(subdistrict="园岭街道", name="罗田社区", slug="futian-yuanling-lt")
    ensure_demo_people(community)
    centre = ServicePoint.objects.create(
        community=community,
        kind=ServicePointKind.SERVICE_CENTRE,
        name="罗田社区党群服务中心",
        location="红荔路2009号",
        hours="周一至周五 9:00-18:00",
    )
    messages: list[str] = []
    made = seed_demo_organisations([community], say=messages.append)
    return community, centre, made, messages


def _states() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for organisation in Organisation.objects.all():
        for obligation in obligations(organisation):
            found.setdefault(obligation.state, set()).add(organisation.name)
    return found


def test_every_state_of_a_required_disclosure_occurs_and_indices_differ(seeded):
    _community, _centre, made, messages = seeded
    assert made == 12
    assert messages[-1].startswith("Organisations: 12 social organisations")
    states = _states()
    assert set(states) == {"on_time", "late", "overdue", "not_due"}
    assert len(states["late"]) >= 3 and len(states["overdue"]) >= 3
    # Corrections: a second published version replacing the first, both public, with a reason.
    corrections = Disclosure.objects.filter(supersedes__isnull=False)
    assert corrections.count() == 2
    for correction in corrections:
        assert correction.status == DisclosureStatus.PUBLISHED and correction.version == 2
        assert correction.supersedes.status == DisclosureStatus.PUBLISHED
        assert correction.correction_reason
        assert correction.published_at > correction.supersedes.published_at
    statuses = set(Disclosure.objects.values_list("status", flat=True))
    assert statuses == set(DisclosureStatus.values) - {"draft"}
    returned = Disclosure.objects.get(status=DisclosureStatus.RETURNED)
    assert returned.return_reason
    kinds = set(
        Disclosure.objects.filter(status="published").values_list("kind", flat=True).distinct()
    )
    assert kinds == {"organisation", "financial", "activity", "public_welfare"}
    # Back-dated into the past, and the indices computed from those dates.
    today = timezone.localdate()
    published = Disclosure.objects.filter(status=DisclosureStatus.PUBLISHED)
    assert published.count() >= 70
    assert all(timezone.localdate(d.published_at) <= today for d in published)
    assert all(d.submitted_at <= d.published_at for d in published)
    indices = dict(Organisation.objects.values_list("name", "transparency_index"))
    assert indices["深圳市福田区园岭街道长者关爱协会"] == 100
    assert indices["深圳市福田区园岭街道象棋协会"] is None  # deregistered: nothing owed
    assert len({i for i in indices.values() if i is not None}) >= 5
    for organisation in Organisation.objects.filter(is_active=True):
        assert organisation.transparency_index == score(organisation).index


def test_codes_are_valid_and_offices_public(seeded):
    community, centre, _made, _messages = seeded
    for organisation in Organisation.objects.all():
        assert uscc.validate(organisation.credit_code) == organisation.credit_code
        organisation.full_clean()
        assert OFFICE_PHONE.match(organisation.office_phone), organisation.office_phone
        assert organisation.office_address.startswith("深圳市")
        assert organisation.communities.get() == community
    centre.refresh_from_db()
    assert centre.operator.name == "深圳市福田区彩虹社会工作服务中心"


def test_questions_are_answered_and_inboxes_keep_only_what_waits_now(seeded):
    resident = User.objects.get(username="resident")
    questions = OrganisationQuestion.objects.order_by("created_at")
    assert questions.count() == 3
    assert {q.author for q in questions} == {resident}
    answered = [q for q in questions if q.answer]
    assert len(answered) == 2
    assert {q.answered_by.username for q in answered} == {"orgstaff"}
    assert all(q.created_at < q.answered_at for q in answered)
    about = questions.first().disclosure
    assert about is not None and about.version == 2  # asked about the corrected report
    assert Notification.objects.filter(user=resident, kind="organisation_answers").count() == 2
    # The review messages of the replayed history are gone; what waits now is there.
    reviewer = User.objects.get(username="civilaffairs")
    staff = User.objects.get(username="orgstaff")
    waiting = Notification.objects.filter(user=reviewer, kind=KIND_REVIEW)
    assert waiting.count() == 2  # the submitted report, and the returned one's first submission
    returned = Notification.objects.filter(user=staff, kind=KIND_REVIEW)
    assert returned.count() == 1


def test_seeding_again_changes_nothing(seeded):
    community, _centre, _made, messages = seeded
    counts = [
        m.objects.count()
        for m in (Organisation, Disclosure, OrganisationQuestion, RoleGrant, Notification)
    ]

    assert seed_demo_organisations([community], say=messages.append) == 0

    assert [
        m.objects.count()
        for m in (Organisation, Disclosure, OrganisationQuestion, RoleGrant, Notification)
    ] == counts
    assert messages[-1] == "Organisations: demo organisations already there."


def _signs_in(client, community, phone: str) -> User:
    response = client.post(
        "/accounts/login/",
        {"login": phone, "password": DEMO_PASSWORD},
        HTTP_HOST=community.hostname,
    )
    assert response.status_code == 302
    assert client.get("/admin/", HTTP_HOST=community.hostname).status_code == 200
    return User.objects.get(pk=client.session["_auth_user_id"])


def test_demo_people_sign_in_with_their_roles(client, seeded):
    community, _centre, _made, _messages = seeded
    first = Organisation.objects.get(name="深圳市福田区园岭街道长者关爱协会")
    other = Organisation.objects.get(name="深圳市鹏城社区公益基金会")

    reviewer = _signs_in(client, community, "138 0000 0010")
    assert reviewer.username == "civilaffairs"
    assert RoleGrant.objects.get(user=reviewer).role == Role.CIVIL_AFFAIRS
    assert reviews_disclosures(reviewer) and may_publish(reviewer, first)
    assert not acts_for(reviewer, first)

    client.logout()
    staff = _signs_in(client, community, "138 0000 0011")
    assert staff.username == "orgstaff"
    grant = RoleGrant.objects.get(user=staff)
    assert (grant.role, grant.organisation) == (Role.ORGANISATION_STAFF, first)
    assert acts_for(staff, first) and not acts_for(staff, other)
    assert not reviews_disclosures(staff)


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 5, 31), 2024),
        (date(2026, 6, 1), 2025),
        (date(2027, 1, 15), 2025),
        (date(2027, 6, 1), 2026),
    ],
)
def test_the_latest_due_year_turns_after_the_deadline(today, year):
    assert latest_due_year(today) == year
