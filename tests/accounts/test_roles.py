"""Staff roles: scoped grants, who may grant them, the rights they carry and the scope helpers."""

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import ERROR, get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation
from stdnum.cn import uscc
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from accounts.factories import UserFactory
from accounts.models import Residency, ResidencyStatus, Role, RoleGrant
from accounts.services import roles
from accounts.services.roles import (
    CITY_ADMINS_GROUP,
    STAFF_GROUP,
    communities_in_scope,
    grant_role,
    may_see_personal_information,
    revoke_role,
    staff_scope,
)
from communities.factories import DistrictFactory
from communities.models import Community, District, Subdistrict
from governance.models import Department
from organisations.models import Organisation

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def assert_refused(response) -> None:
    """Wagtail's own views answer PermissionDenied with the dashboard and an error message
    (a 403 only to XHR); the screens of this app answer a plain 403."""
    assert (response.status_code, response["Location"]) == (302, reverse("wagtailadmin_home"))
    assert list(get_messages(response.wsgi_request))[-1].level == ERROR


@pytest.fixture
def organisation(db):
    code = "91440300MA5F00001"
    return Organisation.objects.create(
        name="蓝天社工", credit_code=code + uscc.calc_check_digit(code)
    )


@pytest.fixture
def department(db):
    return Department.objects.create(code="housing", name="住房和建设局")


@pytest.fixture
def community_c(make_community):
    """In another district, to tell district supervisors apart."""
    DistrictFactory(name="福田区", code="440304")
    return make_community(district="福田区", subdistrict="园岭街道", name="红荔社区", slug="ft-hl")


@pytest.fixture
def city_admin(superuser):
    user = UserFactory(username="city-admin")
    grant_role(superuser, user, Role.CITY_ADMIN)
    user.refresh_from_db()
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"  # the admin's messages in English, as the tests read them
    profile.save()
    return user


# --- validation ---------------------------------------------------------------------------


def _errors(superuser, role, **scope) -> dict:
    user = UserFactory(username="candidate")
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            grant_role(superuser, user, role, **scope)
        # Messages are lazy: read them in English too.
        errors = {field: [str(m) for m in ms] for field, ms in caught.value.message_dict.items()}
    assert not RoleGrant.objects.filter(user=user).exists()
    assert not user.groups.exists()
    return errors


@pytest.mark.parametrize("role", [Role.COMMUNITY_EDITOR, Role.COMMUNITY_MODERATOR])
def test_community_roles_need_exactly_a_community(superuser, community_a, organisation, role):
    assert _errors(superuser, role) == {"community": ["This role needs a community."]}
    assert _errors(superuser, role, community=community_a, organisation=organisation) == {
        "organisation": ["This role does not use this field; leave it empty."]
    }


def test_organisation_staff_need_exactly_an_organisation(superuser, community_a):
    assert _errors(superuser, Role.ORGANISATION_STAFF, community=community_a) == {
        "organisation": ["This role needs a social organisation."],
        "community": ["This role does not use this field; leave it empty."],
    }


def test_handlers_need_a_department_and_at_most_one_area(
    superuser, department, district, community_a
):
    assert _errors(superuser, Role.GOVERNANCE_HANDLER) == {
        "department": ["This role needs a department."]
    }
    # A handler may work in one area's unit (issue 5), but in one area only.
    assert _errors(
        superuser,
        Role.GOVERNANCE_HANDLER,
        department=department,
        community=community_a,
        district=district,
    ) == {"community": ["Give at most one area: a community, a subdistrict or a district."]}


def test_supervisors_need_a_level_and_its_area(superuser, community_a, district):
    subdistrict = community_a.subdistrict
    assert _errors(superuser, Role.SUPERVISOR) == {
        "level": ["Choose the level of the area this role covers."]
    }
    assert _errors(superuser, Role.SUPERVISOR, level="subdistrict") == {
        "subdistrict": ["This role needs a subdistrict at this level."]
    }
    assert _errors(superuser, Role.SUPERVISOR, level="district", subdistrict=subdistrict) == {
        "district": ["This role needs a district at this level."],
        "subdistrict": ["This role does not use this field; leave it empty."],
    }
    assert _errors(superuser, Role.SUPERVISOR, level="city", district=district) == {
        "district": ["This role does not use this field; leave it empty."]
    }
    assert "level" in _errors(superuser, Role.SUPERVISOR, level="planet")


