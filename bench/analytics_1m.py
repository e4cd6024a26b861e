"""Analytics over 1,000,000 complaints: the one-off backfill of the facts, every dashboard chart and return
of a half-year, and the full us-cfpb export.

    .venv/bin/python bench/analytics_1m.py [--reuse] [--requests 30] [--skip-export] [--only WORDS]

Uses the load of queue_1m.py (redress_bench_1m: 1,000,000 complaints over two years; loaded here when it is
missing, `--reuse` as there). That load predates the code tables, so this script then gives the complaints
what the analytics count, in SQL and deterministic (a hash of the id, not a random generator), once per load
(remembered in bench_meta 'analytics_1m'):

- codes with a realistic skew: business line (the loader's lines mapped to the JR/T codes, 6 % moved to the
  rarer lines), a product of that line (the first of each line the most frequent), a reason (Zipf-like over
  the 13 reasons: the first ~40 % of all), a root cause for the answered ones; 2 % forwarded by a regulator;
- the final response's time for the answered ones (25 % within 3 days, 55 % 3-15 days, 15 % 15-56 days,
  5 % later; never after 90 % of the complaint's age), closed_at 0-5 days after it;
- one approved resolution plan (GBP, CNY, HKD or TWD by jurisdiction, 50-2,050) for 60 % of the upheld and
  partly upheld answered ones;
- one decision clock per complaint, due after its jurisdiction's decision rule (business days as 1.4
  calendar days), met at the final response when there is one.

Then `redress analytics refresh --full` under /usr/bin/time -v (the backfill an existing installation runs
once: wall time, rows/s, peak RSS), then `gunicorn -w 2` (DEBUG=0) and, one request after another over one
client, `--requests` (default 30) GETs of each case after 3 unmeasured ones: each chart of
/api/v1/analytics/<chart>/ over the last half-year and the last two years, without a filter and with
business=bank_card; the returns uk-disp, cn-stats, board-mi (JSON) of the last half-year; the page
/analytics/ (an analyst's session). Then the us-cfpb CSV of every complaint (from two years ago to today):
through the API (wall time, bytes, lines, the serving worker's peak RSS) and through
`redress report returns us-cfpb --format csv --output FILE` under /usr/bin/time -v.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c
import queue_1m

DB = queue_1m.DB
CHARTS = ("volume", "business-reason", "pareto", "timeliness", "outcomes", "ageing", "satisfaction")
RETURNS = ("uk-disp", "cn-stats", "board-mi")

# r(salt): a number in [0, 1) from the complaint's id, the same on every run.
R = "(abs(hashtextextended(id::text, {salt})) / 9223372036854775808.0)"

ENRICH = f"""
UPDATE complaints_complaint SET
  business = b.business, product = b.product, reason = b.reason, root_cause = b.root_cause,
  forwarded_by_regulator = b.forwarded, notified_at = b.notified,
  review_window_ends_at = CASE WHEN b.notified IS NULL THEN review_window_ends_at
                               ELSE b.notified + interval '30 days' END,
  closed_at = CASE WHEN status IN ('closed', 'archived')
                   THEN least(b.notified + {R.format(salt=7).replace("id::", "b.id::")} * interval '5 days',
                              greatest(now() - interval '1 minute', b.notified))
                   ELSE closed_at END,
  archived_at = CASE WHEN archived_at IS NULL THEN NULL
                     ELSE least(greatest(archived_at, b.notified + interval '31 days'), now()) END
