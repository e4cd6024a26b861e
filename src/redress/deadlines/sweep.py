"""The periodic deadline sweep: warnings and breaches marked in set-based SQL, idempotently.

Each batch locks its complaints (ordered by id, so concurrent actions cannot deadlock with
it), re-selects the clocks that still qualify, changes them with one UPDATE, and appends
one timeline event per change to each complaint's hash chain in one bulk INSERT. Running it
twice changes nothing more: a warned clock has `warned_at`, a breached one `state=breached`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import Role, User
from redress.audit.chain import event_hash, normalize_data
from redress.audit.models import GENESIS, Event
from redress.complaints.models import Complaint
from redress.deadlines.models import Clock, ClockState, Notification

BATCH = 5000


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    notified: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


def _warn_due(now: datetime) -> Q:
    return Q(state=ClockState.RUNNING, met_at__isnull=True, warned_at__isnull=True, warn_at__lte=now, due_at__gt=now)


def _breach_due(now: datetime) -> Q:
    return Q(state=ClockState.RUNNING, met_at__isnull=True, due_at__lte=now)


def sweep(*, now: datetime | None = None, batch: int = BATCH) -> SweepResult:
    now = now or timezone.now()
    result = SweepResult()
    breach = {"state": ClockState.BREACHED, "breached_at": now}
    result.breached = _sweep(_breach_due(now), "due_at", breach, "deadline_breached", now, batch, result)
    result.warned = _sweep(_warn_due(now), "warn_at", {"warned_at": now}, "deadline_warning", now, batch, result)
    if result.notified:
        _email_digests(result.notified)
    return result


def _sweep(
    due: Q, order: str, change: dict[str, Any], kind: str, now: datetime, batch: int, result: SweepResult
) -> int:
    total = 0
    while True:
        with transaction.atomic():
            # Walk the due-time index (not the complaint index): only the clocks that qualify are read.
            candidates = sorted(
                {
                    cid
                    for cid in Clock.objects.filter(due).order_by(order).values_list("complaint_id", flat=True)[:batch]
                }
            )
            if not candidates:
                return total
            # Lock the complaints in id order, then take the clocks that still qualify under the lock.
            complaints = {
                c.id: c
                for c in Complaint.objects.select_for_update(of=("self",))
                .filter(id__in=candidates)
                .order_by("id")
                .only("id", "reference", "assignee_id", "department_id")
            }
            clocks = [
                dict(row)
                for row in Clock.objects.filter(due, complaint_id__in=complaints).values(
                    "id", "complaint_id", "kind", "due_at", alerts=F("rule__alerts")
                )
            ]
            Clock.objects.filter(id__in=[c["id"] for c in clocks]).update(**change)
            _append_events(clocks, complaints, kind, now)
            _notify([c for c in clocks if c["alerts"]], complaints, kind, result)
            total += len(clocks)


def _append_events(clocks: list[dict[str, Any]], complaints: dict[int, Complaint], kind: str, now: datetime) -> None:
    """One event per changed clock, chained onto each complaint's head, in one INSERT."""
    heads = {
        e["complaint_id"]: (e["seq"], e["hash"])
        for e in Event.objects.filter(
            id__in=Event.objects.filter(complaint_id__in=complaints)
            .values("complaint_id")
            .annotate(m=Max("id"))
            .values("m")
        ).values("complaint_id", "seq", "hash")
    }
    events = []
    for clock in sorted(clocks, key=lambda c: (c["complaint_id"], c["id"])):
        cid = clock["complaint_id"]
        seq, prev = heads.get(cid, (0, GENESIS))
        data = normalize_data({"clock": clock["kind"], "due_at": clock["due_at"]})
        digest = event_hash(
            prev_hash=prev,
            reference=complaints[cid].reference,
            seq=seq + 1,
            kind=kind,
            actor_kind="system",
            actor_id=None,
            created_at=now,
            data=data,
        )
        events.append(
            Event(
                complaint_id=cid,
                seq=seq + 1,
                kind=kind,
                actor_kind="system",
                data=data,
                created_at=now,
                prev_hash=prev,
                hash=digest,
            )
        )
        heads[cid] = (seq + 1, digest)
    Event.objects.bulk_create(events, batch_size=2000)


def _managers_by_department() -> dict[int | None, list[int]]:
    managers: dict[int | None, list[int]] = defaultdict(list)
    for user_id, department_id in User.objects.filter(role=Role.MANAGER, is_active=True).values_list(
        "id", "department_id"
    ):
        managers[department_id].append(user_id)
    return managers


def _notify(clocks: list[dict[str, Any]], complaints: dict[int, Complaint], kind: str, result: SweepResult) -> None:
    """The assignee hears of a warning; a breach (or an unassigned complaint) escalates to the managers."""
    managers = _managers_by_department()
    everyone = [uid for ids in managers.values() for uid in ids]
    rows = []
    for clock in clocks:
        complaint = complaints[clock["complaint_id"]]
        users: set[int] = set()
        if complaint.assignee_id:
            users.add(complaint.assignee_id)
        if kind == "deadline_breached" or not complaint.assignee_id:
            users.update(managers.get(complaint.department_id, []) or everyone)
        label = _("deadline passed") if kind == "deadline_breached" else _("deadline approaching")
        message = f"{complaint.reference}: {clock['kind']} {label}"
        for user_id in users:
            rows.append(Notification(user_id=user_id, complaint_id=complaint.id, kind=kind, message=message))
            result.notified[user_id].append(message)
    Notification.objects.bulk_create(rows, batch_size=2000)


def _email_digests(notified: dict[int, list[str]]) -> None:
    """One email per person per sweep, through the outbox (not one per clock)."""
    from redress.correspondence.services import staff_email_queue

    for user in User.objects.filter(id__in=notified).exclude(email=""):
        lines = notified[user.id]
        shown = "\n".join(f"- {line}" for line in lines[:50])
        more = f"\n… {len(lines) - 50} more" if len(lines) > 50 else ""
        staff_email_queue(to=user.email, subject=f"redress: {len(lines)} deadline alert(s)", body=shown + more + "\n")
