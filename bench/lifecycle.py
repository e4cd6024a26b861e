"""One complaint through the whole lifecycle over the API, timed step by step.

    .venv/bin/python bench/lifecycle.py [--repeat 20]

register (intake) -> triage (intake) -> assign (manager) -> start_investigation (handler)
-> propose_resolution (handler) -> approve_resolution (approver) -> notify_customer
(handler, channel phone) -> record_satisfaction (handler), each a request to
`gunicorn -w 2 redress.config.wsgi` (DEBUG=0, database redress_bench) with the persona's
token (redress.accounts.personas.ensure_personas; Token.objects.get_or_create). Three
unmeasured walks first (the workers' first requests), then `--repeat` measured walks.
"""

from __future__ import annotations

import argparse
import copy
import os
import random
import statistics
import sys
import time
from typing import Any

import _common as c
import _data

BASE = "/api/v1/complaints/"


def steps() -> list[tuple[str, str, str, dict[str, Any]]]:
    """(action, persona, expected status, payload), after registration: the happy path, told by phone."""
    from redress.complaints.lifecycle import HAPPY_PATH

    out = []
    for state, who, action, payload in HAPPY_PATH:
        payload = copy.deepcopy(payload)
        if action == "notify_customer":
            payload = {"channel": "phone", "call_summary": "电话告知客户处理结果，客户表示理解。"}
        out.append((action, who, state, payload))
    return out


def walk(
    clients: dict[str, c.Client],
    plan: list[tuple[str, str, str, dict[str, Any]]],
    body: dict[str, Any],
) -> tuple[dict[str, float], str]:
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    status, answer = clients["intake"].post_json(BASE, body)
    timings["register"] = time.perf_counter() - t0
    if status != 201:
        raise SystemExit(f"register answered {status}: {answer}")
    reference = answer["reference"]
    for action, who, expected, payload in plan:
        t = time.perf_counter()
        status, answer = clients[who].post_json(f"{BASE}{reference}/actions/{action}/", payload)
        timings[action] = time.perf_counter() - t
        if status != 200 or answer.get("status") != expected:
            raise SystemExit(f"{action} by {who} answered {status}: {answer}")
    timings["total"] = time.perf_counter() - t0
    return timings, reference


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=20)
    p.add_argument("--warm", type=int, default=3, help="unmeasured walks first (default 3)")
    p.add_argument("--db", default=os.environ.get("BENCH_DB", "redress_bench"))
    p.add_argument("--wait-quiet", type=float, default=60.0)
    p.add_argument(
        "--app",
        default="redress.config.wsgi",
        help="WSGI app for gunicorn (default redress.config.wsgi)",
    )
    p.add_argument("--seed", type=int, default=42)
    args = p.parse_args(argv)
    if not 0 < args.repeat <= 1000:
        p.error("--repeat must be in (0, 1000]")

    url = c.ensure_database(args.db)
    c.django_setup(url)
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from redress.accounts.personas import ensure_personas

    people = ensure_personas()
    tokens = {name: Token.objects.get_or_create(user=user)[0].key for name, user in people.items()}
    plan = steps()
    connections.close_all()
    rng = random.Random(args.seed)
    first_n = (time.time_ns() // 1000) % 10**8 * 10
    bodies = []
    for i in range(args.repeat + args.warm):
        body = _data.register_body(first_n + i, rng)
        body["channel"] = "phone"
        bodies.append(body)

    quiet = c.wait_quiet(args.wait_quiet) if args.wait_quiet > 0 else None
    print(f"lifecycle: db={args.db} repeat={args.repeat}", flush=True)
    with c.Gunicorn(url, app=args.app) as server:
        clients = {name: c.Client(server.port, tokens[name]) for name in ("intake", "manager", "handler", "approver")}
        # Unmeasured walks first: each of the workers takes its first requests (imports, templates,
        # the broker connection) in one of them. The first is reported as "first walk".
        cold, _ = walk(clients, plan, bodies[0])
        for body in bodies[1 : args.warm]:
            walk(clients, plan, body)
        runs = []
        with c.CpuMeter(server) as cpu:
            for body in bodies[args.warm :]:
                timings, reference = walk(clients, plan, body)
                runs.append(timings)
        command = " ".join(server.command)
    names = list(runs[0])
    table = {
        name: {
            "median_ms": round(statistics.median(r[name] for r in runs) * 1000, 1),
            "max_ms": round(max(r[name] for r in runs) * 1000, 1),
            "cold_ms": round(cold[name] * 1000, 1),
        }
        for name in names
    }
    result = {
        "benchmark": "lifecycle",
        "machine": c.machine(),
        "args": vars(args),
        "server": command,
        "steps": table,
        "runs_ms": [{k: round(v * 1000, 1) for k, v in r.items()} for r in runs],
        "last_reference": reference,
        "cpu": cpu.report(),
        "machine_before": quiet,
    }
    path = c.save("lifecycle", result)
    print(f"\n{'step':22s} {'median':>9s} {'max':>9s} {'first walk':>11s}")
    for name, row in table.items():
        print(f"{name:22s} {row['median_ms']:7.1f}ms {row['max_ms']:7.1f}ms {row['cold_ms']:9.1f}ms")
    print(f"CPU (% of one core): {result['cpu']}")
    ok = table["total"]["max_ms"] < 2000
    print(
        f"target (whole lifecycle under 2 s): {'MET' if ok else 'NOT MET'} "
        f"(median {table['total']['median_ms']} ms, max {table['total']['max_ms']} ms over {len(runs)} walks)"
    )
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