FROM (
  SELECT id, business, forwarded,
    CASE business
      WHEN 'savings' THEN (ARRAY['savings_account','current_account'])[1 + floor({R.format(salt=2)} ^ 2 * 2)::int]
      WHEN 'bank_card' THEN (ARRAY['credit_card','debit_card','prepaid_card'])
                            [1 + floor({R.format(salt=2)} ^ 2 * 3)::int]
      WHEN 'payment' THEN 'money_transfer'
      WHEN 'loan' THEN (ARRAY['personal_loan','mortgage','vehicle_loan','debt_collection','student_loan',
                              'debt_management'])[1 + floor({R.format(salt=2)} ^ 2 * 6)::int]
      WHEN 'credit_reporting' THEN 'credit_report'
      WHEN 'wealth' THEN (ARRAY['wealth_product','insurance'])[1 + floor({R.format(salt=2)} ^ 2 * 2)::int]
      WHEN 'forex' THEN 'forex_service'
      ELSE 'other' END AS product,
    CASE WHEN status = 'received' AND {R.format(salt=3)} < 0.3 THEN ''
      ELSE (ARRAY['service_quality','pricing_fees','rules_process','facilities_systems','debt_collection',
                  'disclosure','contract_terms','marketing','funds_security','information_security','returns',
                  'free_choice','other'])[1 + floor({R.format(salt=4)} ^ 1.8 * 13)::int] END AS reason,
    CASE WHEN notified_at IS NULL THEN ''
      ELSE (ARRAY['staff_error','policy_process','system_fault','customer_misunderstanding','product_design',
                  'third_party','none_found','external_fraud'])[1 + floor({R.format(salt=5)} ^ 1.6 * 8)::int] END
      AS root_cause,
    CASE WHEN notified_at IS NULL THEN NULL
      ELSE received_at + least(extract(epoch FROM now() - received_at) * 0.9,
        86400 * CASE WHEN {R.format(salt=6)} < 0.25 THEN {R.format(salt=6)} / 0.25 * 3
                     WHEN {R.format(salt=6)} < 0.80 THEN 3 + ({R.format(salt=6)} - 0.25) / 0.55 * 12
                     WHEN {R.format(salt=6)} < 0.95 THEN 15 + ({R.format(salt=6)} - 0.80) / 0.15 * 41
                     ELSE 56 + ({R.format(salt=6)} - 0.95) / 0.05 * 34 END) * interval '1 second' END AS notified
  FROM (
    SELECT id, status, received_at, notified_at, {R.format(salt=8)} < 0.02 AS forwarded,
      CASE WHEN {R.format(salt=1)} < 0.06
        THEN (ARRAY['personal_info','credit_reporting','forex','rmb_management','other'])
             [1 + floor({R.format(salt=9)} * 5)::int]
        ELSE CASE business WHEN 'loans' THEN 'loan' WHEN 'agency' THEN 'wealth' WHEN 'e_banking' THEN 'payment'
                           WHEN 'deposits' THEN 'savings' WHEN 'payments' THEN 'payment' ELSE business END
      END AS business
    FROM complaints_complaint
  ) a
) b
WHERE complaints_complaint.id = b.id
"""

PLANS = f"""
INSERT INTO complaints_resolutionplan (version, status, outcome, summary, improvements, currency, total,
  approvals_required, compliance_required, proposed_at, decided_at, complaint_id, proposed_by_id)
SELECT 1, 'approved', outcome, 'bench', '[]'::jsonb,
  CASE WHEN jurisdiction LIKE 'UK-%%' THEN 'GBP' WHEN jurisdiction LIKE 'CN-%%' THEN 'CNY'
       WHEN jurisdiction LIKE 'HK-%%' THEN 'HKD' ELSE 'TWD' END,
  round((50 + {R.format(salt=11)} * 2000)::numeric, 2), 1, false,
  notified_at - interval '1 day', notified_at - interval '12 hours', id, %(proposer)s
FROM complaints_complaint
WHERE notified_at IS NOT NULL AND outcome IN ('upheld', 'partly_upheld') AND {R.format(salt=10)} < 0.6
"""

CLOCKS = """
INSERT INTO deadlines_clock (kind, regulatory, state, started_at, amount, unit, paused_units, pause_reason,
  extension_step, due_at, warn_at, met_at, complaint_id, rule_id)
