"""`redress backup` → `redress restore` into a fresh home → `redress audit verify`, as an operator runs them.

Each database gets a source installation (a home, its data key, complaints with evidence and events) backed
up once; the tests restore that archive into fresh homes (PostgreSQL: a fresh database each, dropped after).
The source is left one migration behind, so every restore also migrates an older schema forward.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from django.db.migrations.loader import MigrationLoader

pytestmark = pytest.mark.slow

REDRESS = str(Path(sys.executable).with_name("redress"))
POSTGRES = "postgres://postgres@127.0.0.1:5432"
EVIDENCE = b"%PDF-1.4 bank statement of 2026-11, page 1 of 1\n" + secrets.token_bytes(2000)

SEED = """
import hashlib, json
from django.core.files.uploadedfile import SimpleUploadedFile
from redress.accounts.personas import ensure_personas
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
people = ensure_personas(password="correct horse battery staple")
complaint = walk(register(by=people["intake"]), "investigating", people)
act(complaint, "add_note", by=people["handler"], payload={"text": "客户提供了账单"})
with open(EVIDENCE_PATH, "rb") as handle:
    upload = SimpleUploadedFile("statement.pdf", handle.read(), content_type="application/pdf")
evidence_add(reference=complaint.reference, upload=upload, actor=actor_for(people["handler"]), user=people["handler"])
register(by=people["intake"], description="第二宗投诉：转账延迟三天到账。")
"""

LOOK = """
import hashlib, json
from redress.audit.models import Event
from redress.complaints.models import Complaint, Evidence
first = Complaint.objects.order_by("pk").first()
evidence = Evidence.objects.get(complaint=first)
with evidence.file.open("rb") as handle:
    body = handle.read()
print(json.dumps({
    "complaints": sorted(Complaint.objects.values_list("reference", flat=True)),
    "events": Event.objects.count(),
    "customer": first.customer_name,
    "status": first.status,
    "evidence": hashlib.sha256(body).hexdigest(),
}))
"""


@dataclass(frozen=True)
class Installation:
    home: Path
    database_url: str | None

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL", "REDRESS_HOME")}
        env["REDRESS_HOME"] = str(self.home)
        if self.database_url:
            env["DATABASE_URL"] = self.database_url
        return {**env, **extra}

    def run(self, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [REDRESS, *args], env=self.env(**extra), cwd=self.home, capture_output=True, text=True, timeout=600
        )

    def ok(self, *args: str) -> str:
        done = self.run(*args)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def look(self) -> dict[str, object]:
        return dict(json.loads(self.ok("shell", "-c", LOOK).strip().splitlines()[-1]))


@dataclass(frozen=True)
class Source:
    installation: Installation
    archive: Path
    seen: dict[str, object]


# The app whose last migration the source is left behind on: one that keeps every row when it is undone (a
# data migration), so that what the restore brings forward is the very data the backup held. (Undoing the
# audit app's last one would drop the digests the events are hashed with.)
BEHIND = "triage"


def _previous_migration() -> str:
    """The BEHIND app's migration before its last: the source is left there, one migration behind."""
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    (leaf,) = (node for node in graph.leaf_nodes() if node[0] == BEHIND)
    (parent,) = (node for node in graph.node_map[leaf].parents if node.key[0] == BEHIND)
    return str(parent.key[1])


def _fresh_home(base: Path, source: Installation, database_url: str | None) -> Installation:
    """A new, empty home holding only the data key the operator kept apart (a copy of the source's)."""
    base.mkdir(mode=0o700)
    shutil.copy(source.home / "data.key", base / "data.key")
    return Installation(home=base, database_url=database_url)


def _make_source(tmp: Path, database_url: str | None) -> Source:
    installation = Installation(home=tmp / "source", database_url=database_url)
    installation.home.mkdir(mode=0o700)
    (tmp / "statement.pdf").write_bytes(EVIDENCE)
    installation.ok("migrate")
    installation.ok("shell", "-c", SEED.replace("EVIDENCE_PATH", repr(str(tmp / "statement.pdf"))))
    installation.ok("migrate", BEHIND, _previous_migration())
    seen = installation.look()
    archive = tmp / "nightly.redress-backup"
    out = installation.ok("backup", "--output", str(archive))
    assert "Backup written" in out
    return Source(installation=installation, archive=archive, seen=seen)


def _create_database() -> str:
    name = f"redress_restore_{secrets.token_hex(4)}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f"CREATE DATABASE {name}")
    return f"{POSTGRES}/{name}"


def _drop_database(url: str) -> None:
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")


def _postgres_up() -> bool:
    try:
        psycopg.connect(f"{POSTGRES}/postgres", connect_timeout=3).close()
    except psycopg.OperationalError:
        return False
    return shutil.which("pg_dump") is not None


# The vendor of the run (CI runs the suite once on each): one end-to-end round a run, not two.
VENDOR = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


