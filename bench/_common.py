"""Shared helpers for the benchmarks: environment, database, a gunicorn under our control,
a small keep-alive HTTP client, percentiles, machine facts and result files.

Only loopback traffic: every server this module starts listens on 127.0.0.1, and every
client it builds talks to 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import os
import platform
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
VENV_BIN = Path(sys.executable).parent if (Path(sys.executable).parent / "redress").exists() else ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python")
REDRESS = str(VENV_BIN / "redress")
GUNICORN = str(VENV_BIN / "gunicorn")
RESULTS = BENCH / "results"
HOST = "127.0.0.1"
PG_BASE = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")


# --------------------------------------------------------------------------- environment


def bench_home() -> Path:
    """REDRESS_HOME for the benchmarks: a temp dir kept between runs (it holds the data key,
    and the 1M-row database is only readable with the key it was loaded with)."""
    home = Path(os.environ.get("REDRESS_HOME") or Path(tempfile.gettempdir()) / "redress-bench-home")
    home.mkdir(parents=True, exist_ok=True)
    return home


def database_url(name: str) -> str:
    return f"{PG_BASE}/{name}"


def app_env(db_url: str, **extra: str) -> dict[str, str]:
    """The environment the app (gunicorn, manage.py) runs with."""
    env = {k: v for k, v in os.environ.items() if k not in {"REDRESS_ENV"}}
    env.update(
        DATABASE_URL=db_url,
        REDRESS_HOME=str(bench_home()),
        DJANGO_SETTINGS_MODULE="redress.config.settings",
        DEBUG="0",
        LOG_LEVEL=os.environ.get("LOG_LEVEL", "WARNING"),
        PYTHONUNBUFFERED="1",
    )
    if os.environ.get("BENCH_SRC"):  # measure another copy of src/ (e.g. `git archive` of a commit)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.environ["BENCH_SRC"], env.get("PYTHONPATH")]))
    env.update(extra)
    return env


def use_app_env(db_url: str) -> None:
    """Make this process's environment the app's (before django.setup())."""
    os.environ.update(app_env(db_url))
    os.environ.pop("REDRESS_ENV", None)


def django_setup(db_url: str) -> None:
    use_app_env(db_url)
    src = os.environ.get("BENCH_SRC") or str(ROOT / "src")
    if src not in sys.path:
        sys.path.insert(0, src)
    import django

    django.setup()


def redress(db_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run `redress <args>` (Django's manage.py) against db_url."""
    return subprocess.run([REDRESS, *args], env=app_env(db_url), capture_output=True, text=True, check=check)


# --------------------------------------------------------------------------- database


def pg_connect(dbname: str = "postgres", autocommit: bool = True) -> Any:
    import psycopg

    return psycopg.connect(f"{PG_BASE}/{dbname}", autocommit=autocommit)


def ensure_database(name: str, *, fresh: bool = False) -> str:
    """Create database `name` if missing (drop it first with fresh=True) and migrate it."""
    with pg_connect() as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists and fresh:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    url = database_url(name)
    done = redress(url, "migrate", "--noinput", check=False)
    if done.returncode != 0:
        raise SystemExit(f"migrate failed on {name}:\n{done.stdout}\n{done.stderr}")
    return url


def api_token(db_url: str, username: str = "benchbot", role: str = "intake_agent") -> str:
    """A token for `username`: created with `redress createuser NAME --role ROLE --token`
    (which prints the token on its last line); an existing user gets its token looked up."""
    made = redress(db_url, "createuser", username, "--role", role, "--token", check=False)
    if made.returncode == 0:
        return made.stdout.strip().splitlines()[-1].strip()
    if "exists already" not in made.stderr + made.stdout:
        raise SystemExit(f"createuser failed:\n{made.stdout}\n{made.stderr}")
    code = (
        "from rest_framework.authtoken.models import Token;"
        "from redress.accounts.models import User;"
        f"print(Token.objects.get_or_create(user=User.objects.get(username={username!r}))[0].key)"
    )
    return redress(db_url, "shell", "-c", code).stdout.strip().splitlines()[-1].strip()


# --------------------------------------------------------------------------- gunicorn


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        return [int(p) for p in text.split()]
    except OSError:
        out = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(stat.parent.name))
        return out


