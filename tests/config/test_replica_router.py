"""The read replica (`DATABASE_REPLICA_URL`): reports read from it, the desk and every write use the main database.

End to end, a real `redress` process runs against two databases that differ by one row: a main one and a
replica (a migrated copy, plus a user only it has); what the process reads inside `reading_replica()` is
the replica's, what it writes lands on the main database. On SQLite (two files) and, with DATABASE_URL
pointing at PostgreSQL, on two PostgreSQL databases.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg
import pytest
from django.db import connection, router

from redress.accounts.models import User
from redress.core.replica import reading_replica

REDRESS = str(Path(sys.executable).with_name("redress"))
ONLY_ON_REPLICA = "only-on-replica"

# Run by `redress shell -c` against the databases under test; prints one JSON line.
PROBE = """
import json
from django.apps.registry import Apps
from django.db import models, router, transaction
from redress.accounts.models import User
from redress.accounts.services import user_create
from redress.core.replica import reading_replica

class DailyCount(models.Model):  # a table of the analytics app, whatever its models are called
    class Meta:
        app_label = "analytics"
        apps = Apps()

def names():
    return sorted(User.objects.values_list("username", flat=True))

out = {"outside": names(), "route_outside": router.db_for_read(User)}
with reading_replica():
    out["inside"] = names()
    out["route_inside"] = router.db_for_read(User)
    user_create(username=WRITTEN, role="analyst")  # its own check for the name reads in its transaction
    out["inside_after_write"] = names()
    with transaction.atomic():
        out["inside_transaction"] = names()
