"""Test and demo data for the work network: categories, departments, staff and events.

Events are made through ``report_event``, the one door the real system uses, so a factory
event has its reference number, routing, log entry and first checkpoint like any other.
"""

from __future__ import annotations

from datetime import datetime

import factory
from django.utils import timezone

from accounts.factories import UserFactory
from accounts.models import Role, RoleGrant, SupervisionLevel, User
from communities.models import Community, Grid

from .models import Category, CategoryKind, Department, EventSource, HandlingLevel, SlaUnit


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"部门{n}")
    name_en = factory.Sequence(lambda n: f"Department {n}")
    level = HandlingLevel.DISTRICT


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"h-test-{n}")
    kind = CategoryKind.HAZARD
    name = factory.Sequence(lambda n: f"测试隐患{n}")
    name_en = factory.Sequence(lambda n: f"Test hazard {n}")
    department = factory.SubFactory(DepartmentFactory)
    handling_level = HandlingLevel.COMMUNITY
    accept_sla = 4
    accept_sla_unit = SlaUnit.HOURS
    resolve_sla = 3
    resolve_sla_unit = SlaUnit.DAYS
    may_be_public = True


def grant(user: User, role: str, **scope) -> RoleGrant:
    """A role straight into the table (tests of the work network, not of granting), with the
    admin access ``grant_role`` would give."""
    from accounts.services.roles import staff_group

    role_grant = RoleGrant.objects.create(user=user, role=role, **scope)
    user.groups.add(staff_group())
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return role_grant


def dispatcher(community: Community | None = None, **kwargs) -> User:
    """A dispatcher of ``community``'s centre (the city's centre without one)."""
    user = UserFactory(**kwargs)
    if community is None:
        grant(user, Role.DISPATCHER, level=SupervisionLevel.CITY)
    else:
        grant(user, Role.DISPATCHER, level=SupervisionLevel.COMMUNITY, community=community)
    return user


def handler(department: Department, community: Community | None = None, **kwargs) -> User:
    """A handler of ``department``'s unit for ``community`` (city-wide without one)."""
    user = UserFactory(**kwargs)
    grant(user, Role.GOVERNANCE_HANDLER, department=department, community=community)
    return user


def supervisor(level: str, *, subdistrict=None, district=None, **kwargs) -> User:
    user = UserFactory(**kwargs)
    grant(user, Role.SUPERVISOR, level=level, subdistrict=subdistrict, district=district)
    return user


def grid_worker(grid: Grid, **kwargs) -> User:
    user = UserFactory(**kwargs)
    grant(user, Role.GRID_WORKER, grid=grid)
    return user


def make_event(
    community: Community,
    category: Category | None = None,
    *,
    reporter: User | None = None,
    now: datetime | None = None,
    **fields,
):
    """A resident's report through the real service."""
    from .services import report_event

    reporter = reporter if reporter is not None else UserFactory()
    fields.setdefault("title", "楼道堆放杂物")
    fields.setdefault("description", "3栋2单元楼道堆满纸箱，堵住了消防通道。")
    fields.setdefault("source", EventSource.PORTAL)
    return report_event(
        community=community,
        category=category or CategoryFactory(),
        reporter=reporter,
        now=now or timezone.now(),
        **fields,
    )
