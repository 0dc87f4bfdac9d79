"""Fixtures of the organisations back-office tests: two organisations with one staff member
each, a civil-affairs reviewer, a city administrator and the annual report requirement."""

import pytest

from accounts.factories import UserFactory
from accounts.models import Role
from accounts.services.roles import grant_role
from organisations.factories import DisclosureRequirementFactory, OrganisationFactory


def make_staff(superuser, organisation, username: str):
    user = UserFactory(username=username)
    grant_role(superuser, user, Role.ORGANISATION_STAFF, organisation=organisation)
    return user


@pytest.fixture
def org_a(db):
    return OrganisationFactory(name="花果山志愿者协会")


@pytest.fixture
def org_b(db):
    return OrganisationFactory(name="水帘洞社工服务中心")


@pytest.fixture
def staff_a(superuser, org_a):
    return make_staff(superuser, org_a, "staff-a")


@pytest.fixture
def staff_b(superuser, org_b):
    return make_staff(superuser, org_b, "staff-b")


@pytest.fixture
def reviewer(superuser):
    user = UserFactory(username="reviewer")
    grant_role(superuser, user, Role.CIVIL_AFFAIRS)
    return user


@pytest.fixture
def city_admin_user(superuser):
    user = UserFactory(username="city-admin-user")
    grant_role(superuser, user, Role.CITY_ADMIN)
    return user


@pytest.fixture
def annual_report(db):
    """年度工作报告: the financial report of a year, due on 31 May of the next year."""
    return DisclosureRequirementFactory()
