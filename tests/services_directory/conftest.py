"""Fixtures of the one-stop services' tests. The city's catalogue (8 categories, 43 items)
is in every test database: a migration loads it."""

import pytest

from accounts.factories import UserFactory
from accounts.models import Role
from accounts.services.roles import grant_role
from services_directory.factories import (
    LocalServiceItemFactory,
    ServicePointFactory,
    TerminalFactory,
)
from services_directory.models import ServiceCategory, ServiceItem

ADMIN = {"HTTP_HOST": "localhost"}


@pytest.fixture
def city_admin(superuser, portal):
    user = UserFactory(username="city-admin")
    grant_role(superuser, user, Role.CITY_ADMIN)
    return user


@pytest.fixture
def civil_affairs(db):
    return ServiceCategory.objects.get(code="civil-affairs")


@pytest.fixture
def city_item(db):
    """A shipped city item: 生育登记 (family planning)."""
    return ServiceItem.objects.get(community__isnull=True, code="birth-registration")


@pytest.fixture
def centre_a(community_a):
    return ServicePointFactory(community=community_a, name="花果山社区党群服务中心综合窗口")


@pytest.fixture
def terminal_a(community_a):
    return TerminalFactory(community=community_a, name="花果山社区易办事终端")


@pytest.fixture
def local_item_a(community_a, civil_affairs):
    return LocalServiceItemFactory(
        community=community_a,
        category=civil_affairs,
        name="花果山长者饭堂登记",
        name_en="Huaguoshan seniors' canteen",
    )
