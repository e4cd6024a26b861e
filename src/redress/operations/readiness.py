"""The checks behind `/readyz`: can redress do its work now, and has its background work kept up?

Each check answers ok or not with the figures it judged by; none carries personal data or the text of an
error (a broker's error may name its host and user): an error is named by its type, and logged.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from kombu import Connection

from redress.core.heartbeats import DEADLINE_SWEEP, WORKER, heartbeats_all
from redress.correspondence.selectors import outbox_backlog

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    figures: dict[str, Any] = field(default_factory=dict)


def check_database() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        log.warning("Readiness: the database did not answer.", exc_info=True)
        return Check("database", False, {"error": type(exc).__name__})
    return Check("database", True)


def check_broker() -> Check:
    """Connects to the broker (and opens a channel) with a short timeout; nothing is sent."""
    timeout = settings.REDRESS_READY_BROKER_TIMEOUT_SECONDS
    try:
        with Connection(settings.CELERY_BROKER_URL, connect_timeout=timeout) as broker:
            broker.ensure_connection(max_retries=1, interval_start=0, interval_step=0, timeout=timeout)
            broker.default_channel  # noqa: B018 - opening it is the check (a virtual transport connects here)
    except Exception as exc:
        log.warning("Readiness: the broker could not be reached.", exc_info=True)
        return Check("broker", False, {"error": type(exc).__name__})
    return Check("broker", True)


def _age(name: str, last: datetime | None, now: datetime, limit: timedelta) -> Check:
    figures: dict[str, Any] = {
        "last": last.isoformat() if last else None,
        "age_seconds": round((now - last).total_seconds()) if last else None,
        "limit_seconds": round(limit.total_seconds()),
    }
    return Check(name, last is not None and now - last <= limit, figures)


def check_outbox(now: datetime) -> Check:
    waiting = timedelta(minutes=settings.REDRESS_READY_OUTBOX_MINUTES)
    window = timedelta(hours=settings.REDRESS_READY_OUTBOX_FAILED_HOURS)
    backlog = outbox_backlog(written_before=now - waiting, failed_since=now - window)
    most_failed = settings.REDRESS_READY_OUTBOX_FAILED_MAX
    figures = {
        "waiting_too_long": backlog.stuck,
        "waiting_limit_minutes": settings.REDRESS_READY_OUTBOX_MINUTES,
        "failed_recently": backlog.failed,
        "failed_window_hours": settings.REDRESS_READY_OUTBOX_FAILED_HOURS,
        "failed_limit": most_failed,
    }
    return Check("outbox", backlog.stuck == 0 and backlog.failed <= most_failed, figures)


def readiness(now: datetime | None = None) -> list[Check]:
    """Every check, in a fixed order. The database comes first: the later checks read it."""
    now = now or timezone.now()
    database = check_database()
    checks = [database, check_broker()]
    if not database.ok:
        return [*checks, *(Check(name, False, {"error": "database"}) for name in ("worker", "outbox", "sweep"))]
    beats = heartbeats_all()
    worker_limit = timedelta(seconds=settings.REDRESS_READY_WORKER_SECONDS)
    sweep_limit = timedelta(minutes=settings.REDRESS_READY_SWEEP_MINUTES)
    checks.append(_age("worker", beats.get(WORKER), now, worker_limit))
    checks.append(check_outbox(now))
    checks.append(_age("sweep", beats.get(DEADLINE_SWEEP), now, sweep_limit))
    return checks


def readiness_report(checks: list[Check]) -> dict[str, Any]:
    failing = [check.name for check in checks if not check.ok]
    return {
        "status": "unavailable" if failing else "ok",
        "failing": failing,
        "checks": {check.name: {"ok": check.ok, **check.figures} for check in checks},
    }
