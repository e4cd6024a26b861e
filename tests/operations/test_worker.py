"""A real worker (with its scheduler) keeps the worker check green; once it is killed, the check turns red."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_cli import REDRESS, embedded_env, run

QUICK = {"REDRESS_HEARTBEAT_SECONDS": "1", "REDRESS_READY_WORKER_SECONDS": "4"}


def readiness(home: Path) -> tuple[int, dict[str, Any]]:
    done = subprocess.run(
        [REDRESS, "ready"], env=embedded_env(home) | QUICK, capture_output=True, text=True, timeout=120
    )
    return done.returncode, json.loads(done.stdout)


@pytest.mark.slow
def test_readiness_goes_red_when_the_worker_stops(tmp_path: Path) -> None:
    assert run(tmp_path, "migrate", "-v0").returncode == 0
    code, report = readiness(tmp_path)
    assert code == 1 and "worker" in report["failing"]
    command = [sys.executable, "-m", "celery", "-A", "redress.config", "worker", "--beat"]
    command += ["--schedule", str(tmp_path / "celerybeat-schedule"), "--concurrency", "1", "--pool", "threads"]
    worker = subprocess.Popen(
        command,
        env=embedded_env(tmp_path) | QUICK,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            code, report = readiness(tmp_path)
            if code == 0:
                break
            assert time.monotonic() < deadline, report
            time.sleep(0.5)
        assert report["checks"]["sweep"]["ok"]  # swept when the worker started
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
    time.sleep(5)
    code, report = readiness(tmp_path)
    assert (code, report["failing"]) == (1, ["worker"])