@pytest.fixture(scope="module", params=[VENDOR])
def source(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Source]:
    if request.param == "sqlite":
        yield _make_source(tmp_path_factory.mktemp("sqlite"), None)
        return
    if not _postgres_up():
        pytest.skip("PostgreSQL (and pg_dump) are not reachable")
    url = _create_database()
    try:
        yield _make_source(tmp_path_factory.mktemp("postgresql"), url)
    finally:
        _drop_database(url)


@pytest.fixture
def fresh(source: Source, tmp_path: Path) -> Iterator[Installation]:
    url = _create_database() if source.installation.database_url else None
    try:
        yield _fresh_home(tmp_path / "restored", source.installation, url)
    finally:
        if url:
            _drop_database(url)


def test_it_restores_into_a_fresh_home_and_the_audit_record_verifies(source: Source, fresh: Installation) -> None:
    out = fresh.ok("restore", str(source.archive))

    # the source was one migration behind (and so were the migrations of other apps that depend on it)
    applied = re.search(r"(\d+) migrations applied", out)
    assert applied and int(applied[1]) >= 1, out
    assert "Audit record intact: 2 complaints" in fresh.ok("audit", "verify")
    assert fresh.look() == source.seen
    assert source.seen["evidence"] == hashlib.sha256(EVIDENCE).hexdigest()
    assert source.seen["customer"] == "张三"
    migrations = fresh.ok("showmigrations", BEHIND)
    assert "[X]" in migrations and "[ ]" not in migrations


def test_the_archive_is_private_and_holds_no_plain_text_nor_the_key(source: Source) -> None:
    raw = source.archive.read_bytes()

    assert source.archive.stat().st_mode & 0o777 == 0o600
    assert (source.installation.home / "data.key").read_bytes().strip() not in raw
    for plain in (b"SQLite format 3", b"PGDMP", b"manifest.json", b"%PDF-1.4", "张三".encode()):
        assert plain not in raw


def test_a_restore_into_a_database_that_holds_data_is_refused_without_force(source: Source) -> None:
    refused = source.installation.run("restore", str(source.archive))

    assert refused.returncode == 1
    assert "already holds complaints" in refused.stderr and "--force" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_force_replaces_what_the_database_holds_with_the_archive(source: Source, fresh: Installation) -> None:
    fresh.ok("restore", str(source.archive))
    fresh.ok(
        "shell",
        "-c",
        "from redress.accounts.personas import ensure_personas\n"
        "from redress.complaints.lifecycle import register\n"
        "register(by=ensure_personas()['intake'], description='后来登记的投诉，不在备份里。')",
    )
    later_mail = fresh.home / "sent-mail" / "later.log"
    later_mail.parent.mkdir()
    later_mail.write_text("a letter sent after the backup")

    fresh.ok("restore", "--force", str(source.archive))

    assert fresh.look() == source.seen
    assert not later_mail.exists()
    assert "Audit record intact: 2 complaints" in fresh.ok("audit", "verify")


def test_a_tampered_archive_is_refused_and_nothing_is_restored(source: Source, fresh: Installation) -> None:
    tampered = fresh.home / "tampered.redress-backup"
    raw = bytearray(source.archive.read_bytes())
    raw[len(raw) // 2] ^= 0x01
    tampered.write_bytes(bytes(raw))

    refused = fresh.run("restore", str(tampered))

    assert refused.returncode == 1
    assert "damaged or was altered" in refused.stderr and "Traceback" not in refused.stderr
    assert not (fresh.home / "media").exists()
    assert not [p for p in fresh.home.iterdir() if p.name.startswith(".redress-staging-")]


def test_a_cut_archive_is_refused(source: Source, fresh: Installation) -> None:
    cut = fresh.home / "cut.redress-backup"
    cut.write_bytes(source.archive.read_bytes()[:-100])

    refused = fresh.run("restore", str(cut))

    assert refused.returncode == 1
    assert "cut short" in refused.stderr and "Traceback" not in refused.stderr


def test_another_key_is_refused_with_a_clear_error(source: Source, fresh: Installation) -> None:
    (fresh.home / "data.key").unlink()  # a new home makes its own, different key

    refused = fresh.run("restore", str(source.archive))

    assert refused.returncode == 1
    assert "sealed with another key" in refused.stderr and "Traceback" not in refused.stderr


def test_a_separate_backup_key_seals_the_archive(source: Source, fresh: Installation) -> None:
    backup_key = base64.urlsafe_b64encode(os.urandom(32)).decode()
    archive = fresh.home.parent / "with-backup-key.redress-backup"
    made = source.installation.run("backup", "--output", str(archive), REDRESS_BACKUP_KEY=backup_key)
    assert made.returncode == 0, made.stderr

    without = fresh.run("restore", str(archive))
    restored = fresh.run("restore", str(archive), REDRESS_BACKUP_KEY=backup_key)

    assert "sealed with another key" in without.stderr
    assert restored.returncode == 0, restored.stderr


def test_a_backup_is_never_written_over(source: Source) -> None:
    again = source.installation.run("backup", "--output", str(source.archive))

    assert again.returncode == 1
    assert "already exists" in again.stderr
