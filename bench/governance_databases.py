"""Copies of the benchmark's database at each table size, to scan them round by round.

The scans of the different sizes alternate, so that a machine whose load drifts during the
run (other jobs starting or ending) weighs on every size alike, as ``bench/run.py`` alternates
its two cities. SQLite copies the file; PostgreSQL creates a database from the filled one as a
template. Copies are named after the database with the size appended and dropped with it.
"""

import shutil
from pathlib import Path

from django.db import connection, connections


def copy_name(name: str, total: int) -> str:
    return f"{name}_{total}"


def _admin():
    """A connection to the server's maintenance database, outside any transaction."""
    import psycopg

    settings = connection.settings_dict
    return psycopg.connect(
        dbname="postgres",
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        autocommit=True,
        connect_timeout=5,
    )


def snapshot(total: int) -> str:
    """Copy the current database as it is now; returns the copy's name for ``use``."""
    name = connection.settings_dict["NAME"]
    copy = copy_name(str(name), total)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
        connections.close_all()
        path = Path(name)
        copy = str(path.with_name(f"{path.stem}_{total}{path.suffix}"))
        shutil.copyfile(path, copy)
        return copy
    connections.close_all()  # a template must have no other sessions
    with _admin() as admin:
        admin.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    return copy


def use(name: str) -> None:
    """Switch this process to the copy (or the original) ``name``."""
    if connection.settings_dict["NAME"] != name:
        connections.close_all()
        connection.settings_dict["NAME"] = name


def current() -> str:
    return str(connection.settings_dict["NAME"])
