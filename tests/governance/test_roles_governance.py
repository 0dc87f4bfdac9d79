"""The work network's roles (分流员, 处置人员, 督办, 网格员) granted the real way — ``grant_role``
and the admin's "Staff roles" screen — with the scope each must and must not have."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.users.models import UserProfile

from accounts.factories import UserFactory
from accounts.models import Role, RoleGrant, SupervisionLevel
from accounts.services.roles import grant_role
from communities.models import District, Grid
from governance.factories import DepartmentFactory, make_event
from governance.scope import Area, events_in_scope, governance_scope

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
UNUSED = "This role does not use this field; leave it empty."


@pytest.fixture
def places(community_a, community_b):
    grid = Grid.objects.create(community=community_a, code="HGS-01", name="第一网格")
    return {
        "community": community_a,
        "subdistrict": community_a.subdistrict,
        "district": District.objects.get(name="南山区"),
        "grid": grid,
        "other_community": community_b,
    }


@pytest.fixture
def housing(db):
    return DepartmentFactory(code="housing", name="住房和建设局", name_en="Housing")


def _errors(superuser, role, **scope) -> dict:
    user = UserFactory(username="candidate")
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            grant_role(superuser, user, role, **scope)
        errors = {field: [str(m) for m in ms] for field, ms in caught.value.message_dict.items()}
    assert not RoleGrant.objects.filter(user=user).exists()
    assert not user.groups.exists()
    return errors


def _scope(places, housing, names: str) -> dict:
    """ "level=community community department" → the scope keyword arguments."""
    scope = {}
    for part in names.split():
        if part.startswith("level="):
            scope["level"] = part.removeprefix("level=")
        elif part == "department":
            scope["department"] = housing
        else:
            scope[part] = places[part]
    return scope


REFUSED = [
    # dispatchers (分流员): a level, and the area of that level
    (Role.DISPATCHER, "", {"level": ["Choose the level of the area this role covers."]}),
    (Role.DISPATCHER, "community", {"level": ["Choose the level of the area this role covers."]}),
    (Role.DISPATCHER, "level=community", {"community": ["This role needs a community."]}),
    (Role.DISPATCHER, "level=community subdistrict", {
        "community": ["This role needs a community."], "subdistrict": [UNUSED],
    }),
    (Role.DISPATCHER, "level=subdistrict", {
        "subdistrict": ["This role needs a subdistrict at this level."],
    }),
    (Role.DISPATCHER, "level=district community", {
        "district": ["This role needs a district at this level."], "community": [UNUSED],
    }),
    (Role.DISPATCHER, "level=city community", {"community": [UNUSED]}),
    (Role.DISPATCHER, "level=community community department", {"department": [UNUSED]}),
    (Role.DISPATCHER, "level=community community grid", {"grid": [UNUSED]}),
    # supervisors: never a single community
    (Role.SUPERVISOR, "level=community community", {
        "level": ["Supervisors work at the subdistrict, district or city level."],
    }),
    (Role.SUPERVISOR, "", {"level": ["Choose the level of the area this role covers."]}),
    # handlers: a department, and at most one area
    (Role.GOVERNANCE_HANDLER, "community", {"department": ["This role needs a department."]}),
    (Role.GOVERNANCE_HANDLER, "department community subdistrict", {
        "community": ["Give at most one area: a community, a subdistrict or a district."],
    }),
    (Role.GOVERNANCE_HANDLER, "department subdistrict district", {
        "community": ["Give at most one area: a community, a subdistrict or a district."],
    }),
    (Role.GOVERNANCE_HANDLER, "department level=community community", {
        "level": ["Only supervisors and dispatchers have a level."],
    }),
    (Role.GOVERNANCE_HANDLER, "department grid", {"grid": [UNUSED]}),
    # grid workers (网格员): a grid, nothing else
    (Role.GRID_WORKER, "", {"grid": ["A grid worker needs a grid."]}),
    (Role.GRID_WORKER, "community", {
        "grid": ["A grid worker needs a grid."], "community": [UNUSED],
    }),
    (Role.GRID_WORKER, "grid community", {"community": [UNUSED]}),
    (Role.GRID_WORKER, "grid level=community", {
        "level": ["Only supervisors and dispatchers have a level."],
    }),
]  # fmt: skip


@pytest.mark.parametrize(("role", "names", "expected"), REFUSED)
def test_a_scope_that_does_not_fit_the_role_is_refused(
    superuser, places, housing, role, names, expected
):
    assert _errors(superuser, role, **_scope(places, housing, names)) == expected


GRANTED = [
    (Role.DISPATCHER, "level=community community", ("dispatch", "community")),
    (Role.DISPATCHER, "level=subdistrict subdistrict", ("dispatch", "subdistrict")),
    (Role.DISPATCHER, "level=district district", ("dispatch", "district")),
    (Role.DISPATCHER, "level=city", ("dispatch", "city")),
    (Role.SUPERVISOR, "level=subdistrict subdistrict", ("supervise", "subdistrict")),
    (Role.SUPERVISOR, "level=city", ("supervise", "city")),
    (Role.GOVERNANCE_HANDLER, "department", ("handle", "city")),
    (Role.GOVERNANCE_HANDLER, "department community", ("handle", "community")),
    (Role.GOVERNANCE_HANDLER, "department subdistrict", ("handle", "subdistrict")),
    (Role.GOVERNANCE_HANDLER, "department district", ("handle", "district")),
    (Role.GRID_WORKER, "grid", ("grid", None)),
]


@pytest.mark.parametrize(("role", "names", "work"), GRANTED)
def test_a_fitting_grant_gives_that_work_scope(superuser, places, housing, role, names, work):
    user = UserFactory()
    grant = grant_role(superuser, user, role, **_scope(places, housing, names))
    assert grant.pk and grant.granted_by == superuser and user.is_staff
    kind, level = work
    scope = governance_scope(user)  # the grant forgot any cached scope
    if kind == "grid":
        assert scope.grid_ids == {places["grid"].pk}
        return
    pk = {
        "community": places["community"].pk,
        "subdistrict": places["subdistrict"].pk,
        "district": places["district"].pk,
        "city": None,
    }[level]
    area = Area(level, pk)
    expected = {
        "dispatch": scope.dispatch_areas == (area,),
        "supervise": scope.supervised_areas == (area,),
        "handle": scope.handler_units == ((housing.pk, area),),
    }
    assert expected[kind], scope


# --- the admin's "Staff roles" screen -----------------------------------------------------------


@pytest.fixture
def admin_client(client, superuser):
    profile = UserProfile.get_for_user(superuser)
    profile.preferred_language = "en"
    profile.save()
    client.force_login(superuser)
    return client


def test_the_staff_roles_form_grants_a_grid_worker_by_grid_code(admin_client, places, category):
    person = UserFactory(username="grid-li")
    response = admin_client.post(
        reverse("staff_roles:add"),
        {"person": "grid-li", "role": Role.GRID_WORKER, "grid": " HGS-01 "},
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=person)
    assert (grant.role, grant.grid, grant.community) == (Role.GRID_WORKER, places["grid"], None)
    assert "第一网格" in grant.scope_label
    event = make_event(places["community"], category, grid=places["grid"])
    assert list(events_in_scope(type(person).objects.get(pk=person.pk))) == [event]
    listing = admin_client.get(reverse("staff_roles:index"), **EN).content.decode()
    assert "Grid worker" in listing


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": Role.GRID_WORKER, "grid": "NO-SUCH"}, "No grid has this code."),
        ({"role": Role.GRID_WORKER}, "A grid worker needs a grid."),
        ({"role": Role.DISPATCHER}, "Choose the level of the area this role covers."),
        ({"role": Role.SUPERVISOR, "level": "community"}, "Supervisors work at the subdistrict"),
    ],
)
def test_the_staff_roles_form_explains_a_bad_grant(admin_client, places, data, message):
    UserFactory(username="candidate")
    response = admin_client.post(reverse("staff_roles:add"), {"person": "candidate", **data}, **EN)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RoleGrant.objects.filter(user__username="candidate").exists()


def test_the_staff_roles_form_grants_a_community_dispatcher(admin_client, places):
    person = UserFactory(username="dispatch-wang")
    response = admin_client.post(
        reverse("staff_roles:add"),
        {
            "person": "dispatch-wang",
            "role": Role.DISPATCHER,
            "level": SupervisionLevel.COMMUNITY,
            "community": places["community"].pk,
        },
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=person)
    assert (grant.level, grant.community) == ("community", places["community"])
    scope = governance_scope(type(person).objects.get(pk=person.pk))
    assert scope.dispatch_areas == (Area("community", places["community"].pk),)
