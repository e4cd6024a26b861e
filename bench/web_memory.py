"""Memory of each web worker after realistic traffic: RSS, PSS and USS, under `redress serve`.

    .venv/bin/python bench/web_memory.py [--workers 2] [--rounds 8] [--postgres]

Starts `redress serve --workers N` exactly as a user does (web server and Celery worker), on a
fresh temporary REDRESS_HOME: it migrates and loads the demo on first start (SQLite and the
embedded broker; with `--postgres`, the database redress_bench_memory, dropped and created again
for each run). Then N client threads, one per worker
so that every worker serves, each repeat `--rounds` times what staff and customers do:

* sign in as the demo handler (GET and POST /login/), the queue page `/`, a complaint's page;
* register a complaint through the API (`POST /api/v1/complaints/`, token of an intake agent),
  which triages it at once: the answer must carry a suggestion from the model, not the rules;
* the public web form: GET /complaints/new/, POST it (registration, triaged too).

Then it reads /proc/<pid>/smaps_rollup of the gunicorn master and every worker: RSS (`Rss`), PSS
(`Pss`: shared pages divided among the processes sharing them) and USS (`Private_Clean +
Private_Dirty`: what would be freed if that process alone stopped), with the peak RSS (VmHWM)
from /proc/<pid>/status; the text service's (the master's child holding the triage model and the word
cutter, `redress.config.textservice`) and the Celery worker's for information, and the PSS of master, workers
and text service together. Prints JSON (MiB) and saves it
under bench/results/. `--hold` keeps the server up afterwards until Ctrl-C, to inspect it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import _common as c

HANDLER = "handler"  # a demo persona who sees the queue and every complaint's page
DB = "redress_bench_memory"
TEXT_SERVICE = "redress.config.textservice"


def smaps_rollup(pid: int) -> dict[str, float] | None:
    """RSS, PSS, USS and peak RSS of one process in MiB (None if it is gone)."""
    fields: dict[str, int] = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            key, _, value = line.partition(":")
            fields[key.strip()] = int(value.split()[0])  # kB
    except (OSError, ValueError, IndexError):
        return None
    peak = c.proc_status(pid, "VmHWM") or 0
    mib = 1024.0
    return {
        "rss_MiB": round(fields["Rss"] / mib, 1),
        "pss_MiB": round(fields["Pss"] / mib, 1),
        "uss_MiB": round((fields["Private_Clean"] + fields["Private_Dirty"]) / mib, 1),
        "private_dirty_MiB": round(fields["Private_Dirty"] / mib, 1),
        "shared_MiB": round((fields["Shared_Clean"] + fields["Shared_Dirty"]) / mib, 1),
        "swap_MiB": round(fields.get("Swap", 0) / mib, 1),
        "peak_rss_MiB": round(peak / mib, 1),
    }


HEAVY_LIBRARIES = ("numpy", "rjieba", "opencc", "scipy")


def libraries(pid: int) -> list[str]:
    """Which of the triage and word-cutting libraries the process has mapped (their shared objects)."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return []
    return [name for name in HEAVY_LIBRARIES if f"/{name}" in maps]


def fresh_database(name: str) -> str:
    """An empty database `name` (dropped first if it exists): `redress serve` migrates it and loads the demo."""
    with c.pg_connect() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return c.database_url(name)


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


class Serve:
    """`redress serve` on 127.0.0.1:<free port> in a home of its own, started and stopped by us."""

    def __init__(self, home: Path, workers: int, database_url: str | None, log: Path) -> None:
        self.home, self.workers, self.log_path = home, workers, log
        self.port = c.free_port()
        self.env = {k: v for k, v in os.environ.items() if k not in {"REDRESS_ENV", "DATABASE_URL"}}
        self.env.update(
            REDRESS_HOME=str(home),
            DJANGO_SETTINGS_MODULE="redress.config.settings",
            DEBUG="0",
            LOG_LEVEL="WARNING",
            PYTHONUNBUFFERED="1",
            REDRESS_INTAKE_WEB_PER_HOUR="1000000",  # every request comes from 127.0.0.1
            REDRESS_REQUIRE_2FA="false",  # the traffic signs in with a password only
        )
        if database_url:
            self.env["DATABASE_URL"] = database_url
        if os.environ.get("BENCH_SRC"):
            self.env["PYTHONPATH"] = os.environ["BENCH_SRC"]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 300.0) -> Serve:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        command = [c.REDRESS, "serve", "--port", str(self.port), "--workers", str(self.workers)]
        self.proc = subprocess.Popen(
            command, env=self.env, stdout=log, stderr=log, cwd=str(c.ROOT), start_new_session=True
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"redress serve exited with {self.proc.returncode}; see {self.log_path}")
            if len(self.worker_pids()) >= self.workers and self._answers():
                return self
            time.sleep(0.5)
        self.stop()
        raise SystemExit(f"redress serve did not come up within {timeout}s; see {self.log_path}")

    def _answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection(c.HOST, self.port, timeout=5)
            conn.request("GET", "/login/")
            status = conn.getresponse().status
            conn.close()
            return status == 200
        except OSError:
            return False

    def master_pid(self) -> int | None:
        if not self.proc:
            return None
        return next((p for p in c.children(self.proc.pid) if "gunicorn" in cmdline(p)), None)

    def celery_pid(self) -> int | None:
        if not self.proc:
            return None
        return next((p for p in c.children(self.proc.pid) if "celery" in cmdline(p)), None)

    def worker_pids(self) -> list[int]:
        master = self.master_pid()
        return [p for p in c.children(master) if TEXT_SERVICE not in cmdline(p)] if master else []

    def text_service_pid(self) -> int | None:
        """The text service the master started (redress.config.gunicorn), None when it is off."""
        master = self.master_pid()
        return next((p for p in c.children(master) if TEXT_SERVICE in cmdline(p)), None) if master else None

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # our own `redress serve`, by its pid; it stops its children
            try:
                self.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)  # its own session, started above
                self.proc.wait()
        self.proc = None


