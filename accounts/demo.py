"""The demo city's people: one login per role, a verified resident, and a census list.

Everything goes through the same services as real use (grant_role, request_residency,
approve_residency, import_census), so the demo shows what the admin screens produce.
"""

import io
from dataclasses import dataclass

from django.db import transaction

from accounts.models import CensusEntry, PrivacyConsent, Role, SupervisionLevel, User
from accounts.services.census import import_census
from accounts.services.privacy import record_consent
from accounts.services.residency import approve_residency, request_residency, verified_community
from accounts.services.roles import grant_role
from communities.models import Community

DEMO_PASSWORD = "jiayuan-demo-2026"  # noqa: S105  (demo only; README lists it)
# On the first community's census list but not signed up: signing up with it and asking to
# join shows the automatic approval.
DEMO_CENSUS_NEWCOMER = "+8613800000009"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    phone: str
    display_name: str
    role_label: str
    superuser: bool = False
    role: str = ""
    resident: bool = False


DEMO_PEOPLE = (
    DemoPerson("admin", "+8613800000001", "市级管理员", "city administrator", superuser=True),
    DemoPerson(
        "editor",
        "+8613800000002",
        "罗田小编",
        "editor of the first community",
        role=Role.COMMUNITY_EDITOR,
    ),
    DemoPerson(
        "moderator",
        "+8613800000003",
        "罗田版主",
        "moderator of the first community",
        role=Role.COMMUNITY_MODERATOR,
    ),
    DemoPerson(
        "supervisor",
        "+8613800000004",
        "街道督办",
        "supervisor of its subdistrict",
        role=Role.SUPERVISOR,
    ),
    DemoPerson(
        "resident",
        "+8613800000005",
        "榕树下",
        "verified resident of the first community",
        resident=True,
    ),
    # The work network's staff: their roles need the taxonomy and a grid, so governance.demo
    # grants them (ensure_demo_people only creates the logins).
    DemoPerson(
        "dispatcher",
        "+8613800000006",
        "社区分流员",
        "dispatcher of the first community",
        role=Role.DISPATCHER,
    ),
    DemoPerson(
        "handler",
        "+8613800000007",
        "城管执法员",
        "urban-management handler of its subdistrict",
        role=Role.GOVERNANCE_HANDLER,
    ),
    DemoPerson(
        "gridworker",
        "+8613800000008",
        "网格员小陈",
        "grid worker of the first community's first grid",
        role=Role.GRID_WORKER,
    ),
    # The social organisations' people: organisations.demo grants their roles, the staff's
    # once the first demo organisation exists (ensure_demo_people only creates the logins).
    DemoPerson(
        "civilaffairs",
        "+8613800000010",
        "民政局审核员",
        "civil-affairs reviewer",
        role=Role.CIVIL_AFFAIRS,
    ),
    DemoPerson(
        "orgstaff",
        "+8613800000011",
        "长者关爱协会干事",
        "staff of the first demo social organisation",
        role=Role.ORGANISATION_STAFF,
    ),
)
# The roles granted in the first community here (the supervisor's is granted by level).
_COMMUNITY_ROLES = {Role.COMMUNITY_EDITOR, Role.COMMUNITY_MODERATOR}


def _person(demo: DemoPerson) -> User:
    user, made = User.objects.get_or_create(
        username=demo.username,
        defaults={
            "email": f"{demo.username}@example.invalid",
            "phone": demo.phone,
            "phone_verified": True,
            "display_name": demo.display_name,
            "is_superuser": demo.superuser,
            "is_staff": demo.superuser,
        },
    )
    if made:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    if not PrivacyConsent.objects.filter(user=user).exists():
        record_consent(user)
    return user


def demo_login(username: str) -> User:
    """The demo login ``username`` of ``DEMO_PEOPLE``, created if missing (no roles)."""
    return _person(next(demo for demo in DEMO_PEOPLE if demo.username == username))


@transaction.atomic
def ensure_demo_people(first: Community) -> list[DemoPerson]:
    """Create the demo logins for ``first`` (idempotent) and return them for the seed's report."""
    people = {demo.username: _person(demo) for demo in DEMO_PEOPLE}
    admin, editor = people["admin"], people["editor"]
    for demo in DEMO_PEOPLE:
        user = people[demo.username]
        if demo.role == Role.SUPERVISOR:
            grant_role(
                admin,
                user,
                demo.role,
                level=SupervisionLevel.SUBDISTRICT,
                subdistrict=first.subdistrict,
            )
        elif demo.role in _COMMUNITY_ROLES:
            grant_role(admin, user, demo.role, community=first)
        if demo.resident and verified_community(user) is None:
            residency = request_residency(user, first, building="3栋", unit="1502")
            approve_residency(editor, residency, "")
    if not CensusEntry.objects.filter(community=first).exists():
        rows = ["phone,building,unit", f"{people['resident'].phone},3栋,1502"]
        rows.append(f"{DEMO_CENSUS_NEWCOMER},5栋,801")
        import_census(editor, first, io.BytesIO("\n".join(rows).encode()))
    return list(DEMO_PEOPLE)
