"""EXPLAIN (ANALYZE) of the slow queue queries, as they are and with the proposed fixes.

    .venv/bin/python bench/explain_fixes.py [--db redress_bench_1m]

Needs the database loaded by queue_1m.py. Every index tried here is created inside a
transaction that is rolled back: the database is left as it was.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

import _common as c

OPEN_INDEX = (
    "CREATE INDEX bench_try_assignee_open_id ON complaints_complaint (assignee_id, id DESC) "
    "WHERE status IN ('received','triaged','assigned','investigating','on_hold','resolution_proposed',"
    "'resolution_approved','customer_notified','review_requested')"
)
ASSIGNEE_INDEX = "CREATE INDEX bench_try_assignee_id ON complaints_complaint (assignee_id, id DESC)"


def run(cur: Any, title: str, sql: str, params: Any) -> dict[str, Any]:
    cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
    plan = [r[0] for r in cur.fetchall()]
    took = next((line for line in plan if line.startswith("Execution Time")), "")
    print(f"\n=== {title}: {took}")
    print("\n".join(plan[:14]) + ("\n  ..." if len(plan) > 14 else ""))
    return {"title": title, "execution": took, "plan": plan}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--db", default=os.environ.get("BENCH_QUEUE_DB", "redress_bench_1m"))
    args = p.parse_args(argv)
    c.django_setup(c.database_url(args.db))
    from django.db import connection, transaction

    from redress.accounts.models import User
    from redress.complaints.models import Complaint
    from redress.complaints.selectors import complaint_list

    handler, newcomer = User.objects.get(username="handler"), User.objects.get(username="handler2")
    bot = User.objects.get(username="benchbot")
    ref = Complaint.objects.filter(id=123_457).values_list("reference", flat=True).get()

    def sql_of(qs: Any) -> tuple[str, Any]:
        return qs[:51].query.sql_with_params()

    mine_open = sql_of(complaint_list(user=handler, filters={"assignee": "me", "open": "1"}))
    mine_new = sql_of(complaint_list(user=newcomer, filters={"assignee": "me"}))
    by_q = sql_of(complaint_list(user=bot, filters={"q": ref}))
    # The rewrite proposed for `q` that looks like a reference: an exact match on the unique index.
    by_ref = sql_of(complaint_list(user=bot, filters={}).filter(reference=ref.upper()))
    out = []
    with connection.cursor() as cur:
        out.append(run(cur, "assignee=me&open=1 (handler, ~2,000 open), as is", *mine_open))
        out.append(run(cur, "assignee=me (handler2, no complaints), as is", *mine_new))
        out.append(run(cur, f"q={ref}, as is", *by_q))
        out.append(run(cur, f"reference = '{ref}' (proposed rewrite of q)", *by_ref))
        with transaction.atomic():
            t = time.perf_counter()
            cur.execute(OPEN_INDEX)
            cur.execute(ASSIGNEE_INDEX)
            cur.execute("ANALYZE complaints_complaint")
            print(f"\n(built the two trial indexes in {time.perf_counter() - t:.1f}s, inside a transaction)")
            out.append(run(cur, "assignee=me&open=1 with index (assignee_id, id DESC) WHERE open", *mine_open))
            out.append(run(cur, "assignee=me (handler2) with index (assignee_id, id DESC)", *mine_new))
            transaction.set_rollback(True)
    c.save("explain_fixes", {"benchmark": "explain_fixes", "machine": c.machine(), "plans": out})
    return 0


if __name__ == "__main__":
    sys.exit(main())
