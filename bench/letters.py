"""Letters: a final decision rendered to PDF, and the outbox delivering email to a local SMTP server.

    .venv/bin/python bench/letters.py [--pdf-repeat 30] [--emails 2000] [--batch 100]

Database: PostgreSQL `redress_bench_letters` (created and migrated). One complaint per language
(CN-NFRA in zh-hans and zh-hant, UK-FCA in en) is walked to `resolution_approved` with the real
services and told by email, so each has its final-decision letter; then:

* **pdf**: `correspondence.pdf.letter_pdf(letter)` for each language, the first call reported apart
  (WeasyPrint loads the fonts once per process), then `--pdf-repeat` measured calls each.
* **outbox**: `--emails` outbox messages the size of a final decision (text + HTML part) are
  delivered by `correspondence.delivery.outbox_deliver(limit=--batch)` in a loop until none is left,
  to an aiosmtpd server (`python -m aiosmtpd -c aiosmtpd.handlers.Sink`) in its own process on
  127.0.0.1. Each batch is claimed with one UPDATE and sent over one SMTP connection.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from typing import Any

import _common as c

DB = "redress_bench_letters"


def walk_and_notify(jurisdiction: str, language: str) -> Any:
    from redress.accounts.personas import ensure_personas
    from redress.complaints.lifecycle import act, register, walk
    from redress.correspondence.models import Letter

    people = ensure_personas()
    complaint = walk(
        register(by=people["intake"], jurisdiction=jurisdiction, language=language), "resolution_approved", people
    )
    act(complaint, "notify_customer", by=people["handler"], payload={"channel": "email"})
    return Letter.objects.get(complaint=complaint, kind="final_decision")


def bench_pdf(repeat: int) -> dict[str, Any]:
    from redress.correspondence.pdf import letter_pdf

    out: dict[str, Any] = {}
    for jurisdiction, language in (("CN-NFRA", "zh-hans"), ("CN-NFRA", "zh-hant"), ("UK-FCA", "en")):
        letter = walk_and_notify(jurisdiction, language)
        started = time.perf_counter()
        first = letter_pdf(letter)
        first_ms = (time.perf_counter() - started) * 1000
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            pdf = letter_pdf(letter)
            times.append(time.perf_counter() - started)
        out[language] = {
            "jurisdiction": jurisdiction,
            "body_chars": len(letter.body),
            "pdf_bytes": len(pdf),
            "first_call_ms": round(first_ms, 1),
            **c.latency_summary(times),
        }
        assert len(first) > 1000
    return out


def smtp_sink(port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        [c.PYTHON, "-m", "aiosmtpd", "-n", "-l", f"{c.HOST}:{port}", "-c", "aiosmtpd.handlers.Sink"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    import socket

    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex((c.HOST, port)) == 0:
                return server
        time.sleep(0.1)
    server.kill()
    raise SystemExit("the SMTP sink did not start")


def bench_outbox(emails: int, batch: int) -> dict[str, Any]:
    from django.conf import settings

    from redress.correspondence.delivery import outbox_deliver
    from redress.correspondence.models import Letter, OutboxMessage, OutboxStatus

    OutboxMessage.objects.exclude(status=OutboxStatus.SENT).update(status=OutboxStatus.SENT)  # earlier runs' leftovers
    sample = Letter.objects.filter(kind="final_decision", language="zh-hans").order_by("-id").first()
    assert sample is not None
    OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                to_address=f"customer{i}@example.com",
                subject=sample.subject,
                body=sample.body,
                html_body=sample.body_html,
                message_id=f"<outbox-{i}.bench@redress.localhost>",
            )
            for i in range(emails)
        ],
        batch_size=500,
    )
    port = c.free_port()
    server = smtp_sink(port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = c.HOST, port, False
    try:
        started = time.perf_counter()
        sent = batches = 0
        batch_times = []
        while sent < emails and time.perf_counter() - started < 300:
            t0 = time.perf_counter()
            done = outbox_deliver(limit=batch)
            batch_times.append(time.perf_counter() - t0)
            if done == 0:
                break
            sent += done
            batches += 1
        elapsed = time.perf_counter() - started
    finally:
        server.terminate()
        server.wait(10)
    left = OutboxMessage.objects.exclude(status=OutboxStatus.SENT).count()
    return {
        "emails": emails,
        "sent": sent,
        "left_unsent": left,
        "batch": batch,
        "batches": batches,
        "seconds": round(elapsed, 3),
        "emails_per_s": round(sent / elapsed, 1) if elapsed else None,
        "batch_ms": c.latency_summary(batch_times),
        "message_bytes": len(sample.body.encode()) + len(sample.body_html.encode()),
    }


def _load() -> list[str]:
    with open("/proc/loadavg") as handle:
        return handle.read().split()[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pdf-repeat", type=int, default=30)
    parser.add_argument("--emails", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    args = parser.parse_args()
    url = c.ensure_database(DB)
    c.django_setup(url)
    load_before = _load()
    result = {
        "machine": c.machine(),
        "load_before": load_before,
        "pdf": bench_pdf(args.pdf_repeat),
        "outbox": bench_outbox(args.emails, args.batch),
        "load_after": _load(),
    }
    path = c.save("letters", result)
    import json

    print(json.dumps({k: result[k] for k in ("load_before", "pdf", "outbox", "load_after")}, indent=2))
    print(f"saved {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
