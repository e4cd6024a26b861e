"""The `redress` console script, as a person runs it: a fresh embedded home, real processes."""

from __future__ import annotations

import json
import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from redress.accounts.models import User
from redress.complaints.models import Complaint

REDRESS = str(Path(sys.executable).with_name("redress"))


def embedded_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "CELERY_BROKER_URL")}
    env["REDRESS_HOME"] = str(home)
    return env


def run(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([REDRESS, *args], env=embedded_env(home), capture_output=True, text=True, timeout=300)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int, subprocess.Popen[str]]]:
    port = free_port()
    process = subprocess.Popen(
        [REDRESS, "serve", "--port", str(port), "--workers", "1"],
        env=embedded_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        yield tmp_path, port, process
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


@pytest.mark.slow
def test_serve_runs_the_app_with_the_demo_and_stops_cleanly(served: tuple[Path, int, subprocess.Popen[str]]) -> None:
    home, port, process = served
    created = run(home, "createuser", "cli-intake", "--role", "intake_agent", "--token")
    assert created.returncode == 0, created.stderr
    token = created.stdout.strip().splitlines()[-1]
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/complaints/?status=investigating", headers={"Authorization": f"Token {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        body = json.load(response)
    assert len(body["results"]) >= 2  # the demo has complaints under investigation
    assert f"http://127.0.0.1:{port}/survey/" in _demo_survey_links(home, port)  # links follow --port
    assert (home / "redress.sqlite3").exists() and (home / "data.key").exists()
    assert (home / "data.key").stat().st_mode & 0o077 == 0
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert "redress is running at" in output
    assert "intake" in output and "(intake_agent)" in output  # the demo sign-ins are printed
    assert "celery@" in output or "ready" in output


def _demo_survey_links(home: Path, port: int) -> str:
    """The text of the demo's decision letters, as compliance reads them through the API."""
    created = run(home, "createuser", "cli-compliance", "--role", "compliance", "--token")
    headers = {"Authorization": f"Token {created.stdout.strip().splitlines()[-1]}"}
    texts = []
    for status in ("customer_notified", "closed"):
        listed = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/complaints/?status={status}", headers=headers)
        with urllib.request.urlopen(listed, timeout=10) as response:  # noqa: S310
            references = [row["reference"] for row in json.load(response)["results"]]
        for reference in references:
            letters = urllib.request.Request(
                f"http://127.0.0.1:{port}/api/v1/complaints/{reference}/letters/", headers=headers
            )
            with urllib.request.urlopen(letters, timeout=10) as response:  # noqa: S310
                texts += [letter["body"] for letter in json.load(response)["results"]]
    return "\n".join(texts)


@pytest.mark.slow
def test_audit_verify_exits_non_zero_after_tampering(tmp_path: Path) -> None:
    assert run(tmp_path, "migrate", "-v0").returncode == 0
    assert run(tmp_path, "demo").returncode == 0
    ok = run(tmp_path, "audit", "verify")
    assert ok.returncode == 0 and "intact" in ok.stdout
    with sqlite3.connect(tmp_path / "redress.sqlite3") as db:
        db.execute("DROP TRIGGER audit_event_no_update")  # as whoever can write the file could
        db.execute("UPDATE audit_event SET data = '{}' WHERE id = (SELECT MAX(id) FROM audit_event)")
    broken = run(tmp_path, "audit", "verify")
    assert broken.returncode == 1
    assert "CMP-" in broken.stderr and "edited" in broken.stderr


@pytest.mark.django_db
class TestCreateUser:
    def test_it_creates_a_user_with_a_role_department_limit_and_token(self, capsys: Any) -> None:
        call_command(
            "createuser",
            "li.approver",
            "--role",
            "approver",
            "--department",
            "cards",
            "--approval-limit",
            "50000CNY",
            "--token",
        )
        user = User.objects.get(username="li.approver")
        assert (user.role, user.department.code if user.department else None) == ("approver", "cards")
        assert (user.approval_limit, user.approval_currency) == (Decimal("50000"), "CNY")
        assert len(capsys.readouterr().out.strip().splitlines()[-1]) == 40

    def test_it_refuses_bad_input_clearly(self) -> None:
        with pytest.raises(CommandError, match="approval-limit"):
            call_command("createuser", "x", "--role", "approver", "--approval-limit", "lots", "--token")
        call_command("createuser", "dup", "--role", "handler", "--token")
        with pytest.raises(CommandError, match="exists already"):
            call_command("createuser", "dup", "--role", "handler", "--token")
        assert not User.objects.filter(username="x").exists()


@pytest.mark.django_db
def test_demo_loads_complaints_in_every_stage_and_only_once(capsys: Any) -> None:
    call_command("demo")
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert {"received", "triaged", "assigned", "investigating", "resolution_proposed", "closed"} <= statuses
    assert {"zh-hans", "zh-hant", "en"} <= set(Complaint.objects.values_list("language", flat=True))
    with pytest.raises(CommandError):
        call_command("demo")


@pytest.mark.django_db
def test_production_never_loads_the_demo_and_its_shared_password(settings: Any) -> None:
    from io import StringIO

    from redress.site.management.commands.serve import Command as Serve

    settings.PRODUCTION = True
    out = StringIO()
    Serve(stdout=out).first_start(demo=True)
    assert not User.objects.exists() and not Complaint.objects.exists()
    assert "redress createuser" in out.getvalue()


def test_a_hyphenated_command_runs_its_underscored_module(tmp_path: Path) -> None:
    """`redress social-source …` as the README spells it; Django's module is social_source."""
    result = run(tmp_path, "social-source", "--help")
    assert result.returncode == 0, result.stderr
    assert "social" in result.stdout.lower()


def test_only_the_command_name_changes() -> None:
    from redress.cli import command_argv

    assert command_argv(["mail-fetch", "--imap-host", "a-b"]) == ["mail_fetch", "--imap-host", "a-b"]
    assert command_argv(["--version"]) == ["--version"]
    assert command_argv([]) == []


@pytest.mark.parametrize(
    "args",
    [("triage", "train", "--bootstrap"), ("audit", "verify"), ("notifications", "list", "admin")],
)
def test_a_command_on_a_home_not_yet_migrated_says_to_migrate(tmp_path: Path, args: tuple[str, ...]) -> None:
    """No traceback about a missing table: the one thing to do, and a non-zero exit."""
    result = run(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    assert "redress migrate" in result.stderr
    assert "Traceback" not in result.stderr