def proc_status(pid: int, key: str) -> int | None:
    """A kB figure from /proc/<pid>/status (VmHWM, VmRSS), or None if the process is gone."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


class Gunicorn:
    """`gunicorn -w N redress.config.wsgi` on 127.0.0.1:<free port>, started and stopped by us."""

    def __init__(
        self,
        db_url: str,
        *,
        workers: int = 2,
        worker_class: str = "sync",
        threads: int = 1,
        app: str = "redress.config.wsgi",
        log: Path | None = None,
    ) -> None:
        self.db_url, self.workers, self.worker_class, self.threads = (
            db_url,
            workers,
            worker_class,
            threads,
        )
        self.app = app
        self.port = free_port()
        self.log_path = log or RESULTS / "gunicorn.log"
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def command(self) -> list[str]:
        cmd = [GUNICORN, "-w", str(self.workers), "-b", f"{HOST}:{self.port}", "--timeout", "60"]
        if self.worker_class != "sync":
            cmd += ["-k", self.worker_class, "--threads", str(self.threads)]
        if self.app != "redress.config.wsgi":  # an experiment module in bench/
            cmd += ["--pythonpath", str(BENCH)]
        return [*cmd, self.app]

    def start(self, timeout: float = 60.0) -> Gunicorn:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = open(self.log_path, "ab")  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            self.command,
            env=app_env(self.db_url),
            stdout=log,
            stderr=log,
            cwd=str(ROOT),
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gunicorn exited with {self.proc.returncode}; see {self.log_path}")
            if len(self.worker_pids()) >= self.workers and self._answers():
                return self
            time.sleep(0.2)
        self.stop()
        raise SystemExit(f"gunicorn did not come up within {timeout}s; see {self.log_path}")

    def _answers(self) -> bool:
        try:
            conn = http.client.HTTPConnection(HOST, self.port, timeout=5)
            conn.request("GET", "/api/v1/complaints/")
            status = conn.getresponse().status
            conn.close()
            return status in (401, 403)
        except OSError:
            return False

    def worker_pids(self) -> list[int]:
        return children(self.proc.pid) if self.proc else []

    def memory(self) -> dict[str, dict[str, int | None]]:
        """VmHWM (peak RSS) and VmRSS in kB of the master and each worker."""
        out: dict[str, dict[str, int | None]] = {}
        if self.proc:
            out[f"master {self.proc.pid}"] = {
                "VmHWM_kB": proc_status(self.proc.pid, "VmHWM"),
                "VmRSS_kB": proc_status(self.proc.pid, "VmRSS"),
            }
        for pid in self.worker_pids():
            out[f"worker {pid}"] = {
                "VmHWM_kB": proc_status(pid, "VmHWM"),
                "VmRSS_kB": proc_status(pid, "VmRSS"),
            }
        return out

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)  # our own gunicorn master, by its pid
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def __enter__(self) -> Gunicorn:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


# --------------------------------------------------------------------------- HTTP


class Client:
    """One keep-alive HTTP/1.1 connection to 127.0.0.1 (re-opened when the server closes it)."""

    def __init__(self, port: int, token: str | None = None, timeout: float = 30.0) -> None:
        self.port, self.timeout = port, timeout
        self.headers = {"Accept": "application/json", "Host": f"{HOST}:{port}"}
        if token:
            self.headers["Authorization"] = f"Token {token}"
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes, http.client.HTTPResponse]:
        h = dict(self.headers)
        if body is not None:
            h["Content-Type"] = "application/json"
        if headers:
            h.update(headers)
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=h)
                resp = self.conn.getresponse()
                data = resp.read()
                if resp.will_close:
                    self.conn.close()
                return resp.status, data, resp
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A kept-alive connection the server had already closed: retry once on a new one.
                self.conn.close()
                if attempt == 2 or method != "GET":
                    raise
        raise AssertionError("unreachable")

    def get_json(self, path: str) -> tuple[int, Any]:
        status, data, _ = self.request("GET", path)
        return status, json.loads(data) if data else None

    def post_json(self, path: str, payload: Any, headers: dict[str, str] | None = None) -> tuple[int, Any]:
        status, data, _ = self.request("POST", path, json.dumps(payload).encode(), headers)
        return status, json.loads(data) if data else None

    def close(self) -> None:
        self.conn.close()


# --------------------------------------------------------------------------- figures


def percentile(sorted_values: Sequence[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


def latency_summary(seconds: Sequence[float]) -> dict[str, float | int]:
    ms = sorted(v * 1000 for v in seconds)
    if not ms:
        return {"n": 0}
    return {
        "n": len(ms),
        "min_ms": round(ms[0], 2),
        "p50_ms": round(percentile(ms, 50), 2),
        "p95_ms": round(percentile(ms, 95), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(ms[-1], 2),
        "mean_ms": round(sum(ms) / len(ms), 2),
    }


def machine() -> dict[str, Any]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem_kb = next(
        int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal:")
    )
    try:
        with pg_connect() as conn:
            pg = conn.execute("SELECT version()").fetchone()[0]
            pg_settings = dict(
                conn.execute(
                    "SELECT name, current_setting(name) FROM pg_settings WHERE name = ANY(%s)",
                    [
                        [
                            "shared_buffers",
                            "synchronous_commit",
                            "fsync",
                            "work_mem",
                            "effective_cache_size",
                            "random_page_cost",
                            "max_connections",
                            "jit",
                        ]
                    ],
                ).fetchall()
            )
    except Exception as exc:
        pg, pg_settings = f"unavailable: {exc}", {}
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "nproc": os.cpu_count(),
        "memory_GiB": round(mem_kb / 1024 / 1024, 1),
        "cpu": cpu,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "postgresql": pg,
        "pg_settings": pg_settings,
    }


def tree_state() -> dict[str, Any]:
    """Which code was measured: HEAD and the files changed in the work tree (read-only git)."""

    def git(*args: str) -> str:
        try:
            return subprocess.run(
                ["git", "--no-optional-locks", *args],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=30,
            ).stdout.strip()
        except (OSError, subprocess.TimeoutExpired):
            return ""

    changed = [line for line in git("status", "--porcelain").splitlines() if not line[3:].startswith("bench/")]
    if os.environ.get("BENCH_SRC"):
        return {"bench_src": os.environ["BENCH_SRC"], "work_tree_head": git("rev-parse", "--short", "HEAD")}
    return {"head": git("rev-parse", "--short", "HEAD"), "changed_outside_bench": changed}


def save(name: str, result: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")  # UTC: Django sets TZ in some processes
    path = RESULTS / f"{name}-{stamp}.json"
    result.setdefault("tree", tree_state())
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False, default=str) + "\n")
    (RESULTS / f"{name}-latest.json").write_text(path.read_text())
    return path


@contextmanager
def timed(label: str) -> Iterator[None]:
    t = time.perf_counter()
    yield
    print(f"  {label}: {time.perf_counter() - t:.1f}s", flush=True)


# --------------------------------------------------------------------------- CPU accounting

_TICK = os.sysconf("SC_CLK_TCK")


def _cpu_total() -> tuple[int, int]:
    """(busy, all) jiffies over every CPU, from /proc/stat."""
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    idle = fields[3] + fields[4]
    return sum(fields) - idle, sum(fields)


def _proc_jiffies(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        # utime + stime, plus cutime + cstime: the time of children already reaped (old backends)
        return int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    except (OSError, IndexError):
        return 0


def _postgres_pids() -> list[int]:
    pids = []
    for comm in Path("/proc").glob("[0-9]*/comm"):
        try:
            if comm.read_text().strip() == "postgres":
                pids.append(int(comm.parent.name))
        except OSError:
            continue
    return pids


class CpuMeter:
    """Where the machine's CPU went during a run: the client (this process), the gunicorn
    workers, PostgreSQL (all its processes), and everything else (other people's work)."""

    def __init__(self, server: Gunicorn | None = None) -> None:
        self.server = server

    def _sample(self) -> dict[str, Any]:
        pids = {"client": [os.getpid()], "postgres": _postgres_pids()}
        if self.server and self.server.proc:
            pids["gunicorn"] = [self.server.proc.pid, *self.server.worker_pids()]
        return {
            "t": time.monotonic(),
            "total": _cpu_total(),
            "procs": {k: {p: _proc_jiffies(p) for p in v} for k, v in pids.items()},
        }

    def __enter__(self) -> CpuMeter:
        self.start = self._sample()
        return self

    def __exit__(self, *exc: object) -> None:
        self.end = self._sample()

    def report(self) -> dict[str, Any]:
        """Percent of ONE core for each group (so 200 = both cores of a 2-core machine)."""
        secs = self.end["t"] - self.start["t"]
        busy = (self.end["total"][0] - self.start["total"][0]) / _TICK
        out: dict[str, Any] = {
            "seconds": round(secs, 1),
            "cores": os.cpu_count(),
            "machine_busy_pct": round(100 * busy / secs, 1),
        }
        known = 0.0
        for group, after in self.end["procs"].items():
            before = self.start["procs"].get(group, {})
            used = sum(j - before.get(p, 0) for p, j in after.items()) / _TICK
            known += used
            out[f"{group}_pct"] = round(100 * used / secs, 1)
        out["other_pct"] = round(max(0.0, 100 * (busy - known) / secs), 1)
        return out


def wait_quiet(max_wait: float = 120.0, threshold_pct: float = 25.0) -> dict[str, Any]:
    """Wait (at most max_wait s) until the rest of the machine uses under threshold_pct of a core."""
    t0 = time.monotonic()
    while True:
        with CpuMeter() as m:
            time.sleep(2.0)
        r = m.report()
        busy = r["machine_busy_pct"]
        if busy < threshold_pct or time.monotonic() - t0 > max_wait:
            r["waited_s"] = round(time.monotonic() - t0, 1)
            if busy >= threshold_pct:
                print(
                    f"  warning: machine still {busy}% busy with other work after {r['waited_s']}s",
                    flush=True,
                )
            return r
        time.sleep(3.0)
