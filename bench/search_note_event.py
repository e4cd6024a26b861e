"""Time of a note event on PostgreSQL: the add_note action, and the search index's part of it (the
`reindex_after_event` hook), on a complaint with a 40-sentence description, 20 earlier notes and 3 files;
60 notes timed one after another. Makes database DBNAME afresh.

    BENCH_SRC=src .venv/bin/python bench/search_note_event.py DBNAME
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any

import _common as c


def _ms(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(1000 * ordered[min(len(ordered) - 1, int(share * len(ordered)))], 2)


def main() -> int:
    c.django_setup(c.ensure_database(sys.argv[1], fresh=True))
    from django.core.files.uploadedfile import SimpleUploadedFile

    from redress.accounts.personas import ensure_personas
    from redress.audit import services
    from redress.complaints.lifecycle import act, register, walk
    from redress.complaints.search import index
    from redress.complaints.services.actor import actor_for
    from redress.complaints.services.evidence import evidence_add

    people = ensure_personas(password=os.environ.get("BENCH_PASSWORD", "bench-only-password"))
    handler = people["handler"]
    text = "。".join(f"第{n}笔信用卡交易被重复收取年费，客服电话13987654321一直打不通，要求退还" for n in range(40))
    hook: list[float] = []
    real = index.reindex_after_event

    def timed(complaint: Any, event: Any) -> None:
        started = time.perf_counter()
        real(complaint, event)
        hook.append(time.perf_counter() - started)

    services.appended[services.appended.index(real)] = timed
    registered = register(by=people["intake"], description=text, desired_outcome="退还年费并道歉")
    one = walk(registered, "investigating", people)
    for n in range(20):
        act(one, "add_note", by=handler, payload={"text": f"Called the customer again ({n}); the charge stands."})
    for n in range(3):
        upload = SimpleUploadedFile(f"statement_{n}.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        evidence_add(reference=one.reference, upload=upload, actor=actor_for(handler), user=handler)
    actions: list[float] = []
    hook.clear()
    for n in range(60):
        started = time.perf_counter()
        act(one, "add_note", by=handler, payload={"text": f"Follow-up {n}: chargeback requested from the scheme."})
        actions.append(time.perf_counter() - started)
    print(
        f"add_note action p50 {_ms(actions, 0.5)} / p95 {_ms(actions, 0.95)} ms; "
        f"search hook p50 {_ms(hook, 0.5)} / p95 {_ms(hook, 0.95)} ms; load {os.getloadavg()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
