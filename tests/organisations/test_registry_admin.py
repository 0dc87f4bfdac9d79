"""The registries that staff roles point at: city administrators keep them in the admin."""

import pytest

from accounts.models import Role
from accounts.services.roles import grant_role
from governance.models import Department
from organisations.models import Organisation

ADMIN = {"HTTP_HOST": "localhost"}
VALID_CODE = "51440300MJL1234568"


@pytest.fixture
def city_admin(superuser, portal):
    from accounts.factories import UserFactory

    user = UserFactory(username="city-admin")
    grant_role(superuser, user, Role.CITY_ADMIN)
    return user


def test_a_city_admin_registers_an_organisation_and_a_bad_credit_code_is_refused(
    client, city_admin
):
    client.force_login(city_admin)
    refused = client.post(
        "/admin/organisations/new/",
        {"name": "花果山志愿者协会", "credit_code": "51440300MJL1234567"},
        **ADMIN,
    )
    assert refused.status_code == 200
    assert "credit_code" in refused.context["form"].errors
    assert not Organisation.objects.exists()

    saved = client.post(
        "/admin/organisations/new/",
        {"name": "花果山志愿者协会", "credit_code": VALID_CODE},
        **ADMIN,
    )
    assert saved.status_code == 302
    assert Organisation.objects.get().credit_code == VALID_CODE


def test_a_city_admin_adds_a_department_and_an_editor_cannot(client, city_admin, editor_a):
    client.force_login(city_admin)
    response = client.post(
        "/admin/departments/new/",
        {
            "code": "urban-management",
            "name": "城市管理和综合执法局",
            "name_en": "Urban Management",
            "level": "city",
        },
        **ADMIN,
    )
    assert response.status_code == 302
    assert Department.objects.get().name == "城市管理和综合执法局"

    client.force_login(editor_a)
    refused = client.post(
        "/admin/departments/new/", {"code": "x", "name": "x", "level": "city"}, **ADMIN
    )
    assert refused.status_code in (302, 403)
    assert Department.objects.count() == 1
    assert client.get("/admin/organisations/", **ADMIN).status_code in (302, 403)
