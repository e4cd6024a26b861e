"""The archive export of one complaint for the regulator: 50 timeline events and 10 MB of evidence.

    .venv/bin/python bench/export_archive.py [--repeat 20] [--evidence-mb 10] [--events 50]

On PostgreSQL (database redress_bench_export, created and migrated here): one complaint walked to
`closed` with the real services (letters, survey, clocks), notes added until its timeline has
`--events` events, and `--evidence-mb` MB of evidence in four files (a scanned statement as JPEG-like
random bytes, which do not compress, and three PDFs of mixed text and random bytes). Then
`POST /api/v1/complaints/{ref}/export/` as the compliance persona through Django's test client, in
this process (the view, the `export` event, the ZIP with timeline, letters, evidence and manifest):
three unmeasured calls, then `--repeat` measured ones. Writes bench/results/export-<stamp>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
import zipfile
from io import BytesIO
from pathlib import Path

import _common as c

RESULTS = Path(__file__).resolve().parent / "results"


def _evidence_files(total_mb: float) -> list[tuple[str, str, bytes]]:
    total = int(total_mb * 1024 * 1024)
    scan = os.urandom(total // 2)
    files = [("对账单扫描.jpg", "image/jpeg", scan)]
    rest = total - len(scan)
    for i in range(3):
        size = rest // 3
        text = ("%PDF-1.7\n" + "交易流水 Transaction 2026-11-0" + str(i) + " CNY 200.00\n" * 2000).encode()
        files.append((f"statement-{i + 1}.pdf", "application/pdf", (text + os.urandom(size))[:size]))
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--events", type=int, default=50)
    parser.add_argument("--evidence-mb", type=float, default=10.0)
    args = parser.parse_args()

    url = c.ensure_database("redress_bench_export", fresh=True)
    c.django_setup(url)
    from django.core.files.uploadedfile import SimpleUploadedFile
    from rest_framework.test import APIClient

    from redress.accounts.personas import ensure_personas
    from redress.complaints.lifecycle import act, register, walk
    from redress.complaints.services.actor import actor_for
    from redress.complaints.services.evidence import evidence_add

    people = ensure_personas()
    complaint = walk(register(by=people["intake"], language="zh-hans"), "investigating", people)
    for name, content_type, data in _evidence_files(args.evidence_mb):
        upload = SimpleUploadedFile(name, data, content_type=content_type)
        evidence_add(reference=complaint.reference, upload=upload, actor=actor_for(people["handler"]), user=None)
    complaint = walk(complaint, "closed", people)
    while complaint.events.count() < args.events:
        act(complaint, "add_note", by=people["manager"], payload={"text": "复核材料齐全，记录在案。" * 8})
    events = complaint.events.count()

    client = APIClient()
    client.force_authenticate(people["compliance"])
    path = f"/api/v1/complaints/{complaint.reference}/export/"

    def export() -> tuple[float, int]:
        t = time.perf_counter()
        response = client.post(path, {"reason": "监管调阅"}, format="json")
        elapsed = time.perf_counter() - t
        if response.status_code != 200:
            raise SystemExit(f"export answered {response.status_code}: {response.content[:300]!r}")
        body = b"".join(response.streaming_content) if response.streaming else response.content
        with zipfile.ZipFile(BytesIO(body)) as archive:
            assert archive.testzip() is None
        return elapsed, len(body)

    for _ in range(3):
        export()
    timings, size = [], 0
    for _ in range(args.repeat):
        elapsed, size = export()
        timings.append(elapsed)
    timings.sort()
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "tree": os.environ.get("BENCH_SRC") or "work tree",
        "events_at_start": events,
        "evidence_mb": args.evidence_mb,
        "zip_bytes": size,
        "repeat": args.repeat,
        "median_s": round(statistics.median(timings), 4),
        "p95_s": round(timings[max(0, int(len(timings) * 0.95) - 1)], 4),
        "max_s": round(timings[-1], 4),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"export-{stamp}.json").write_text(json.dumps(result, indent=2))
    json.dump(result, sys.stdout, indent=2)
    print()


if __name__ == "__main__":
    main()