def test_city_admins_have_no_scope(superuser, community_a):
    assert _errors(superuser, Role.CITY_ADMIN, community=community_a) == {
        "community": ["This role does not use this field; leave it empty."]
    }
    assert _errors(superuser, Role.CITY_ADMIN, level="city") == {
        "level": ["Only supervisors and dispatchers have a level."]
    }


def test_an_unknown_role_is_refused(superuser):
    assert "role" in _errors(superuser, "emperor")


# --- who grants, and what a grant gives ---------------------------------------------------


def test_only_city_admins_grant_and_revoke(superuser, city_admin, editor_a, community_a):
    user = UserFactory(username="newcomer")
    with pytest.raises(PermissionDenied):
        grant_role(editor_a, user, Role.COMMUNITY_EDITOR, community=community_a)
    assert not RoleGrant.objects.filter(user=user).exists()
    grant = grant_role(city_admin, user, Role.COMMUNITY_EDITOR, community=community_a)
    assert grant.granted_by == city_admin
    with pytest.raises(PermissionDenied):
        revoke_role(editor_a, grant)
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_city_admin_grant_gives_admin_access_but_not_superuser(city_admin):
    assert city_admin.is_staff and not city_admin.is_superuser
    group = Group.objects.get(name=CITY_ADMINS_GROUP)
    assert city_admin.groups.filter(pk=group.pk).exists()
    assert city_admin.has_perm("wagtailadmin.access_admin")
    assert city_admin.has_perm("communities.add_community")
    assert city_admin.has_perm("accounts.audit_personal_information")
    entry = ModelLogEntry.objects.get(
        action=roles.ROLE_GRANT_ACTION, object_id=str(RoleGrant.objects.get(user=city_admin).pk)
    )
    assert entry.data["role"] == Role.CITY_ADMIN


def test_granting_twice_returns_the_first_grant(superuser, community_a):
    user = UserFactory(username="twice")
    first = grant_role(superuser, user, Role.COMMUNITY_MODERATOR, community=community_a)
    again = grant_role(superuser, user, Role.COMMUNITY_MODERATOR, community=community_a)
    assert again.pk == first.pk
    assert RoleGrant.objects.filter(user=user).count() == 1
    assert ModelLogEntry.objects.filter(action=roles.ROLE_GRANT_ACTION).count() == 1


def test_deleted_accounts_get_no_role(superuser, community_a):
    user = UserFactory(username="gone", is_active=False)
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        grant_role(superuser, user, Role.COMMUNITY_EDITOR, community=community_a)
    assert caught.value.message_dict == {"user": ["This account is deleted or disabled."]}


def test_revoking_keeps_a_group_another_grant_needs(superuser, organisation, department):
    user = UserFactory(username="two-hats")
    org = grant_role(superuser, user, Role.ORGANISATION_STAFF, organisation=organisation)
    grant_role(superuser, user, Role.GOVERNANCE_HANDLER, department=department)
    revoke_role(superuser, org)
    user.refresh_from_db()
    assert user.groups.filter(name=STAFF_GROUP).exists() and user.is_staff
    revoke_role(superuser, RoleGrant.objects.get(user=user))
    user.refresh_from_db()
    assert not user.groups.exists() and not user.is_staff
    assert ModelLogEntry.objects.filter(action=roles.ROLE_REVOKE_ACTION).count() == 2


# --- the admin screen ---------------------------------------------------------------------


def test_editors_get_403_on_the_staff_roles_screen(client, editor_a, community_a):
    client.force_login(editor_a)
    assert client.get(reverse("staff_roles:index")).status_code == 403
    response = client.post(
        reverse("staff_roles:add"),
        {"person": editor_a.username, "role": Role.CITY_ADMIN},
    )
    assert response.status_code == 403
    assert not RoleGrant.objects.exists()
    assert (
        reverse("staff_roles:index")
        not in client.get(reverse("wagtailadmin_home")).content.decode()
    )


