"""What sealing an event's personal values (audit/sealing.py) costs: an append, and reading a timeline back.

    .venv/bin/python bench/event_sealing.py [--events 400] [--timeline 200] [--repeat 30]

Database: PostgreSQL `redress_evseal_bench` (created and migrated). One complaint is registered, then:

* **seal / unseal**: `sealing.seal("add_note", data)` and `sealing.unseal(stored)` alone, for a note of 300
  characters, per call (the CPU an append and a read add).
* **append**: `--events` `add_note` events appended with `audit.services.event_append`, each in its own
  transaction, in blocks of 50 alternating sealed and unsealed (`sealing.seal` replaced by the identity), with
  the `appended` hooks (the search index) switched off so the figure is the audit write alone.
* **timeline**: a complaint with `--timeline` notes read whole (`list(complaint.events.order_by("seq"))`),
  `--repeat` times with the values decrypted and merged, as many times with `sealing.unseal` replaced by the
  identity (the same rows, the token left as it is).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

DB = "redress_evseal_bench"
NOTE = ("客户王美丽来电称信用卡年费被重复扣取两次，要求退还并书面答复；联系电话13912345678。" * 10)[:300]


def setup() -> None:
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{DB}")
    os.environ.setdefault("REDRESS_HOME", tempfile.mkdtemp(prefix="redress-evseal-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"DROP DATABASE IF EXISTS {DB}"], check=True)
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {DB}"], check=True)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def per_call(fn: Any, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - start) / n * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=400)
    parser.add_argument("--timeline", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    setup()
    from django.db import transaction

    from redress.accounts.personas import ensure_personas
    from redress.audit import sealing, services
    from redress.audit.models import Event
    from redress.complaints.lifecycle import register
    from redress.complaints.services.actor import actor_for

    people = ensure_personas()
    actor = actor_for(people["handler"])
    data = {"text": NOTE}
    stored = sealing.seal("add_note", data)
    print(f"seal: {per_call(lambda: sealing.seal('add_note', data), 5000):.1f} µs per call")
    print(f"unseal: {per_call(lambda: sealing.unseal(stored), 5000):.1f} µs per call")

    real_seal, real_unseal = sealing.seal, sealing.unseal
    services.appended, hooks = [], services.appended
    complaint = register(by=people["intake"])
    times: dict[bool, list[float]] = {True: [], False: []}
    for block in range(args.events // 50):
        sealed = block % 2 == 0
        sealing.seal = real_seal if sealed else (lambda kind, data: data)  # type: ignore[assignment]
        for _ in range(50):
            start = time.perf_counter()
            with transaction.atomic():
                services.event_append(complaint=complaint, kind="add_note", actor=actor, data=data)
            times[sealed].append(time.perf_counter() - start)
    sealing.seal = real_seal
    for sealed in (True, False):
        values = sorted(times[sealed])
        print(
            f"append {'sealed' if sealed else 'clear '}: median {statistics.median(values) * 1e3:.3f} ms, "
            f"p90 {values[int(len(values) * 0.9)] * 1e3:.3f} ms ({len(values)} events)"
        )

    reader = register(by=people["intake"])
    for _ in range(args.timeline):
        with transaction.atomic():
            services.event_append(complaint=reader, kind="add_note", actor=actor, data=data)
    services.appended = hooks
    reads: dict[bool, list[float]] = {True: [], False: []}
    for i in range(args.repeat * 2):
        sealed = i % 2 == 0
        sealing.unseal = real_unseal if sealed else (lambda stored: stored)  # type: ignore[assignment]
        start = time.perf_counter()
        events = list(Event.objects.filter(complaint=reader).order_by("seq"))
        reads[sealed].append(time.perf_counter() - start)
        assert len(events) > args.timeline and (("text" in events[-1].data) == sealed)
    sealing.unseal = real_unseal
    for sealed in (True, False):
        print(
            f"timeline of {args.timeline + 1}+ events {'unsealed' if sealed else 'as stored'}: "
            f"median {statistics.median(reads[sealed]) * 1e3:.2f} ms ({args.repeat} reads)"
        )


if __name__ == "__main__":
    sys.exit(main())
