"""The memory of each web process of `redress serve --workers 2` after staff and customers used it.

The server runs as a user starts it (a fresh home: migrated, the demo loaded); two clients, one a worker, each
sign in, open the queue and a complaint, register a complaint through the API and one through the public form,
several times. Then each worker's memory is read from /proc/<pid>/smaps_rollup: its own (USS: private pages,
what stopping it would free) and all it maps (RSS, the pages it shares with the master counted in full).
Targets per web worker: USS ≤ 60 MiB, RSS ≤ 120 MiB (bench/README.md, "Web worker memory", which also has
`bench/web_memory.py`: the same measure with the figures of the master and the Celery worker).
"""

from __future__ import annotations

import http.cookiejar
import json
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.core.test_cli import REDRESS, embedded_env, free_port

WORKERS = 2
ROUNDS = 8  # a client's rounds of traffic; each client mostly reaches a worker of its own
MIB = 1024

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux's smaps_rollup")


def _memory(pid: int) -> dict[str, float]:
    fields: dict[str, int] = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        fields[key.strip()] = int(value.split()[0])
    return {
        "rss": fields["Rss"] / MIB,
        "pss": fields["Pss"] / MIB,
        "uss": (fields["Private_Clean"] + fields["Private_Dirty"]) / MIB,
    }


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _is_text_service(pid: int) -> bool:
    return b"redress.config.textservice" in Path(f"/proc/{pid}/cmdline").read_bytes()


def _workers(master: int) -> list[int]:
    """The master's web workers (its other child is the text service)."""
    return [p for p in _children(master) if not _is_text_service(p)]


def _maps(pid: int, library: str) -> bool:
    return f"/{library}" in Path(f"/proc/{pid}/maps").read_text()