out["outside_after_write"] = names()
out["route_analytics"] = router.db_for_read(DailyCount)
out["route_analytics_write"] = router.db_for_write(DailyCount)
print(json.dumps(out))
"""


@dataclass
class Databases:
    main_url: str
    replica_url: str
    usernames: Callable[[str], set[str]]  # the usernames in the database at that URL, read directly


def process_env(home: Path, main_url: str, replica_url: str | None) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DATABASE_REPLICA_URL", "CELERY_BROKER_URL")
    }
    env["REDRESS_HOME"] = str(home)
    env["DATABASE_URL"] = main_url
    if replica_url:
        env["DATABASE_REPLICA_URL"] = replica_url
    return env


def redress(home: Path, main_url: str, replica_url: str | None, *args: str) -> str:
    done = subprocess.run(
        [REDRESS, *args],
        env=process_env(home, main_url, replica_url),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def probe(home: Path, main_url: str, replica_url: str | None, written: str) -> dict[str, Any]:
    code = f"WRITTEN = {written!r}\n{PROBE}"
    out = redress(home, main_url, replica_url, "shell", "--no-imports", "-c", code)
    return dict(json.loads(out.strip().splitlines()[-1]))


def sqlite_usernames(url: str) -> set[str]:
    with sqlite3.connect(url.removeprefix("sqlite:///")) as db:
        return {row[0] for row in db.execute("SELECT username FROM accounts_user")}


def postgres_usernames(url: str) -> set[str]:
    with psycopg.connect(url) as db:
        return {row[0] for row in db.execute("SELECT username FROM accounts_user")}


@pytest.fixture
def sqlite_databases(tmp_path: Path) -> Databases:
    main, replica = tmp_path / "main.sqlite3", tmp_path / "replica.sqlite3"
    main_url, replica_url = f"sqlite:///{main}", f"sqlite:///{replica}"
    redress(tmp_path, main_url, None, "migrate", "-v", "0")
    shutil.copyfile(main, replica)
    redress(tmp_path, replica_url, None, "createuser", ONLY_ON_REPLICA, "--role", "analyst", "--token")
    return Databases(main_url, replica_url, sqlite_usernames)


@pytest.fixture
def postgres_databases(tmp_path: Path) -> Iterator[Databases]:
    server = dj_database_url.parse(os.environ["DATABASE_URL"])
    base = f"postgres://{server['USER']}:{server['PASSWORD']}@{server['HOST']}:{server['PORT']}"
    main, replica = f"{server['NAME']}_replica_main", f"{server['NAME']}_replica_copy"

    def admin(*statements: str) -> None:
        with psycopg.connect(f"{base}/postgres", autocommit=True) as db:
            for statement in statements:
                db.execute(statement)

    drop = [f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)' for name in (main, replica)]
    admin(*drop, f'CREATE DATABASE "{main}"')
    try:
        redress(tmp_path, f"{base}/{main}", None, "migrate", "-v", "0")
        admin(f'CREATE DATABASE "{replica}" TEMPLATE "{main}"')  # the copy a standby would hold
        redress(tmp_path, f"{base}/{replica}", None, "createuser", ONLY_ON_REPLICA, "--role", "analyst", "--token")
        yield Databases(f"{base}/{main}", f"{base}/{replica}", postgres_usernames)
    finally:
        admin(*drop)


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "postgres",
            marks=[
                pytest.mark.postgres,
                pytest.mark.skipif(connection.vendor != "postgresql", reason="DATABASE_URL is not PostgreSQL"),
            ],
        ),
    ]
)
def two_databases(request: pytest.FixtureRequest) -> Databases:
    return request.getfixturevalue(f"{request.param}_databases")  # type: ignore[no-any-return]


@pytest.mark.slow
def test_reads_inside_reading_replica_come_from_the_replica_and_writes_land_on_main(
    two_databases: Databases, tmp_path: Path
) -> None:
    out = probe(tmp_path, two_databases.main_url, two_databases.replica_url, written="written-inside")

    assert ONLY_ON_REPLICA not in out["outside"]
    assert out["route_outside"] == "default"
    assert ONLY_ON_REPLICA in out["inside"]
    assert out["route_inside"] == "replica"
    # the user created inside the block is on the main database, and only there
    assert ONLY_ON_REPLICA in out["inside_after_write"]
    assert "written-inside" not in out["inside_after_write"]
    assert "written-inside" in out["outside_after_write"]
    assert "written-inside" in two_databases.usernames(two_databases.main_url)
    assert "written-inside" not in two_databases.usernames(two_databases.replica_url)
    assert ONLY_ON_REPLICA not in two_databases.usernames(two_databases.main_url)
    # inside a transaction the reads stay on the main database, which has the transaction's writes
    assert "written-inside" in out["inside_transaction"]
    assert ONLY_ON_REPLICA not in out["inside_transaction"]
    # the analytics app's own tables are read from the replica, written on the main database
    assert out["route_analytics"] == "replica"
    assert out["route_analytics_write"] == "default"


@pytest.mark.slow
def test_without_a_replica_every_read_and_write_is_on_the_main_database(
    two_databases: Databases, tmp_path: Path
) -> None:
    out = probe(tmp_path, two_databases.main_url, None, written="written-alone")

    assert out["route_inside"] == out["route_outside"] == out["route_analytics"] == "default"
    assert out["inside"] == out["outside"]
    assert ONLY_ON_REPLICA not in out["inside"]
    assert "written-alone" in out["inside_after_write"]
    assert "written-alone" in two_databases.usernames(two_databases.main_url)


def settings_seen(replica_url: str | None) -> dict[str, Any]:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({alias: db['TEST'] for alias, db in settings.DATABASES.items()} "
        "| {'routers': settings.DATABASE_ROUTERS}))"
    )
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "redress.config.settings"
    if replica_url:
        env["DATABASE_REPLICA_URL"] = replica_url
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def test_settings_declare_the_replica_only_when_its_url_is_set_and_as_a_test_mirror() -> None:
    without = settings_seen(None)
    assert "replica" not in without
    with_replica = settings_seen("postgres://reader@replica.example:5432/redress")
    assert with_replica["replica"]["MIRROR"] == "default"  # the test runner points it at the main test database
    assert with_replica["routers"] == ["redress.config.routers.AnalyticsReplicaRouter"]


def test_in_a_test_transaction_reads_inside_reading_replica_stay_on_default(people: dict[str, User]) -> None:
    with reading_replica():
        assert router.db_for_read(User) == "default"
        assert User.objects.filter(username__in=people).count() == len(people)