# --------------------------------------------------------------------------- traffic


class Browser:
    """One keep-alive connection with a cookie jar: what a browser sends, minus the rendering."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.conn = http.client.HTTPConnection(c.HOST, port, timeout=120)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, body: bytes | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, str, http.client.HTTPResponse]:
        sent = {"Host": f"{c.HOST}:{self.port}", "Accept-Language": "en", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method == "POST":
            sent.setdefault("Referer", f"http://{c.HOST}:{self.port}{path}")
        self.conn.request(method, path, body=body, headers=sent)
        resp = self.conn.getresponse()
        text = resp.read().decode(errors="replace")
        for header in resp.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        if resp.will_close:
            self.conn.close()
        return resp.status, text, resp

    def csrf(self, html: str) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        if not found:
            raise SystemExit("no CSRF token on the page")
        return found.group(1)

    def close(self) -> None:
        self.conn.close()


def form(fields: dict[str, str]) -> bytes:
    from urllib.parse import urlencode

    return urlencode(fields).encode()


def multipart(fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def must(status: int, expected: int | tuple[int, ...], what: str, text: str = "") -> None:
    if status not in ((expected,) if isinstance(expected, int) else expected):
        raise SystemExit(f"{what}: HTTP {status} {text[:300]}")


API_TEXT = (
    "Someone used my card details to make three online purchases I never made, about 4,800 in total, "
    "and the bank still has not refunded me after two weeks. I am 81 and this is all my savings."
)
FORM_TEXT = "信用卡账单上出现一笔我不认识的消费，金额3280元，客服说要等一个月才能处理，请尽快核查并退款。"


def one_round(port: int, token: str, password: str, n: int) -> dict[str, Any]:
    """Staff pages, an API registration and a web-form registration; returns the API's suggestion."""
    staff = Browser(port)
    status, html, _ = staff.request("GET", "/login/")
    must(status, 200, "GET /login/")
    status, text, _ = staff.request(
        "POST",
        "/login/",
        form({"csrfmiddlewaretoken": staff.csrf(html), "username": HANDLER, "password": password}),
        {"Content-Type": "application/x-www-form-urlencoded"},
    )
    must(status, 302, "sign-in", text)
    status, html, _ = staff.request("GET", "/")
    must(status, 200, "queue page", html)
    references = re.findall(r'href="/complaints/([A-Z]{2,5}-[0-9]{8}-[0-9]{4,})/"', html)
    if not references:
        raise SystemExit("no complaint on the queue page")
    status, html, _ = staff.request("GET", f"/complaints/{references[n % len(references)]}/")
    must(status, 200, "complaint page", html)
    staff.close()

    api = c.Client(port, token, timeout=120)
    body = {
        "channel": "phone",
        "customer": {"name": f"Ada Memory {n}", "phone": f"+44 7700 9{n:05d}", "email": f"ada{n}@example.com"},
        "description": API_TEXT,
        "desired_outcome": "A refund of the charges",
        "language": "en",
    }
    status, registered = api.post_json("/api/v1/complaints/", body)
    must(status, 201, "API registration", json.dumps(registered))
    api.close()
    suggestion = registered.get("triage_suggestion") or {}

    customer = Browser(port)
    status, html, _ = customer.request("GET", "/complaints/new/", headers={"Accept-Language": "zh-hans"})
    must(status, 200, "public form")
    payload, ctype = multipart(
        {
            "csrfmiddlewaretoken": customer.csrf(html),
            "name": f"客户{n}",
            "phone": f"139{n:08d}",
            "email": f"web{n}@example.cn",
            "address": "上海市浦东新区世纪大道100号",
            "product": "信用卡",
            "description": FORM_TEXT,
            "desired_outcome": "退还不明消费",
            "language": "zh-hans",
            "consent": "on",
            "website": "",
        }
    )
    status, text, _ = customer.request(
        "POST", "/complaints/new/", payload, {"Content-Type": ctype, "Accept-Language": "zh-hans"}
    )
    must(status, (200, 302, 303), "public form POST", text)
    customer.close()
    return suggestion