def test_city_admin_grants_an_editor_who_then_edits_only_that_community(
    client, city_admin, community_a, community_b
):
    person = UserFactory(username="new-editor", phone="+8613912345678")
    client.force_login(city_admin)
    listing = client.get(reverse("staff_roles:index"), **EN)
    assert listing.status_code == 200
    response = client.post(
        reverse("staff_roles:add"),
        {"person": "139 1234 5678", "role": Role.COMMUNITY_EDITOR, "community": community_a.pk},
        **EN,
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    grant = RoleGrant.objects.get(user=person)
    assert grant.community == community_a and grant.granted_by == city_admin
    assert person.groups.filter(pk=community_a.editors_group_id).exists()
    assert ModelLogEntry.objects.filter(
        action=roles.ROLE_GRANT_ACTION, object_id=str(grant.pk), user=city_admin
    ).exists()
    listing = client.get(reverse("staff_roles:index"), **EN).content.decode()
    assert "139****5678" in listing and "13912345678" not in listing

    editor = client.__class__()
    editor.force_login(person)
    page_a = community_a.site.root_page.get_children().get(slug="about")
    page_b = community_b.site.root_page.get_children().get(slug="about")
    assert editor.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk])).status_code == 200
    assert_refused(editor.get(reverse("wagtailadmin_pages:edit", args=[page_b.pk])))

    response = client.post(reverse("staff_roles:delete", args=[grant.pk]), **EN)
    assert response.status_code == 302
    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    person.refresh_from_db()
    assert not person.groups.exists() and not person.is_staff
    response = editor.get(reverse("wagtailadmin_pages:edit", args=[page_a.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]  # no admin access


def test_the_grant_form_shows_clear_errors_and_saves_nothing(client, city_admin, community_a):
    client.force_login(city_admin)
    before = RoleGrant.objects.count()
    response = client.post(
        reverse("staff_roles:add"), {"person": "nobody-here", "role": Role.COMMUNITY_EDITOR}, **EN
    )
    assert response.status_code == 200
    assert "No account has this username or phone number." in response.content.decode()
    UserFactory(username="scoped")
    response = client.post(
        reverse("staff_roles:add"), {"person": "scoped", "role": Role.COMMUNITY_EDITOR}, **EN
    )
    assert response.status_code == 200
    assert "This role needs a community." in response.content.decode()
    assert RoleGrant.objects.count() == before


def test_nobody_edits_a_grant(client, city_admin, superuser, community_a):
    grant = grant_role(superuser, UserFactory(), Role.COMMUNITY_EDITOR, community=community_a)
    client.force_login(city_admin)
    assert client.get(reverse("staff_roles:edit", args=[grant.pk])).status_code == 403


# --- scope --------------------------------------------------------------------------------


def _ids(queryset) -> set[int]:
    return set(queryset.values_list("pk", flat=True))


def test_scope_of_each_role(
    superuser, community_a, community_b, community_c, organisation, department
):
    def staff(role, **scope):
        user = UserFactory()
        grant_role(superuser, user, role, **scope)
        user.refresh_from_db()
        return user

    everything = {community_a.pk, community_b.pk, community_c.pk}
    zhaoshang = community_a.subdistrict
    nanshan = District.objects.get(name="南山区")

    editor = staff(Role.COMMUNITY_EDITOR, community=community_a)
    assert staff_scope(editor).edited_community_ids == {community_a.pk}
    assert _ids(communities_in_scope(editor)) == {community_a.pk}

    moderator = staff(Role.COMMUNITY_MODERATOR, community=community_b)
    assert staff_scope(moderator).moderated_community_ids == {community_b.pk}
    assert not staff_scope(moderator).edited_community_ids
    assert _ids(communities_in_scope(moderator)) == {community_b.pk}

    org_staff = staff(Role.ORGANISATION_STAFF, organisation=organisation)
    assert staff_scope(org_staff).organisation_ids == {organisation.pk}
    assert not communities_in_scope(org_staff).exists()

    handler = staff(Role.GOVERNANCE_HANDLER, department=department)
    assert staff_scope(handler).department_ids == {department.pk}
    assert not communities_in_scope(handler).exists()

    sub = staff(Role.SUPERVISOR, level="subdistrict", subdistrict=zhaoshang)
    assert staff_scope(sub).subdistrict_ids == {zhaoshang.pk}
    assert _ids(communities_in_scope(sub)) == {community_a.pk}

    dist = staff(Role.SUPERVISOR, level="district", district=nanshan)
    assert staff_scope(dist).district_ids == {nanshan.pk}
    assert _ids(communities_in_scope(dist)) == {community_a.pk, community_b.pk}

    city = staff(Role.SUPERVISOR, level="city")
    assert staff_scope(city).city_wide and not staff_scope(city).is_city_admin
    assert _ids(communities_in_scope(city)) == everything

    admin = staff(Role.CITY_ADMIN)
    assert staff_scope(admin).is_city_admin and not staff_scope(admin).city_wide
    assert _ids(communities_in_scope(admin)) == everything
    assert _ids(communities_in_scope(superuser)) == everything
    assert staff_scope(superuser).is_city_admin


def test_group_membership_without_a_grant_counts(editor_a, moderator_a, community_a):
    assert staff_scope(editor_a).edited_community_ids == {community_a.pk}
    assert staff_scope(moderator_a).moderated_community_ids == {community_a.pk}
    assert _ids(communities_in_scope(editor_a)) == {community_a.pk}


def test_nobody_and_residents_have_no_scope(db, community_a):
    from django.contrib.auth.models import AnonymousUser

    resident = UserFactory()
    for user in (AnonymousUser(), resident, UserFactory(is_active=False)):
        assert staff_scope(user) == roles.scope.NO_SCOPE
        assert not communities_in_scope(user).exists()


def test_scope_query_counts(
    superuser, community_a, community_b, make_community, django_assert_num_queries
):
    user = UserFactory()
    grant_role(superuser, user, Role.COMMUNITY_EDITOR, community=community_a)
    grant_role(
        superuser, user, Role.SUPERVISOR, level="subdistrict", subdistrict=community_b.subdistrict
    )
    for n in range(3):
        make_community(subdistrict="蛇口街道", name=f"加测{n}社区", slug=f"extra-{n}")
    user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(2):
        scope = staff_scope(user)
    with django_assert_num_queries(0):
        assert staff_scope(user) is scope
        queryset = communities_in_scope(user)
    with django_assert_num_queries(1):
        assert len(list(queryset)) == 5
    # Used as a subquery, it adds no query of its own.
    with django_assert_num_queries(1):
        list(Residency.objects.filter(community__in=communities_in_scope(user)))


# --- personal information -----------------------------------------------------------------


def test_who_may_see_personal_information(
    superuser, city_admin, editor_a, moderator_a, community_a, community_b
):
    subject = UserFactory(username="subject")
    residency = Residency.objects.create(
        user=subject, community=community_a, building="3栋", unit="1203"
    )
    editor_b = UserFactory()
    editor_b.groups.add(community_b.editors_group)
    supervisor_a = UserFactory()
    grant_role(superuser, supervisor_a, Role.SUPERVISOR, level="subdistrict",
               subdistrict=community_a.subdistrict)  # fmt: skip
    supervisor_b = UserFactory()
    grant_role(superuser, supervisor_b, Role.SUPERVISOR, level="subdistrict",
               subdistrict=community_b.subdistrict)  # fmt: skip

    assert may_see_personal_information(superuser, subject)
    assert may_see_personal_information(city_admin, subject)
    assert may_see_personal_information(editor_a, subject)
    assert may_see_personal_information(supervisor_a, subject)
    assert not may_see_personal_information(moderator_a, subject)
    assert not may_see_personal_information(editor_b, subject)
    assert not may_see_personal_information(supervisor_b, subject)
    assert not may_see_personal_information(subject, subject)
    assert not may_see_personal_information(superuser, superuser)

    residency.status = ResidencyStatus.REJECTED
    residency.save()
    assert not may_see_personal_information(editor_a, subject)
    assert may_see_personal_information(city_admin, subject)


def test_other_apps_extend_who_may_see_personal_information(moderator_a):
    subject = UserFactory(username="reporter")

    def handler_of_their_event(staff, person):
        return staff.pk == moderator_a.pk and person.pk == subject.pk

    assert not may_see_personal_information(moderator_a, subject)
    roles.register_pi_access_rule(handler_of_their_event)
    try:
        assert may_see_personal_information(moderator_a, subject)
        assert not may_see_personal_information(moderator_a, UserFactory())
        assert not may_see_personal_information(subject, subject)
    finally:
        roles.scope._PI_ACCESS_RULES.remove(handler_of_their_event)


def test_community_without_groups_cannot_get_staff(superuser, community_a):
    bare = Community.objects.create(
        subdistrict=Subdistrict.objects.first(), name="未开通社区", slug="bare", code="bare-1"
    )
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        grant_role(superuser, UserFactory(), Role.COMMUNITY_EDITOR, community=bare)
    assert "community" in caught.value.message_dict
    assert not RoleGrant.objects.exists()


def test_staff_roles_list_costs_the_same_for_one_grant_or_many(
    client, city_admin, superuser, community_a, organisation, department
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(city_admin)
    url = reverse("staff_roles:index")
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = queries()
    grant_role(superuser, UserFactory(), Role.COMMUNITY_EDITOR, community=community_a)
    grant_role(superuser, UserFactory(), Role.ORGANISATION_STAFF, organisation=organisation)
    grant_role(superuser, UserFactory(), Role.GOVERNANCE_HANDLER, department=department)
    grant_role(superuser, UserFactory(), Role.SUPERVISOR, level="city")
    assert queries() == one
