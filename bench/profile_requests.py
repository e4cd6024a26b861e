"""In-process evidence for the benchmarks: SQL queries and a cProfile of one kind of request.

    .venv/bin/python bench/profile_requests.py register [--n 200] [--db redress_bench]
    .venv/bin/python bench/profile_requests.py list --path '/api/v1/complaints/?status=received' --db redress_bench_1m

Runs the real WSGI stack (Django's test Client, no server) against PostgreSQL with the same
settings as the benchmarks (DEBUG=0), prints the SQL of one request and the top functions
by cumulative and by own time over `n` requests.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import os
import pstats
import random
import sys
import time

import _common as c
import _data


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument(
        "kind", choices=["register", "list", "page", "lifecycle"], help="page: GET --path with a session login"
    )
    p.add_argument("--n", type=int, default=200)
    p.add_argument("--db", default=os.environ.get("BENCH_DB", "redress_bench"))
    p.add_argument("--path", default="/api/v1/complaints/?status=received")
    p.add_argument("--user", default="benchbot")
    p.add_argument("--top", type=int, default=30)
    p.add_argument(
        "--wall", action="store_true", help="profile wall time (default: this process's CPU time, waits on PG excluded)"
    )
    args = p.parse_args(argv)

    url = c.database_url(args.db)
    token = c.api_token(url, args.user, "intake_agent") if args.user == "benchbot" else None
    c.django_setup(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from redress.accounts.models import User

    if token is None:
        token = Token.objects.get_or_create(user=User.objects.get(username=args.user))[0].key
    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    if args.kind == "page":
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=args.user))
    rng = random.Random(7)
    base = (time.time_ns() // 1000) % 10**8 * 10 + 5

    def one(i: int) -> int:
        if args.kind == "register":
            body = json.dumps(_data.register_body(base + i, rng, dt.datetime.now(dt.UTC)), ensure_ascii=False)
            return client.post(
                "/api/v1/complaints/",
                body,
                content_type="application/json",
                HTTP_IDEMPOTENCY_KEY=f"prof-{base}-{i}",
            ).status_code
        return client.get(args.path).status_code

    if args.kind == "lifecycle":
        return lifecycle_queries()
    for i in range(5):  # warm
        one(i)
    with CaptureQueriesContext(connection) as ctx:
        status = one(10)
    print(f"status {status}; {len(ctx.captured_queries)} SQL statements in one request:")
    for q in ctx.captured_queries:
        print(f"  {q['time']}s  {q['sql'][:300]}")
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for i in range(args.n):
        one(10_000 + i)
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    print(
        f"\n{args.n} requests in-process, no profiler: {cpu / args.n * 1000:.2f} ms CPU and "
        f"{wall / args.n * 1000:.2f} ms wall each (this process only; PostgreSQL's time is not in the CPU figure)"
    )
    prof = cProfile.Profile() if args.wall else cProfile.Profile(time.process_time)
    t0 = time.perf_counter()
    prof.enable()
    for i in range(args.n):
        one(100 + i)
    prof.disable()
    wall = time.perf_counter() - t0
    print(
        f"\n{args.n} requests in-process: {wall / args.n * 1000:.2f} ms each (under cProfile, "
        f"{'wall' if args.wall else 'CPU'} time)"
    )
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats(key).print_stats(args.top)
        text = out.getvalue()
        print(f"\n--- top {args.top} by {key} ---")
        print(text[text.find("ncalls") - 2 :] if "ncalls" in text else text)
    return 0


def lifecycle_queries() -> int:
    """SQL statements and in-process CPU of each step of the lifecycle walk (as bench/lifecycle.py)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from lifecycle import steps

    from redress.accounts.personas import ensure_personas

    people = ensure_personas()
    clients = {}
    for name in ("intake", "manager", "handler", "approver"):
        clients[name] = Client(HTTP_HOST="127.0.0.1")
        clients[name].force_login(people[name])
    rng = random.Random(3)
    totals: dict[str, list[tuple[int, float]]] = {}
    for walk in range(6):
        body = _data.register_body((time.time_ns() // 1000) % 10**8 * 10 + walk, rng)
        body["channel"] = "phone"
        cpu = time.process_time()
        with CaptureQueriesContext(connection) as ctx:
            r = clients["intake"].post("/api/v1/complaints/", json.dumps(body), content_type="application/json")
        totals.setdefault("register", []).append((len(ctx.captured_queries), time.process_time() - cpu))
        ref = r.json()["reference"]
        for action, who, _expected, payload in steps():
            cpu = time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                r = clients[who].post(
                    f"/api/v1/complaints/{ref}/actions/{action}/",
                    json.dumps(payload),
                    content_type="application/json",
                )
            assert r.status_code == 200, (action, r.status_code, r.content[:300])
            totals.setdefault(action, []).append((len(ctx.captured_queries), time.process_time() - cpu))
    print(f"{'step':22s} {'SQL':>4s} {'CPU ms (min of 5)':>18s}   (session auth in-process)")
    for step, rows in totals.items():
        rows = rows[1:]  # the first walk warms caches
        print(f"{step:22s} {rows[0][0]:4d} {min(r[1] for r in rows) * 1000:18.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