def jiffies(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=8, help="rounds of traffic per client thread")
    parser.add_argument("--postgres", action="store_true", help=f"a fresh {DB} instead of the embedded SQLite")
    parser.add_argument(
        "--no-text-service", action="store_true", help="REDRESS_TEXT_SERVICE=off: the model in the master, shared"
    )
    parser.add_argument("--hold", action="store_true", help="keep the server up afterwards until Ctrl-C")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="redress-memory-"))
    database_url = fresh_database(DB) if args.postgres else None
    server = Serve(home, args.workers, database_url, c.RESULTS / "web_memory.log")
    if args.no_text_service:
        server.env["REDRESS_TEXT_SERVICE"] = "off"
    try:
        t0 = time.perf_counter()
        server.start()
        started_s = time.perf_counter() - t0
        made = subprocess.run(
            [c.REDRESS, "createuser", "memorybot", "--role", "intake_agent", "--token"],
            env=server.env,
            capture_output=True,
            text=True,
            check=True,
        )
        token = made.stdout.strip().splitlines()[-1].strip()
        logins = [line.split("\t") for line in (home / "demo-logins.txt").read_text().splitlines() if line]
        password = next(pw for user, _, pw in logins if user == HANDLER)

        workers = server.worker_pids()
        before = {pid: jiffies(pid) for pid in workers}
        suggestions: list[dict[str, Any]] = []
        errors: list[str] = []

        def client(k: int) -> None:
            try:
                for r in range(args.rounds):
                    suggestions.append(one_round(server.port, token, password, k * 10_000 + r))
            except BaseException as exc:  # reported below
                errors.append(f"{type(exc).__name__}: {exc}")

        t1 = time.perf_counter()
        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        traffic_s = time.perf_counter() - t1
        if errors:
            raise SystemExit(f"traffic failed: {errors[0]}")
        time.sleep(1.0)  # the last responses' clean-up

        master = server.master_pid()
        result: dict[str, Any] = {
            "master": {"pid": master, **(smaps_rollup(master) or {}), "maps": libraries(master)} if master else None,
            "workers": [
                {
                    "pid": pid,
                    "cpu_s_during_traffic": round((jiffies(pid) - before.get(pid, 0)) / os.sysconf("SC_CLK_TCK"), 2),
                    **(smaps_rollup(pid) or {}),
                    "maps": libraries(pid),
                }
                for pid in server.worker_pids()
            ],
            "celery_worker": {
                **(smaps_rollup(server.celery_pid() or -1) or {}),
                "maps": libraries(server.celery_pid() or -1),
            },
            "text_service": {
                **(smaps_rollup(server.text_service_pid() or -1) or {}),
                "maps": libraries(server.text_service_pid() or -1),
            },
            "targets_per_web_worker": {"uss_MiB": 60, "rss_MiB": 120},
            "requests": {
                "rounds": args.rounds * args.workers,
                "per_round": "GET+POST /login/, GET /, GET a complaint page, POST /api/v1/complaints/, "
                "GET+POST /complaints/new/",
            },
            "model_suggestions": {
                "with_product": sum(1 for s in suggestions if s.get("product")),
                "of": len(suggestions),
                "urgent": sum(1 for s in suggestions if s.get("urgent")),
                "example": suggestions[0] if suggestions else None,
            },
            "seconds": {"start": round(started_s, 1), "traffic": round(traffic_s, 1)},
            "settings": {
                "workers": args.workers,
                "database": "PostgreSQL" if args.postgres else "SQLite",
                "text_service": not args.no_text_service,
            },
            "machine": c.machine(),
        }
        web = [result["master"] or {}, *result["workers"], result["text_service"] or {}]
        result["web_pss_total_MiB"] = round(sum(p.get("pss_MiB", 0.0) for p in web), 1)
        worst = result["workers"]
        result["met"] = bool(worst) and all(w.get("uss_MiB", 1e9) <= 60 and w.get("rss_MiB", 1e9) <= 120 for w in worst)
        path = c.save("web_memory", result)
        print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2, ensure_ascii=False))
        print(f"saved {path}")
        if args.hold:
            print(f"holding {c.HOST}:{server.port} (home {home}); Ctrl-C stops it", flush=True)
            try:
                while server.proc and server.proc.poll() is None:
                    time.sleep(1)
            except KeyboardInterrupt:
                pass
    finally:
        server.stop()
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
