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


def test_the_registry_form_keeps_every_fact_and_the_communities_served(city_admin, community_a):
    from tests.conftest import english_admin_client

    client = english_admin_client(city_admin)
    data = {
        "name": "花果山志愿者协会",
        "name_en": "Huaguoshan Volunteers",
        "credit_code": " 51440300mjl1234568 ",  # as copied: spaces, lower case
        "organisation_type": "social_group",
        "registration_authority": "深圳市南山区民政局",
        "founded_on": "2018-03-01",
        "summary": "组织社区志愿服务。",
        "office_address": "招商街道花果山社区服务中心 2 楼",
        "office_phone": "0755-26888888",
        "communities": [community_a.pk],
        "is_active": "on",
    }
    refused = client.post(
        "/admin/organisations/new/", {**data, "credit_code": "51440300MJL123456X"}, **ADMIN
    )
    assert refused.status_code == 200
    assert "This is not a valid unified social credit code" in refused.content.decode()
    assert not Organisation.objects.exists()

    assert client.post("/admin/organisations/new/", data, **ADMIN).status_code == 302
    organisation = Organisation.objects.get()
    assert organisation.credit_code == VALID_CODE
    assert organisation.organisation_type == "social_group"
    assert list(organisation.communities.all()) == [community_a]
    assert list(community_a.serving_organisations.all()) == [organisation]


def test_organisation_staff_and_reviewers_do_not_keep_the_registry(client, superuser, portal):
    from accounts.factories import UserFactory

    organisation = Organisation.objects.create(name="花果山志愿者协会", credit_code=VALID_CODE)
    staff = UserFactory(username="org-staff")
    grant_role(superuser, staff, Role.ORGANISATION_STAFF, organisation=organisation)
    reviewer = UserFactory(username="civil-affairs")
    grant_role(superuser, reviewer, Role.CIVIL_AFFAIRS)
    for user in (staff, reviewer):
        client.force_login(user)
        response = client.post(
            f"/admin/organisations/edit/{organisation.pk}/",
            {"name": "改名", "credit_code": VALID_CODE},
            **ADMIN,
        )
        assert response.status_code in (302, 403)
    organisation.refresh_from_db()
    assert organisation.name == "花果山志愿者协会"
