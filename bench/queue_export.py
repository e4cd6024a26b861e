"""Export of a large queue list (issue 16): CSV streamed and XLSX (write-only), rows/s and peak memory.

    .venv/bin/python bench/queue_export.py [--rows 100000] [--reuse] [--db NAME] [--only csv|xlsx] [--who ROLE]

Loads database redress_bench_export with `queue_1m.load` (COPY, the same generator: real ciphertext of the
customers, realistic texts, statuses, departments), then, in this process, builds the page's export response
for the whole list (every status) and reads it to the end, as a client would: for a role that sees the names
and summaries masked (manager: every name through `mask_name`, every summary through the scrubber) and for
one that sees them whole (compliance), CSV and XLSX. Peak memory: the process's resident high-water mark
(VmHWM), reset before each case (/proc/self/clear_refs), minus the resident size at its start.
"""

from __future__ import annotations

import argparse
import os
import time
from typing import Any

import _common as c
import queue_1m

DB = "redress_bench_export"


def _rss(key: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1])  # kB
    return 0


def run_case(user: Any, kind: str) -> dict[str, Any]:
    from django.utils import translation

    from redress.complaints.selectors import complaint_list
    from redress.complaints.views.queue_export import export_response

    with open("/proc/self/clear_refs", "w") as refs:
        refs.write("5")  # the high-water mark starts again from the resident size now
    start_rss = _rss("VmRSS")
    t = time.perf_counter()
    first_byte = None
    with translation.override("en"):
        response = export_response(complaint_list(user=user, filters={}), user, kind)
        size = 0
        rows = -1  # the header
        for chunk in response.streaming_content:
            if first_byte is None:
                first_byte = time.perf_counter() - t  # when a client starts receiving the file
            size += len(chunk)
            if kind == "csv":
                rows += chunk.count("\n") if isinstance(chunk, str) else chunk.count(b"\n")
    seconds = time.perf_counter() - t
    if kind == "xlsx":
        rows = complaint_list(user=user, filters={}).count()
    response.close()
    peak = _rss("VmHWM") - start_rss
    return {
        "kind": kind,
        "role": user.role,
        "rows": rows,
        "seconds": round(seconds, 1),
        "first_byte_s": round(first_byte or 0.0, 2),
        "rows_per_s": round(rows / seconds),
        "bytes": size,
        "peak_mb_over_start": round(peak / 1024, 1),
    }


def quick_counts_ms(user_model: Any) -> float:
    from redress.complaints.queue_selectors import quick_counts

    user = user_model.objects.get(username="manager")
    times = []
    for _ in range(7):
        t = time.perf_counter()
        quick_counts(user=user, filters={"open": "1"})
        times.append((time.perf_counter() - t) * 1000)
    return sorted(times)[3]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=100_000)
    p.add_argument("--reuse", action="store_true")
    p.add_argument("--seed", type=int, default=1127)
    p.add_argument("--only", default="", help="csv or xlsx")
    p.add_argument("--who", default="", help="manager or compliance (default: both)")
    p.add_argument("--db", default=DB, help=f"the database to load and read (default {DB})")
    args = p.parse_args(argv)
    url = c.ensure_database(args.db)
    c.django_setup(url)
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        is_loaded = queue_1m.loaded(conn, args.rows)
    if not (args.reuse and is_loaded):
        with psycopg.connect(url, autocommit=True) as conn:
            # Columns the loader's COPY does not write and Django fills in Python (no database default).
            conn.execute(f"ALTER TABLE {queue_1m.TABLE} ALTER COLUMN external SET DEFAULT '{{}}'::jsonb")
        queue_1m.load(url, args.rows, args.seed, 5000, min(2000, args.rows // 50))
    queue_1m.ensure_next_due(url)
    queue_1m.setup_people()
    from redress.accounts.models import User

    print(f"queue_export: db={args.db} rows={args.rows:,} pid={os.getpid()}", flush=True)
    print(
        f"  quick-filter counts (one aggregate), manager, open: {quick_counts_ms(User):.1f} ms median of 7", flush=True
    )
    print(f"  machine: {c.machine()}", flush=True)
    for username in [args.who] if args.who else ("manager", "compliance"):
        user = User.objects.get(username=username)
        for kind in ("csv", "xlsx"):
            if args.only and kind != args.only:
                continue
            result = run_case(user, kind)
            print(f"  {username:<10} {kind:<4} {result}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
