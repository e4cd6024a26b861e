"""In-process timing of the staff queue page `GET /` on the 1M database (after queue_1m.py has loaded it).

    flock /tmp/redress-bench.lock .venv/bin/python bench/queue_page_time.py [--requests 60] [--no-urgent]
    BENCH_SRC=/tmp/before/src .venv/bin/python bench/queue_page_time.py    # another copy of the code

Django's test client as the persona `handler` (no server, no network): 10 unmeasured requests, then
`--requests` measured ones; prints p50 and p95 in ms. `--no-urgent` switches the urgent-first pin off
(an A/B of its cost on the same data).
"""

from __future__ import annotations

import argparse
import statistics
import time

import _common as c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--no-urgent", action="store_true")
    args = parser.parse_args()
    c.django_setup(c.database_url("redress_bench_1m"))
    from django.test import Client

    import redress.complaints.views.queue as queue_view
    from redress.accounts.models import User

    if args.no_urgent:
        queue_view.urgent_first = lambda qs: qs.none()  # type: ignore[assignment]
    client = Client()
    client.force_login(User.objects.get(username="handler"))
    for _ in range(10):
        client.get("/")
    timings = []
    for _ in range(args.requests):
        t = time.perf_counter()
        assert client.get("/").status_code == 200
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    print(f"GET / p50 {statistics.median(timings):.1f} ms  p95 {p95:.1f} ms  (n={len(timings)})")


if __name__ == "__main__":
    main()
