"""Registration throughput: POST /api/v1/complaints/ under sustained load.

    .venv/bin/python bench/register_load.py [--duration 60] [--concurrency 4]

Starts `gunicorn -w 2 redress.config.wsgi` on 127.0.0.1 against PostgreSQL (database
redress_bench, DEBUG=0), creates the API user with `redress createuser benchbot --role
intake_agent --token`, and drives it from this process (not the server's) with one
http.client connection per thread. Bodies are bilingual, one distinct customer each, with an
Idempotency-Key each (as an integrating system would send). Reports complaints/s,
p50/p95/p99 latency, errors, and VmHWM of each worker; then the ceiling: a plain psycopg
INSERT loop (one row per transaction) of rows of the same width into a scratch copy of the
complaint table, for the same duration.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import json
import os
import random
import secrets
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

import _common as c
import _data

PATH = "/api/v1/complaints/"


def make_bodies(count: int, seed: int, first_n: int) -> list[tuple[bytes, str]]:
    rng = random.Random(seed)
    now = dt.datetime.now(dt.UTC)
    return [
        (
            json.dumps(_data.register_body(first_n + i, rng, now), ensure_ascii=False).encode(),
            uuid.uuid4().hex,
        )
        for i in range(count)
    ]


def drive(
    port: int,
    token: str,
    bodies: list[tuple[bytes, str]],
    *,
    duration: float,
    concurrency: int,
    max_requests: int,
    idempotency: bool,
) -> dict[str, Any]:
    """Send the bodies from `concurrency` threads until `duration` s or `max_requests` have passed."""
    lock = threading.Lock()
    cursor = [0]
    records: list[list[tuple[float, float, int]]] = [[] for _ in range(concurrency)]
    failures: dict[str, int] = {}
    start = time.perf_counter()
    deadline = start + duration

    def take() -> tuple[bytes, str] | None:
        with lock:
            i = cursor[0]
            if i >= max_requests or i >= len(bodies):
                return None
            cursor[0] += 1
            return bodies[i]

    def worker(slot: int) -> None:
        client = c.Client(port, token)
        out = records[slot]
        while time.perf_counter() < deadline:
            item = take()
            if item is None:
                break
            body, key = item
            headers = {"Idempotency-Key": key} if idempotency else None
            t0 = time.perf_counter()
            try:
                status, data, _ = client.request("POST", PATH, body, headers)
                if status == 201 and b'"reference"' not in data:
                    status = -2
            except Exception as exc:
                status = -1
                client.close()
                with lock:
                    failures[type(exc).__name__] = failures.get(type(exc).__name__, 0) + 1
            t1 = time.perf_counter()
            out.append((t1, t1 - t0, status))
        client.close()

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=duration + 120)
    flat = [r for rs in records for r in rs]
    elapsed = (max((r[0] for r in flat), default=start) - start) or 1e-9
    ok = [r[1] for r in flat if r[2] == 201]
    statuses: dict[str, int] = {}
    for r in flat:
        statuses[str(r[2])] = statuses.get(str(r[2]), 0) + 1
    return {
        "requests": len(flat),
        "created": len(ok),
        "errors": len(flat) - len(ok),
        "statuses": statuses,
        "exceptions": failures,
        "elapsed_s": round(elapsed, 2),
        "bodies_left": len(bodies) - cursor[0],
        "throughput_per_s": round(len(ok) / elapsed, 1),
        "latency_ok": c.latency_summary(ok),
        "latency_all": c.latency_summary([r[1] for r in flat]),
    }


# --------------------------------------------------------------------------- ceiling


def _cipher(text: str) -> str:
    """A value as wide as redress.privacy.crypto.encrypt(text): 'v1:' + b64(nonce + ct + tag)."""
    if not text:
        return ""
    return "v1:" + base64.urlsafe_b64encode(os.urandom(12 + len(text.encode()) + 16)).decode()


def insert_ceiling(
    db_url: str, bodies: list[tuple[bytes, str]], duration: float, connections: int = 1
) -> dict[str, Any]:
    """A plain psycopg INSERT loop, one row per transaction, into a scratch copy of the complaint
    table (same columns and indexes), with rows as wide as the app's, for `duration` seconds."""
    import psycopg

    rows = []
    for i, (raw, key) in enumerate(bodies[:20000]):
        b = json.loads(raw)
        cust = b["customer"]
        rows.append(
            (
                f"SCR-{i:09d}",
                "received",
                b["channel"],
                b["jurisdiction"],
                b["language"],
                b["received_at"],
                _cipher(cust["name"]),
                _cipher(cust["id_number"]),
                _cipher(cust["phone"]),
                _cipher(cust["email"]),
                _cipher(cust["address"]),
                secrets.token_hex(32) if cust["phone"] else "",
                secrets.token_hex(32) if cust["email"] else "",
                secrets.token_hex(32) if cust["id_number"] else "",
                b["description"],
                b["desired_outcome"],
                b["product"],
                b.get("named_staff_text", ""),
                b.get("call_recording_ref", ""),
                key,
                secrets.token_hex(32),
            )
        )
    sql = (
        "INSERT INTO bench_ceiling (reference, status, channel, jurisdiction, language, received_at, registered_at,"
        " customer_name, customer_id_number, customer_phone, customer_email, customer_address, phone_index,"
        " email_index, id_number_index, description, desired_outcome, product, business, urgent, named_staff_text,"
        " call_recording_ref, outcome, satisfaction, updated_at, idempotency_key, request_fingerprint,"
        " forwarded_by_regulator, reason, root_cause, external, narrative_consent)"
        " VALUES (%s, %s, %s, %s, %s, %s, now(), %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, '', false, %s, %s,"
        " '', '', now(), %s, %s, false, '', '', '{}', false)"
    )
    with psycopg.connect(db_url, autocommit=True) as conn:
        conn.execute("DROP TABLE IF EXISTS bench_ceiling")
        conn.execute("CREATE TABLE bench_ceiling (LIKE complaints_complaint INCLUDING ALL)")
    counts = [0] * connections
    start = time.perf_counter()
    deadline = start + duration
    lat: list[list[float]] = [[] for _ in range(connections)]

    def loop(slot: int) -> None:
        with psycopg.connect(db_url, autocommit=True, prepare_threshold=0) as conn:
            n = slot
            while time.perf_counter() < deadline:
                row = rows[n % len(rows)]
                t0 = time.perf_counter()
                conn.execute(sql, (f"{row[0]}-{n}", *row[1:]))  # one row, one transaction
                lat[slot].append(time.perf_counter() - t0)
                counts[slot] += 1
                n += connections

    threads = [threading.Thread(target=loop, args=(i,)) for i in range(connections)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    with psycopg.connect(db_url, autocommit=True) as conn:
        stored = conn.execute("SELECT count(*), avg(pg_column_size(t.*))::int FROM bench_ceiling t").fetchone()
        app_width = conn.execute(
            "SELECT avg(pg_column_size(t.*))::int"
            " FROM (SELECT * FROM complaints_complaint ORDER BY id DESC LIMIT 5000) t"
        ).fetchone()[0]
        conn.execute("DROP TABLE bench_ceiling")
    return {
        "connections": connections,
        "rows": sum(counts),
        "stored_rows": stored[0],
        "elapsed_s": round(elapsed, 2),
        "rows_per_s": round(sum(counts) / elapsed, 1),
        "avg_row_bytes": stored[1],
        "app_avg_row_bytes": app_width,
        "latency": c.latency_summary([x for xs in lat for x in xs]),
    }


# --------------------------------------------------------------------------- main


def count_rows(db_url: str) -> tuple[int, int]:
    with c.pg_connect(db_url.rsplit("/", 1)[1]) as conn:
        return conn.execute(
            "SELECT (SELECT count(*) FROM complaints_complaint), (SELECT count(*) FROM audit_event)"
        ).fetchone()


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--duration", type=float, default=60.0, help="measured seconds (default 60)")
    p.add_argument("--warmup", type=float, default=5.0, help="unmeasured seconds first (default 5)")
    p.add_argument("--concurrency", type=int, default=4, help="client connections/threads (default 4)")
    p.add_argument("--max-requests", type=int, default=100_000, help="hard cap on requests (default 100000)")
    p.add_argument("--rate-guess", type=int, default=600, help="bodies made up front per second of duration")
    p.add_argument("--db", default=os.environ.get("BENCH_DB", "redress_bench"))
    p.add_argument("--fresh", action="store_true", help="drop and re-create the database first")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--worker-class", default="sync", help="gunicorn worker class (default sync)")
    p.add_argument("--threads", type=int, default=1, help="threads per worker for -k gthread")
    p.add_argument(
        "--token-cache",
        type=int,
        default=10,
        help="REDRESS_API_TOKEN_CACHE_SECONDS of the server (default 10; 0: a token lookup per request)",
    )
    p.add_argument("--no-idempotency-key", action="store_true")
    p.add_argument("--no-ceiling", action="store_true")
    p.add_argument(
        "--no-triage-model",
        action="store_true",
        help="measure triage on its rules alone (default: train the bootstrap model first if none is active)",
    )
    p.add_argument("--ceiling-connections", type=int, default=1)
    p.add_argument(
        "--profile",
        action="store_true",
        help="py-spy record each worker during the measured run (perturbs the figures)",
    )
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=120.0,
        help="wait up to this many s for other work on the machine to stop (0: don't)",
    )
    p.add_argument(
        "--app",
        default="redress.config.wsgi",
        help="WSGI app for gunicorn (default redress.config.wsgi)",
    )
    p.add_argument("--seed", type=int, default=20261127)
    args = p.parse_args(argv)
    if not (0 < args.duration <= 3600 and 0 < args.concurrency <= 64):
        p.error("duration must be in (0, 3600] and concurrency in (0, 64]")

    print(
        f"register_load: db={args.db} duration={args.duration}s concurrency={args.concurrency}",
        flush=True,
    )
    url = c.ensure_database(args.db, fresh=args.fresh)
    token = c.api_token(url, "benchbot", "intake_agent")
    if not args.no_triage_model:  # as a deployment runs: registration suggests with the active model
        with c.timed("triage model (train --bootstrap --if-missing)"):
            c.redress(url, "triage", "train", "--bootstrap", "--if-missing")
    first_n = (time.time_ns() // 1000) % 10**8 * 10
    need = min(args.max_requests, int(args.duration * args.rate_guess))
    warm_need = int(args.warmup * args.rate_guess)
    with c.timed(f"made {need + warm_need} bodies"):
        warm_bodies = make_bodies(warm_need, args.seed + 1, first_n)
        bodies = make_bodies(need, args.seed, first_n + warm_need)
    os.environ["REDRESS_API_TOKEN_CACHE_SECONDS"] = str(args.token_cache)  # the server's environment
    quiet = c.wait_quiet(args.wait_quiet) if args.wait_quiet > 0 else None
    load_before = os.getloadavg()
    before = count_rows(url)
    server = c.Gunicorn(
        url,
        workers=args.workers,
        worker_class=args.worker_class,
        threads=args.threads,
        app=args.app,
    )
    profiles: list[str] = []
    with server:
        print(f"  gunicorn: {' '.join(server.command)} (workers {server.worker_pids()})", flush=True)
        warm = (
            drive(
                server.port,
                token,
                warm_bodies,
                duration=args.warmup,
                concurrency=args.concurrency,
                max_requests=args.max_requests,
                idempotency=not args.no_idempotency_key,
            )
            if warm_need
            else None
        )
        spies: list[subprocess.Popen[bytes]] = []
        if args.profile:
            for pid in server.worker_pids():
                out = c.RESULTS / f"register-pyspy-{pid}.txt"
                profiles.append(str(out))
                spies.append(
                    subprocess.Popen(
                        [
                            str(c.VENV_BIN / "py-spy"),
                            "record",
                            "-p",
                            str(pid),
                            "-d",
                            str(int(args.duration)),
                            "-r",
                            "50",
                            "-f",
                            "raw",
                            "-o",
                            str(out),
                            "--nonblocking",
                        ],
                        stdout=subprocess.DEVNULL,
                        stderr=subprocess.DEVNULL,
                    )
                )
        with c.CpuMeter(server) as cpu:
            run = drive(
                server.port,
                token,
                bodies,
                duration=args.duration,
                concurrency=args.concurrency,
                max_requests=args.max_requests,
                idempotency=not args.no_idempotency_key,
            )
        for spy in spies:
            spy.wait(timeout=args.duration + 60)
        memory = server.memory()
        command = " ".join(server.command)
    after = count_rows(url)
    load_after = os.getloadavg()
    ceiling = None
    if not args.no_ceiling:
        print(f"  ceiling: INSERT loop for {args.duration}s ...", flush=True)
        ceiling = insert_ceiling(url, bodies or warm_bodies, args.duration, args.ceiling_connections)
    result = {
        "benchmark": "register_load",
        "machine": c.machine(),
        "args": vars(args),
        "server": command,
        "warmup": warm,
        "run": run,
        "rows_added": {"complaints": after[0] - before[0], "events": after[1] - before[1]},
        "gunicorn_memory": memory,
        "cpu": cpu.report(),
        "machine_before": quiet,
        "load_1_5_15": {"before": load_before, "after": load_after},
        "ceiling": ceiling,
        "profiles": profiles,
    }
    rate = run["throughput_per_s"] or 1e-9
    result["cpu_ms_per_registration"] = {
        k: round(result["cpu"].get(f"{k}_pct", 0) * 10 / rate, 2) for k in ("gunicorn", "postgres", "client")
    }
    if ceiling:
        result["ratio_to_ceiling"] = round(run["throughput_per_s"] / ceiling["rows_per_s"], 3)
    path = c.save("register_load", result)

    lat = run["latency_ok"]
    print(
        f"\nregistrations: {run['created']} created in {run['elapsed_s']}s = {run['throughput_per_s']}/s; "
        f"errors {run['errors']} {run['statuses'] if run['errors'] else ''}"
    )
    print(
        f"latency (201s): p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms, p99 {lat.get('p99_ms')} ms, "
        f"max {lat.get('max_ms')} ms"
    )
    cpu_r = result["cpu"]
    print(
        f"CPU (% of one core): client {cpu_r['client_pct']}, gunicorn {cpu_r.get('gunicorn_pct')}, "
        f"postgres {cpu_r['postgres_pct']}, other {cpu_r['other_pct']} "
        f"(machine {cpu_r['machine_busy_pct']})"
    )
    per = result["cpu_ms_per_registration"]
    print(
        f"CPU per registration: gunicorn {per['gunicorn']} ms, postgres {per['postgres']} ms, client {per['client']} ms"
    )
    print(f"rows added (incl. warm-up): {result['rows_added']}")
    print(f"load average (1, 5, 15 min): before {load_before}, after {load_after}")
    for name, mem in memory.items():
        print(
            f"{name}: VmHWM {mem['VmHWM_kB'] / 1024:.1f} MiB, VmRSS {mem['VmRSS_kB'] / 1024:.1f} MiB"
            if mem["VmHWM_kB"]
            else f"{name}: gone"
        )
    if ceiling:
        print(
            f"ceiling: {ceiling['rows']} INSERTs in {ceiling['elapsed_s']}s = {ceiling['rows_per_s']}/s "
            f"({ceiling['connections']} connection, p50 {ceiling['latency']['p50_ms']} ms), "
            f"row {ceiling['avg_row_bytes']} B vs app {ceiling['app_avg_row_bytes']} B; "
            f"ratio app/ceiling = {result['ratio_to_ceiling']}"
        )
    target = run["throughput_per_s"] >= 250 and lat.get("p95_ms", 1e9) < 50 and run["errors"] == 0
    print(f"target (>= 250/s, p95 < 50 ms, no errors): {'MET' if target else 'NOT MET'}")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