SELECT 'decision', true, CASE WHEN x.notified_at IS NULL THEN 'running' ELSE 'met' END, x.received_at,
  r.amount, r.unit, 0, '', 0, x.received_at + x.length, x.received_at + x.length * 0.8, x.notified_at, x.id, r.id
FROM (
  SELECT c.id, c.received_at, c.notified_at, c.jurisdiction,
    CASE r.unit WHEN 'weeks' THEN r.amount * interval '7 days' WHEN 'business_days' THEN r.amount * interval '1.4 days'
                ELSE r.amount * interval '1 day' END AS length
  FROM complaints_complaint c JOIN deadlines_clockrule r ON r.policy_id = c.jurisdiction AND r.kind = 'decision'
  WHERE c.status <> 'merged'
) x JOIN deadlines_clockrule r ON r.policy_id = x.jurisdiction AND r.kind = 'decision'
"""


def enrich(url: str, load_meta: dict[str, Any], proposer: int) -> dict[str, Any]:
    """Give the loaded complaints codes, answer times, plans and decision clocks (once per load)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT value FROM bench_meta WHERE key = 'analytics_1m'").fetchone()
        if row and row[0].get("loaded_at") == load_meta.get("loaded_at") and row[0].get("done"):
            return {**row[0], "reused": True}
        out: dict[str, Any] = {"loaded_at": load_meta.get("loaded_at")}
        conn.execute("SET maintenance_work_mem = '512MB'")
        for name, sql, params in (
            ("clear", "DELETE FROM complaints_resolutionplan WHERE summary = 'bench'", None),
            ("clear_clocks", "DELETE FROM deadlines_clock WHERE kind = 'decision'", None),
            ("codes_and_times", ENRICH, None),
            ("plans", PLANS, {"proposer": proposer}),
            ("clocks", CLOCKS, None),
        ):
            t = time.perf_counter()
            cur = conn.execute(sql, params)
            out[f"{name}_rows"] = cur.rowcount
            out[f"{name}_s"] = round(time.perf_counter() - t, 1)
            print(f"  {name}: {cur.rowcount:,} rows, {out[f'{name}_s']}s", flush=True)
        t = time.perf_counter()
        for table in ("complaints_complaint", "complaints_resolutionplan", "deadlines_clock"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
        out["vacuum_s"] = round(time.perf_counter() - t, 1)
        out["profile"] = {
            kind: conn.execute(
                f"SELECT {kind}, count(*) FROM complaints_complaint GROUP BY 1 ORDER BY 2 DESC"
            ).fetchall()
            for kind in ("business", "reason", "jurisdiction")
        }
        out["done"] = True
        conn.execute(
            "INSERT INTO bench_meta VALUES ('analytics_1m', %s) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(out, default=str)],
        )
    return out


def timed_command(url: str, *args: str) -> dict[str, Any]:
    """`redress <args>` under /usr/bin/time -v: wall seconds, peak RSS, stdout's last line."""
    t = time.perf_counter()
    done = subprocess.run(
        ["/usr/bin/time", "-v", c.REDRESS, *args], env=c.app_env(url), capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t
    if done.returncode != 0:
        raise SystemExit(f"redress {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    user = re.search(r"User time \(seconds\): ([\d.]+)", done.stderr)
    system = re.search(r"System time \(seconds\): ([\d.]+)", done.stderr)
    return {
        "command": "redress " + " ".join(args),
        "wall_s": round(wall, 2),
        "max_rss_MiB": round(int(rss[1]) / 1024, 1) if rss else None,
        "cpu_s": round(float(user[1]) + float(system[1]), 2) if user and system else None,
        "stdout_tail": done.stdout.strip().splitlines()[-1:] if done.stdout.strip() else [],
    }


def time_paths(client: c.Client, paths: list[str], n: int, warm: int = 3) -> dict[str, Any]:
    for i in range(warm):
        client.request("GET", paths[i % len(paths)])
    lat, statuses, size = [], {}, 0
    for i in range(n):
        t0 = time.perf_counter()
        status, body, _ = client.request("GET", paths[i % len(paths)])
        lat.append(time.perf_counter() - t0)
        statuses[status] = statuses.get(status, 0) + 1
        size = len(body)
    return {**c.latency_summary(lat), "statuses": statuses, "bytes": size}


def export_api(server: c.Gunicorn, token: str, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The us-cfpb CSV through the API, read as it streams: wall time, bytes, lines, workers' peak RSS."""
    import http.client

    before = server.memory()
    conn = http.client.HTTPConnection(c.HOST, server.port, timeout=600)
    t = time.perf_counter()
    conn.request(
        "GET",
        f"/api/v1/reports/returns/us-cfpb/?from={start}&to={end}&format=csv",
        headers={"Authorization": f"Token {token}"},
    )
    resp = conn.getresponse()
    first = None
    size = lines = 0
    while chunk := resp.read(1 << 16):
        if first is None:
            first = time.perf_counter() - t
        size += len(chunk)
        lines += chunk.count(b"\n")
    wall = time.perf_counter() - t
    conn.close()
    after = server.memory()
    return {
        "status": resp.status,
        "wall_s": round(wall, 2),
        "first_byte_s": round(first or 0, 2),
        "bytes": size,
        "lines": lines,
        "workers_before": before,
        "workers_after": after,
        "worker_peak_MiB": max((v["VmHWM_kB"] or 0) / 1024 for k, v in after.items() if k.startswith("worker")),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--reuse", action="store_true", help="reuse the queue_1m load when complete")
    p.add_argument("--db", default=DB)
    p.add_argument("--requests", type=int, default=30)
    p.add_argument(
        "--refresh",
        choices=["full", "auto", "skip"],
        default="auto",
        help="full: always backfill; auto: when the facts are empty or the enrichment is new",
    )
    p.add_argument("--skip-export", action="store_true")
    p.add_argument("--only", default="", help="comma-separated words: only the cases whose name has one")
    p.add_argument("--wait-quiet", type=float, default=0)
    args = p.parse_args(argv)

    url = c.ensure_database(args.db)
    c.django_setup(url)
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        is_loaded = queue_1m.loaded(conn, 1_000_000)
    if args.reuse and is_loaded:
        with psycopg.connect(url) as conn:
            load_meta = conn.execute("SELECT value FROM bench_meta WHERE key = 'queue_1m'").fetchone()[0]
    else:
        load_meta = queue_1m.load(url, 1_000_000, 1127, 20000, 2000)
    people = queue_1m.setup_people()
    queue_1m.ensure_next_due(url)
    extra = enrich(url, load_meta, people["intake_id"])
    print(f"analytics_1m: enrichment {'reused' if extra.get('reused') else 'done'}", flush=True)

    with psycopg.connect(url, autocommit=True) as conn:
        facts = conn.execute("SELECT count(*) FROM analytics_complaintfact").fetchone()[0]
    backfill = None
    if args.refresh == "full" or (args.refresh == "auto" and (facts == 0 or not extra.get("reused"))):
        backfill = timed_command(url, "analytics", "refresh", "--full")
        with psycopg.connect(url, autocommit=True) as conn:
            facts = conn.execute("SELECT count(*) FROM analytics_complaintfact").fetchone()[0]
            conn.execute("VACUUM (ANALYZE) analytics_complaintfact")
        backfill["facts"] = facts
        backfill["rows_per_s"] = round(facts / backfill["wall_s"])
        print(f"  backfill: {backfill}", flush=True)

    token = c.api_token(url, "benchanalyst", "analyst")
    from redress.accounts.models import User

    analyst = User.objects.get(username="benchanalyst")
    from django.db import connections

    connections.close_all()
    today = dt.date.today()
    half = (today - dt.timedelta(days=182), today)
    two = (today - dt.timedelta(days=730), today)
    cases: list[tuple[str, str]] = []
    for chart in CHARTS:
        for pname, (start, end) in (("half-year", half), ("two years", two)):
            for fname, extra_q in (("", ""), ("business=bank_card", "&business=bank_card")):
                name = f"{chart} {pname} {fname}".strip()
                cases.append((name, f"/api/v1/analytics/{chart}/?from={start}&to={end}{extra_q}"))
    for kind in RETURNS:
        cases.append((f"return {kind} half-year", f"/api/v1/reports/returns/{kind}/?from={half[0]}&to={half[1]}"))

    quiet = c.wait_quiet(args.wait_quiet) if args.wait_quiet > 0 else None
    load_before = os.getloadavg()
    results: dict[str, Any] = {}
    export: dict[str, Any] = {}
    with c.Gunicorn(url) as server:
        print(f"  gunicorn: {' '.join(server.command)}", flush=True)
        client = c.Client(server.port, token)
        with c.CpuMeter(server) as cpu:
            for name, path in cases:
                if args.only and not any(w in name for w in args.only.split(",")):
                    continue
                r = results[name] = time_paths(client, [path], args.requests)
                print(
                    f"  {name:48s} n={r['n']:3d} p50 {r['p50_ms']:8.1f} p95 {r['p95_ms']:8.1f} max "
                    f"{r['max_ms']:8.1f} ms  {r['statuses']} {r['bytes']} B",
                    flush=True,
                )
            if not args.only or "page" in args.only:
                page, why = queue_1m.forged_session(server.port, analyst, "analyst session")
                if page is not None:
                    r = results["page /analytics/"] = time_paths(page, ["/analytics/"], args.requests)
                    print(
                        f"  {'page /analytics/':48s} n={r['n']:3d} p50 {r['p50_ms']:8.1f} p95 "
                        f"{r['p95_ms']:8.1f} ms {r['statuses']} {r['bytes']} B",
                        flush=True,
                    )
                else:
                    results["page /analytics/"] = {"skipped": why}
        if not args.skip_export:
            export["api"] = export_api(server, token, two[0], two[1])
            print(
                f"  us-cfpb via API: {json.dumps({k: v for k, v in export['api'].items() if 'workers' not in k})}",
                flush=True,
            )
        memory = server.memory()
        command = " ".join(server.command)
    if not args.skip_export:
        out = Path(tempfile.gettempdir()) / "redress-bench-us-cfpb.csv"
        export["cli"] = timed_command(
            url,
            "report",
            "returns",
            "us-cfpb",
            "--from",
            str(two[0]),
            "--to",
            str(two[1]),
            "--format",
            "csv",
            "--output",
            str(out),
        )
        export["cli"]["lines"] = sum(1 for _ in out.open("rb"))
        export["cli"]["bytes"] = out.stat().st_size
        out.unlink()
        print(f"  us-cfpb via CLI: {export['cli']}", flush=True)
    verdict = {k: v["p95_ms"] < 500 for k, v in results.items() if "p95_ms" in v}
    result = {
        "benchmark": "analytics_1m",
        "machine": c.machine(),
        "code": c.tree_state(),
        "args": vars(args),
        "load": load_meta,
        "enrichment": extra,
        "backfill": backfill,
        "server": command,
        "cases": results,
        "export": export,
        "p95_under_500ms": verdict,
        "cpu": cpu.report(),
        "loadavg_before": load_before,
        "loadavg_after": os.getloadavg(),
        "machine_before": quiet,
        "gunicorn_memory": memory,
    }
    path = c.save("analytics_1m", result)
    failed = [k for k, ok in verdict.items() if not ok]
    print(f"load average before {load_before}, after {os.getloadavg()}")
    print(f"target p95 < 500 ms: {'NOT MET (' + ', '.join(failed) + ')' if failed else 'MET (all cases)'}")
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
