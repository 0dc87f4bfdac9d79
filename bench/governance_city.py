"""The governance benchmark's small city: a few communities, the shipped taxonomy, staff who
get notified and residents who report.

Communities come from the real provisioning service and categories from the shipped taxonomy
files; users are written in bulk with unusable passwords, since hashing hundreds of test
passwords would only time PBKDF2.
"""

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection

from accounts.models import Residency, ResidencyStatus, Role, SupervisionLevel, User
from communities.factories import DistrictFactory
from communities.models import Community, Grid
from communities.services.provisioning import CommunitySpec, provision_community
from governance.factories import grant
from governance.models import Category, Department
from governance.services.taxonomy import load_taxonomy
from portal.services import ensure_portal

DISTRICT = "南山区"
# Two subdistricts of three communities: supervisors of both levels get their orders.
SUBDISTRICTS = {
    "招商街道": ["花果山社区", "水湾社区", "桃花园社区"],
    "蛇口街道": ["湾厦社区", "渔一社区", "东角头社区"],
}
GRIDS_PER_COMMUNITY = 4
RESIDENTS_PER_COMMUNITY = 50


@dataclass
class City:
    communities: list[Community]
    categories: list[Category]
    residents: list[tuple[User, Community]]
    staff: int


def server_version() -> str:
    """The database the numbers are for, e.g. ``SQLite 3.46.1`` or ``PostgreSQL 15.20``."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0].split()[0]}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()")
        return f"SQLite {cursor.fetchone()[0]}"


def build() -> City:
    """Migrate the empty database and fill it with the city."""
    call_command("migrate", verbosity=0, interactive=False)
    ensure_portal()
    district = DistrictFactory(name=DISTRICT, code="440305")
    communities = []
    for number, (subdistrict, names) in enumerate(SUBDISTRICTS.items()):
        for index, name in enumerate(names):
            spec = CommunitySpec(
                district=district.name,
                subdistrict=subdistrict,
                name=name,
                slug=f"bench-{number}-{index}",
                grids=GRIDS_PER_COMMUNITY,
            )
            communities.append(provision_community(spec).community)
    load_taxonomy()
    communities = list(
        Community.objects.with_hierarchy().filter(pk__in=[c.pk for c in communities])
    )
    categories = list(
        Category.objects.filter(is_active=True).select_related("department").order_by("code")
    )
    staff = _staff(communities)
    residents = _residents(communities)
    return City(communities, categories, residents, staff)


def _users(prefix: str, count: int) -> list[User]:
    password = make_password(None)  # unusable: nobody signs in to a benchmark
    users = [
        User(username=f"{prefix}{number}", password=password, display_name=f"{prefix}{number}")
        for number in range(count)
    ]
    User.objects.bulk_create(users)
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


def _staff(communities: list[Community]) -> int:
    """A dispatcher per community and one for the city, supervisors at every level and a
    city-wide handler per department: the people the reports and the scan notify."""
    subdistricts = {c.subdistrict_id: c.subdistrict for c in communities}
    departments = list(Department.objects.all())
    users = iter(_users("staff", len(communities) + 1 + len(subdistricts) + 2 + len(departments)))
    for community in communities:
        grant(next(users), Role.DISPATCHER, level=SupervisionLevel.COMMUNITY, community=community)
    grant(next(users), Role.DISPATCHER, level=SupervisionLevel.CITY)
    for subdistrict in subdistricts.values():
        grant(next(users), Role.SUPERVISOR, level=SupervisionLevel.SUBDISTRICT,
              subdistrict=subdistrict)  # fmt: skip
    grant(next(users), Role.SUPERVISOR, level=SupervisionLevel.DISTRICT,
          district=communities[0].subdistrict.district)  # fmt: skip
    grant(next(users), Role.SUPERVISOR, level=SupervisionLevel.CITY)
    for department in departments:
        grant(next(users), Role.GOVERNANCE_HANDLER, department=department)
    return len(communities) + 1 + len(subdistricts) + 2 + len(departments)


def _residents(communities: list[Community]) -> list[tuple[User, Community]]:
    """Verified residents with a home in a grid, so that routing finds their grid."""
    users = _users("resident", RESIDENTS_PER_COMMUNITY * len(communities))
    grids: dict[int, list[Grid]] = {}
    for grid in Grid.objects.filter(community__in=communities).order_by("code"):
        grids.setdefault(grid.community_id, []).append(grid)
    residents, residencies = [], []
    for number, user in enumerate(users):
        community = communities[number % len(communities)]
        home = grids[community.pk][number % GRIDS_PER_COMMUNITY]
        residencies.append(
            Residency(
                user=user,
                community=community,
                building=f"{number % 12 + 1}栋",
                unit=f"{number % 30 + 101}",
                grid=home,
                status=ResidencyStatus.APPROVED,
            )
        )
        residents.append((user, community))
    Residency.objects.bulk_create(residencies)
    return residents
