"""`redress serve` on a fresh home: the server is up at once and suggests from the shipped triage model."""

from __future__ import annotations

import json
import signal
import sqlite3
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.core.test_cli import REDRESS, embedded_env, free_port, run


def _active_version(home: Path) -> int | None:
    db = home / "redress.sqlite3"
    if not db.exists():
        return None
    with sqlite3.connect(db) as conn:
        try:
            row = conn.execute("SELECT version FROM triage_triagemodelversion WHERE active").fetchone()
        except sqlite3.OperationalError:
            return None
    return int(row[0]) if row else None


@pytest.mark.slow
def test_first_start_suggests_from_the_shipped_model_and_trains_nothing(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = embedded_env(home)
    env["REDRESS_TRIAGE_DATA_DIR"] = str(tmp_path / "no-shared-data")  # as an installation without it
    port = free_port()
    process = subprocess.Popen(
        [REDRESS, "serve", "--port", str(port), "--workers", "1", "--no-worker", "--no-demo"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        up = False
        while time.monotonic() < deadline and not up:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login/", timeout=2) as response:
                    up = response.status == 200
            except OSError:
                time.sleep(0.5)
        assert up, "the web server did not come up"
        created = subprocess.run(
            [REDRESS, "createuser", "first-intake", "--role", "intake_agent", "--token"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        token = created.stdout.strip().splitlines()[-1]
        body = json.dumps(
            {
                "channel": "api",
                "customer": {"name": "王五", "phone": "13800000000"},
                "description": "我的信用卡被盗刷了两万元，银行一直不处理，我要向金融监管总局投诉",
                "desired_outcome": "退回被盗刷的钱",
            }
        ).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/v1/complaints/",
            data=body,
            method="POST",
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            registered = json.load(response)
        suggestion = registered["triage_suggestion"]
        assert suggestion["model_version"] is None and suggestion["explanation"]["model"] == "bootstrap"
        assert suggestion["business"] == "bank_card"
        assert suggestion["urgent"] is True and "regulator" in suggestion["flags"]
        assert suggestion["explanation"]["terms"]["business"]
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert "training the triage model" not in output
    assert _active_version(home) is None  # nothing was trained: the shipped model served
    again = run(home, "triage", "train", "--bootstrap", "--if-missing")
    assert "nothing to do" in again.stdout
