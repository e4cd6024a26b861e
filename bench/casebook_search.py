"""The case library's search over many teaching cases: `GET /api/v1/casebook/cases/` and the page `/casebook/`.

    .venv/bin/python bench/casebook_search.py [--cases 5000] [--requests 40] [--db redress_casebook]

Loads `--cases` teaching cases (each on its own closed complaint, with ~1.5 kB of scrubbed text) into a fresh
PostgreSQL database, then times, in process with Django's test client as the persona `handler`, the list with
no filter, with `business=`, and with words (`q=`: a case-insensitive scan of the lesson and the texts, the
design's choice for a library of hundreds or thousands of cases). Prints p50 and p95 in ms.
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import timedelta
from typing import Any

import _common as c

TEXT = (
    "客户反映信用卡年费被重复扣取，客服未能解释原因。⟦name⟧ 致电 ⟦phone⟧。"
    "The customer says the annual fee was charged twice and nobody could say why. "
) * 8


def load(n: int) -> None:
    from django.utils import timezone

    from redress.accounts.personas import ensure_personas
    from redress.casebook.models import TeachingCase
    from redress.complaints.models import Complaint

    people = ensure_personas()
    now = timezone.now()
    lines = ["bank_card", "loan", "payment", "savings", "wealth"]
    reasons = ["pricing_fees", "debt_collection", "funds_security", "information_security"]
    outcomes = ["upheld", "partly_upheld", "not_upheld"]
    complaints = Complaint.objects.bulk_create(
        [
            Complaint(
                reference=f"CMP-20260101-{i:06d}",
                status="closed",
                channel="phone",
                jurisdiction="CN-NFRA",
                received_at=now - timedelta(days=30 + i % 300),
                closed_at=now - timedelta(days=i % 300),
                customer_name="张三",
                description="…",
                business=lines[i % len(lines)],
                reason=reasons[i % len(reasons)],
            )
            for i in range(n)
        ],
        batch_size=1000,
    )
    TeachingCase.objects.bulk_create(
        [
            TeachingCase(
                complaint=complaint,
                lesson=f"Lesson {i}: check the batch job before answering. 教训{i}",
                marked_by=people["compliance"],
                description=TEXT,
                findings=TEXT,
                plan_summary=TEXT[:400],
                letter=TEXT,
                business=complaint.business,
                reason=complaint.reason,
                outcome=outcomes[i % len(outcomes)],
                received_on=complaint.received_at.date(),
                closed_on=complaint.closed_at.date() if complaint.closed_at else None,
            )
            for i, complaint in enumerate(complaints)
        ],
        batch_size=1000,
    )


def timed(client: Any, url: str, query: dict[str, str], requests: int) -> str:
    for _ in range(5):
        client.get(url, query)
    timings = []
    for _ in range(requests):
        t = time.perf_counter()
        assert client.get(url, query).status_code == 200
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return f"{url} {query}: p50 {statistics.median(timings):.1f} ms  p95 {p95:.1f} ms  (n={requests})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=5000)
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--db", default="redress_casebook")
    args = parser.parse_args()
    url = c.ensure_database(args.db, fresh=True)
    c.django_setup(url)
    from django.test import Client

    from redress.accounts.models import User

    started = time.perf_counter()
    load(args.cases)
    print(f"loaded {args.cases} cases in {time.perf_counter() - started:.1f} s")
    client = Client()
    client.force_login(User.objects.get(username="handler"))
    for path, query in (
        ("/api/v1/casebook/cases/", {}),
        ("/api/v1/casebook/cases/", {"business": "loan"}),
        ("/api/v1/casebook/cases/", {"q": "batch job"}),
        ("/api/v1/casebook/cases/", {"q": "no such words anywhere"}),
        ("/casebook/", {"q": "no such words anywhere"}),
        ("/casebook/", {"business": "loan", "outcome": "upheld"}),
    ):
        print(timed(client, path, query, args.requests))


if __name__ == "__main__":
    main()