def _cpu_ticks(pid: int) -> int:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def _csrf(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def _round(base: str, token: str, password: str, n: int) -> dict[str, Any]:
    """What staff and a customer do; returns the suggestion the API registration got."""
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with browser.open(f"{base}/login/", timeout=60) as page:
        form = {"csrfmiddlewaretoken": _csrf(page.read().decode()), "username": "handler", "password": password}
    with browser.open(f"{base}/login/", urllib.parse.urlencode(form).encode(), timeout=60) as queue:
        assert queue.url.rstrip("/") == base, "the sign-in did not lead to the queue"
        references = re.findall(r'href="/complaints/([A-Z]{2,5}-[0-9]{8}-[0-9]{4,})/"', queue.read().decode())
    assert references, "no complaint on the queue page"
    with browser.open(f"{base}/complaints/{references[n % len(references)]}/", timeout=60) as page:
        assert page.status == 200
    body = {
        "channel": "phone",
        "customer": {"name": f"Ada Memory {n}", "phone": f"+44 7700 9{n:05d}"},
        "description": "Someone used my card for three purchases I never made and the bank has not refunded "
        "me after two weeks. I am 81 and it was all my savings.",
        "desired_outcome": "A refund",
    }
    request = urllib.request.Request(  # noqa: S310 - our own server, on http://127.0.0.1
        f"{base}/api/v1/complaints/",
        json.dumps(body).encode(),
        headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310 - our own server
        suggestion: dict[str, Any] = json.load(answer)["triage_suggestion"]
    customer = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with customer.open(f"{base}/complaints/new/", timeout=60) as page:
        form = {
            "csrfmiddlewaretoken": _csrf(page.read().decode()),
            "name": f"客户{n}",
            "phone": f"139{n:08d}",
            "description": "信用卡账单上出现一笔我不认识的消费，金额3280元，请尽快核查并退款。",
            "desired_outcome": "退还不明消费",
            "language": "zh-hans",
            "consent": "on",
            "website": "",
        }
    with customer.open(f"{base}/complaints/new/", urllib.parse.urlencode(form).encode(), timeout=60) as thanks:
        assert thanks.status == 200
    return suggestion


@pytest.fixture(scope="module")
def after_traffic(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    home = tmp_path_factory.mktemp("web-memory")
    # every request comes from 127.0.0.1; the staff sign-in here is a password only (2FA has tests of its own)
    env = {**embedded_env(home), "REDRESS_INTAKE_WEB_PER_HOUR": "100000", "REDRESS_REQUIRE_2FA": "false"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with (home / "serve.log").open("w") as log:
        process = subprocess.Popen(
            [REDRESS, "serve", "--port", str(port), "--workers", str(WORKERS), "--no-worker"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline, master, workers = time.monotonic() + 240, None, list[int]()
        while time.monotonic() < deadline and len(workers) < WORKERS:
            assert process.poll() is None, (home / "serve.log").read_text()
            master = next(iter(_children(process.pid)), None)
            workers = _workers(master) if master else []
            time.sleep(0.5)
        assert master and len(workers) == WORKERS, (home / "serve.log").read_text()
        created = subprocess.run(
            [REDRESS, "createuser", "memory-intake", "--role", "intake_agent", "--token"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert created.returncode == 0, created.stderr
        token = created.stdout.strip().splitlines()[-1]
        logins = (home / "demo-logins.txt").read_text().splitlines()
        password = next(line.split("\t")[2] for line in logins if line.startswith("handler\t"))
        before = {pid: _cpu_ticks(pid) for pid in workers}
        suggestions: list[dict[str, Any]] = []
        failures: list[BaseException] = []

        def client(k: int) -> None:
            try:
                suggestions.extend(_round(base, token, password, k * 1000 + r) for r in range(ROUNDS))
            except BaseException as exc:  # raised below, in the test's thread
                failures.append(exc)

        clients = [threading.Thread(target=client, args=(k,)) for k in range(WORKERS)]
        for thread in clients:
            thread.start()
        for thread in clients:
            thread.join()
        if failures:
            raise failures[0]
        assert _workers(master) == workers, "a worker was replaced during the traffic"
        yield {
            "master": master,
            "text_service": [p for p in _children(master) if _is_text_service(p)],
            "workers": {pid: _memory(pid) for pid in workers},
            "served": {pid: _cpu_ticks(pid) - before[pid] for pid in workers},
            "suggestions": suggestions,
        }
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)


@pytest.mark.slow
def test_each_web_worker_keeps_its_own_memory_within_60_mib_and_suggests_from_the_model(
    after_traffic: dict[str, Any],
) -> None:
    assert all(ticks > 0 for ticks in after_traffic["served"].values()), "a worker served nothing"
    suggestions = after_traffic["suggestions"]
    assert len(suggestions) == WORKERS * ROUNDS
    assert all(s["explanation"]["model"] == "bootstrap" and s["product"] for s in suggestions)
    for pid, memory in after_traffic["workers"].items():
        assert memory["uss"] <= 60, f"worker {pid}: {memory}"


@pytest.mark.slow
def test_each_web_worker_maps_at_most_120_mib(after_traffic: dict[str, Any]) -> None:
    """Met with the text service and less imported before the fork (single sign-on, the schema's views, DRF's
    unused extras and Celery's client on first use): 107.8–107.9 MiB in bench/web_memory.py, 12 MiB under the
    target; what the master imports at start (its heap every worker maps) is most of it. See bench/README.md."""
    for pid, memory in after_traffic["workers"].items():
        assert memory["rss"] <= 120, f"worker {pid}: {memory}"


@pytest.mark.slow
def test_the_model_and_the_word_cutter_stay_in_the_text_service(after_traffic: dict[str, Any]) -> None:
    (service,) = after_traffic["text_service"]
    assert _maps(service, "numpy") and _maps(service, "rjieba")
    for pid in [after_traffic["master"], *after_traffic["workers"]]:
        assert not _maps(pid, "numpy") and not _maps(pid, "rjieba"), f"process {pid}"


@pytest.mark.slow
def test_a_web_process_starts_without_the_libraries_only_theme_runs_and_effects_use(tmp_path: Path) -> None:
    """scikit-learn, statsmodels, pandas and the Chinese word cutter cost a web process ~180 MiB; only a theme
    run or an improvement's effect needs them, and loads them then. Triage predicts without scipy (~20 MiB)."""
    code = (
        "import sys\n"
        "from redress.config.wsgi import application\n"
        "from django.urls import get_resolver\n"
        "get_resolver().url_patterns\n"
        "from redress.triage.runtime import current_triage\n"
        "assert current_triage()[0].predict('Someone used my card for purchases I never made.').product\n"
        "print(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    env = {**embedded_env(tmp_path), "DJANGO_SETTINGS_MODULE": "redress.config.settings"}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "django" in loaded and "rest_framework" in loaded
    assert "numpy" in loaded
    assert not loaded & {"sklearn", "statsmodels", "pandas", "rjieba", "opencc", "weasyprint", "scipy"}
