"""The demo city's people come from the real services and can sign in as README says."""

import io
import re

import pytest
from django.core.management import call_command

from accounts.demo import DEMO_CENSUS_NEWCOMER, DEMO_PASSWORD
from accounts.models import CensusEntry, Role, RoleGrant, SmsMessage, User
from accounts.services.census import census_hash
from accounts.services.residency import verified_community


@pytest.fixture
def demo_city(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", communities=2, grids=4, news=1, stdout=io.StringIO())
    return User.objects.get(username="editor").role_grants.get().community


def test_demo_people_have_their_roles_and_the_resident_is_verified(demo_city):
    assert verified_community(User.objects.get(username="resident")) == demo_city
    roles = dict(RoleGrant.objects.values_list("user__username", "role"))
    assert roles == {
        "editor": Role.COMMUNITY_EDITOR,
        "moderator": Role.COMMUNITY_MODERATOR,
        "supervisor": Role.SUPERVISOR,
        "dispatcher": Role.DISPATCHER,
        "handler": Role.GOVERNANCE_HANDLER,
        "gridworker": Role.GRID_WORKER,
        "civilaffairs": Role.CIVIL_AFFAIRS,
        "orgstaff": Role.ORGANISATION_STAFF,
    }
    editor = User.objects.get(username="editor")
    assert editor.groups.filter(pk=demo_city.editors_group_id).exists()
    # The census list is stored hashed: the newcomer's number is matchable, not readable.
    hashes = set(
        CensusEntry.objects.filter(community=demo_city).values_list("phone_hash", flat=True)
    )
    assert census_hash(DEMO_CENSUS_NEWCOMER) in hashes
    assert not CensusEntry.objects.filter(phone_hash__contains="138").exists()


def test_seeding_again_adds_nothing(demo_city):
    counts = (User.objects.count(), RoleGrant.objects.count(), CensusEntry.objects.count())
    call_command("seed_demo", communities=2, grids=4, news=1, stdout=io.StringIO())
    assert (User.objects.count(), RoleGrant.objects.count(), CensusEntry.objects.count()) == counts


def test_the_demo_resident_signs_in_with_the_phone_number_from_the_readme(client, demo_city):
    response = client.post(
        "/accounts/login/",
        {"login": "138 0000 0005", "password": DEMO_PASSWORD},
        HTTP_HOST=demo_city.hostname,
    )
    assert response.status_code == 302
    assert client.get("/accounts/residency/", HTTP_HOST=demo_city.hostname).status_code == 200
    assert not SmsMessage.objects.exists()  # a verified phone needs no code


def test_the_census_newcomer_is_verified_on_asking(client, demo_city):
    host = {"HTTP_HOST": demo_city.hostname}
    client.post(
        "/accounts/signup/",
        {
            "phone": DEMO_CENSUS_NEWCOMER,
            "password1": "Lychee-Harbour-2026",
            "password2": "Lychee-Harbour-2026",
            "display_name": "新邻居",
            "accept_privacy_policy": "on",
        },
        **host,
    )
    body = SmsMessage.objects.get(phone=DEMO_CENSUS_NEWCOMER).body
    code = re.search(r"(?<!\d)\d{6}(?!\d)", body).group()
    client.post("/accounts/phone/verify/", {"code": code}, **host)
    client.post("/accounts/residency/request/", {"building": "5栋", "unit": "801"}, **host)
    newcomer = User.objects.get(phone=DEMO_CENSUS_NEWCOMER)
    assert newcomer.phone_verified
    assert verified_community(newcomer) == demo_city
