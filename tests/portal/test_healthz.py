"""/healthz: what load balancers and probes ask before sending traffic."""

from unittest.mock import patch

import pytest
from django.db import OperationalError, connection
from django.db.backends.sqlite3.base import DatabaseWrapper as SQLiteWrapper

PORTAL = {"HTTP_HOST": "localhost"}


def test_answers_200_with_a_small_json_body_when_the_database_answers(client, db):
    response = client.get("/healthz", **PORTAL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "ok"}
    assert len(response.content) < 100


def test_is_never_cached(client, db):
    response = client.get("/healthz", **PORTAL)
    cache_control = response["Cache-Control"]
    assert "no-cache" in cache_control
    assert "no-store" in cache_control
    assert "max-age=0" in cache_control


def test_head_is_answered_for_probes_that_use_it(client, db):
    response = client.head("/healthz", **PORTAL)
    assert response.status_code == 200


def test_post_is_refused(client, db):
    assert client.post("/healthz", **PORTAL).status_code == 405


def test_answers_on_community_hosts_too(client, community_a):
    assert client.get("/healthz", HTTP_HOST=community_a.hostname).status_code == 200


@pytest.fixture
def unreachable_database(tmp_path, monkeypatch):
    """The view's connection points at an SQLite file in a directory that does not exist.

    A real connection attempt, really failing ("unable to open database file"), whatever
    database the suite itself runs on; the rest of the request keeps the working database.
    """
    settings_dict = {
        **connection.settings_dict,
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "missing" / "jiayuan.sqlite3"),
        "OPTIONS": {},
    }
    broken = SQLiteWrapper(settings_dict, alias="unreachable")
    with pytest.raises(OperationalError):
        broken.ensure_connection()  # proves the simulation is a real failure
    monkeypatch.setattr("portal.views.connection", broken)
    yield
    broken.close()


def test_answers_503_when_the_database_cannot_be_reached(client, db, unreachable_database):
    response = client.get("/healthz", **PORTAL)
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}
    assert "no-store" in response["Cache-Control"]


def test_answers_503_when_the_query_fails(client, db):
    # The server goes away mid-request. Patched only around the request: the test database's
    # own teardown needs a working cursor.
    failure = OperationalError("server closed the connection unexpectedly")
    with patch.object(connection, "cursor", side_effect=failure):
        response = client.get("/healthz", **PORTAL)
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"
