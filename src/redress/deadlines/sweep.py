"""The periodic deadline sweep: warnings and breaches marked in set-based SQL, idempotently.

Each batch locks its complaints (ordered by id, so concurrent actions cannot deadlock with
it), changes the clocks that still qualify under the lock, and appends one timeline event per
change to each complaint's hash chain (`audit.bulk`: one head lookup, one write). Running it
twice changes nothing more: a warned clock has `warned_at`, a breached one `state=breached`.
Each person hears of a batch's alerts in one in-app notification (a digest listing each complaint
and clock) and of the whole sweep's in one e-mail.

On PostgreSQL a batch is a handful of statements whatever its size (lock, UPDATE ... RETURNING,
chain heads, COPY of the events and of the notifications), and the complaints are split by id
into `workers` shards that can be swept side by side, each on its own connection (disjoint
complaints: the shards never wait for each other's locks), so that one shard's Python work
overlaps the other's database work. With one worker, inside a transaction (tests), and on other
databases, everything runs in the calling thread; other databases take the ORM path
(`_take_orm`, bulk_create) with the same results.
"""

from __future__ import annotations

from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.accounts.selectors import managers_by_department, managers_for
from redress.audit.bulk import NewEvent, copy_field, copy_lines, events_append_many
from redress.complaints.models import Complaint
from redress.core.heartbeats import DEADLINE_SWEEP, heartbeat_record
from redress.core.metrics import SWEEP_DURATION
from redress.correspondence.services import staff_email_queue
from redress.deadlines.digest import digest_email
from redress.deadlines.models import Clock, ClockRule, ClockState
from redress.notifications.models import Notification

BATCH = 5000
# Shards swept at once on PostgreSQL: REDRESS_SWEEP_WORKERS (default 2), each on a connection of its own.
# One shard's Python work (hashes, COPY text) and its waits for WAL and I/O overlap the other's database
# work, so two finish sooner than one when the database has a core to spare (bench/README.md, "Deadline
# sweep"); on a machine saturated by other work they do not. A database with more cores may take more.
DIGEST_LINES = 50  # alert lines listed in one person's e-mail; the rest are counted


@dataclass
class SweepResult:
    warned: int = 0
    breached: int = 0
    # Per person: the first DIGEST_LINES alerts, as (reference, clock kind, event kind), for the digest e-mail;
    # and how many there were.
    notified: dict[int, list[tuple[str, str, str]]] = field(default_factory=lambda: defaultdict(list))
    alerts: dict[int, int] = field(default_factory=lambda: defaultdict(int))


class _Target(NamedTuple):
    id: int
    reference: str
    assignee_id: int | None
    department_id: int | None


class _Changed(NamedTuple):
    id: int
    complaint_id: int
    kind: str
    due_at: datetime
    rule_id: int


@dataclass(frozen=True)
class _Run:
    """What every batch of one sweep shares. Shard k of n takes the complaints with id % n == k."""

    now: datetime
    batch: int
    alerts: dict[int, bool]  # rule id -> alerts on?
    managers: dict[int | None, list[User]]
    labels: dict[str, str]  # event kind -> the words of the alert (translated in the caller's language)
    shard: int = 0
    shards: int = 1


@dataclass(frozen=True)
class _Pass:
    """One kind of change: which clocks qualify (as a Q and as the same SQL), and what is set."""

    event: str
    due: Q
    order: str  # the indexed time column the candidates are taken in
    sql_due: str
    change: dict[str, Any]


def _warn_due(now: datetime) -> Q:
    return Q(state=ClockState.RUNNING, met_at__isnull=True, warned_at__isnull=True, warn_at__lte=now, due_at__gt=now)


def _breach_due(now: datetime) -> Q:
    return Q(state=ClockState.RUNNING, met_at__isnull=True, due_at__lte=now)


def _passes(now: datetime) -> tuple[_Pass, _Pass]:
    running = "k.state = 'running' AND k.met_at IS NULL"
    breach = _Pass(
        "deadline_breached",
        _breach_due(now),
        "due_at",
        f"{running} AND k.due_at <= %(now)s",
        {"state": ClockState.BREACHED.value, "breached_at": now},
    )
    warn = _Pass(
        "deadline_warning",
        _warn_due(now),
        "warn_at",
        f"{running} AND k.warned_at IS NULL AND k.warn_at <= %(now)s AND k.due_at > %(now)s",
        {"warned_at": now},
    )
    return breach, warn


def sweep(*, now: datetime | None = None, batch: int = BATCH, workers: int | None = None) -> SweepResult:
    """Mark warnings and breaches due at `now`; `workers`: shards at once (default REDRESS_SWEEP_WORKERS).

    Its duration goes to the metrics, and its end is recorded as the last sweep (`/readyz`)."""
    with SWEEP_DURATION.time():
        result = _sweep_all(now=now or timezone.now(), batch=batch, workers=workers)
    heartbeat_record(name=DEADLINE_SWEEP)
    return result


def _sweep_all(*, now: datetime, batch: int, workers: int | None) -> SweepResult:
    shards = workers or int(settings.REDRESS_SWEEP_WORKERS)
    run = _Run(
        now=now,
        batch=batch,
        alerts=dict(ClockRule.objects.values_list("id", "alerts")),
        managers=managers_by_department(),
        labels={"deadline_breached": _("deadline passed"), "deadline_warning": _("deadline approaching")},
    )
    if connection.vendor == "postgresql" and shards > 1 and not connection.in_atomic_block:
        runs = [replace(run, shard=k, shards=shards) for k in range(shards)]
        with ThreadPoolExecutor(shards, thread_name_prefix="sweep") as pool:
            result = _merge(list(pool.map(_sweep_shard, runs)))
    else:
        result = _sweep_both(run)
    if result.notified:
        _email_digests(result)
    return result


def _sweep_shard(run: _Run) -> SweepResult:
    """In a worker thread: Django gives it a connection of its own, closed at the end."""
    try:
        return _sweep_both(run)
    finally:
        connection.close()


def _sweep_both(run: _Run) -> SweepResult:
    result = SweepResult()
    breach, warn = _passes(run.now)
    result.breached = _sweep(breach, run, result)
    result.warned = _sweep(warn, run, result)
    return result


def _merge(parts: list[SweepResult]) -> SweepResult:
    result = SweepResult()
    for part in parts:
        result.warned += part.warned
        result.breached += part.breached
        for user_id, count in part.alerts.items():
            result.alerts[user_id] += count
        for user_id, lines in part.notified.items():
            result.notified[user_id].extend(lines[: DIGEST_LINES - len(result.notified[user_id])])
    return result


def _sweep(step: _Pass, run: _Run, result: SweepResult) -> int:
    postgresql = connection.vendor == "postgresql"
    take = _take_pg if postgresql else _take_orm
    total = 0
    while True:
        with transaction.atomic():
            if postgresql:
                # A batch is idempotent work: should the server crash before its commit reaches disk, the
                # clocks, their events and alerts are lost together and the next sweep does them again.
                # Not waiting for each flush lets the WAL of one batch be written while the next is built.
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL synchronous_commit = off")
            complaints, changed = take(step, run)
            if not complaints:
                return total
            changed.sort(key=lambda c: (c.complaint_id, c.id))
            events_append_many(
                [
                    NewEvent(c.complaint_id, complaints[c.complaint_id].reference, step.event, _event_data(c))
                    for c in changed
                ],
                actor_kind="system",
                created_at=run.now,
            )
            _notify([c for c in changed if run.alerts.get(c.rule_id, True)], complaints, step.event, run, result)
            total += len(changed)


def _take_pg(step: _Pass, run: _Run) -> tuple[dict[int, _Target], list[_Changed]]:
    """Lock the complaints of the first `batch` qualifying clocks (taken along the time index), in id order,
    then change their clocks that still qualify under the lock: two statements."""
    # Only constants of _passes() are interpolated; every value is a parameter.
    others = [k for k in range(run.shards) if k != run.shard]
    params: dict[str, Any] = {"now": run.now, "batch": run.batch, "shards": run.shards, "others": others}
    # This shard's complaints (ids are positive, so id % n is one of 0..n-1), written as "none of the other
    # shards'": the planner guesses 0.5 % for "= k" and would then read every due clock of the shard in a
    # bitmap scan and sort them; with a guess near 100 % it walks the time index and stops at `batch`, and,
    # walking it, marks the entries of clocks earlier sweeps changed as dead (a bitmap scan never does, so
    # with nothing to do each sweep read them all again, more after every busy sweep, until VACUUM).
    mine = " AND k.complaint_id %% %(shards)s <> ALL(%(others)s)" if run.shards > 1 else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, reference, assignee_id, department_id FROM complaints_complaint WHERE id IN"  # noqa: S608
            f" (SELECT k.complaint_id FROM deadlines_clock k WHERE {step.sql_due}{mine} ORDER BY k.{step.order}"
            " LIMIT %(batch)s) ORDER BY id FOR UPDATE",
            params,
        )
        complaints = {row[0]: _Target(*row) for row in cursor.fetchall()}
        if not complaints:
            return {}, []
        sets = ", ".join(f"{column} = %(set_{column})s" for column in step.change)
        cursor.execute(
            f"UPDATE deadlines_clock k SET {sets} WHERE k.complaint_id = ANY(%(ids)s) AND {step.sql_due}"  # noqa: S608
            " RETURNING k.id, k.complaint_id, k.kind, k.due_at, k.rule_id",
            {**params, "ids": list(complaints), **{f"set_{c}": v for c, v in step.change.items()}},
        )
        return complaints, [_Changed(*row) for row in cursor.fetchall()]


def _take_orm(step: _Pass, run: _Run) -> tuple[dict[int, _Target], list[_Changed]]:
    candidates = sorted(
        set(Clock.objects.filter(step.due).order_by(step.order).values_list("complaint_id", flat=True)[: run.batch])
    )
    if not candidates:
        return {}, []
    complaints = {
        row[0]: _Target(*row)
        for row in Complaint.objects.select_for_update(of=("self",))
        .filter(id__in=candidates)
        .order_by("id")
        .values_list("id", "reference", "assignee_id", "department_id")
    }
    changed = [
        _Changed(*row)
        for row in Clock.objects.filter(step.due, complaint_id__in=complaints)
        .order_by()
        .values_list("id", "complaint_id", "kind", "due_at", "rule_id")
    ]
    Clock.objects.filter(id__in=[c.id for c in changed]).update(**step.change)
    return complaints, changed


_encode = DjangoJSONEncoder().default


def _event_data(clock: _Changed) -> dict[str, Any]:
    # What chain.normalize_data({"clock": ..., "due_at": ...}) gives, without a JSON round trip per event.
    return {"clock": clock.kind, "due_at": _encode(clock.due_at)}


NOTIFICATION_COLUMNS = ("user_id", "kind", "message", "items", "created_at")
MESSAGE_LENGTH = 500  # Notification.message


def _notify(clocks: list[_Changed], complaints: dict[int, _Target], kind: str, run: _Run, result: SweepResult) -> None:
    """The assignee hears of a warning; a breach (or an unassigned complaint) escalates to the managers.

    In the app: one notification per person for the whole batch (a digest whose `items` list each
    [reference, clock kind] it stands for), not one per clock and person."""
    label = run.labels[kind]
    created_at = timezone.now()
    digests: dict[int, list[list[str]]] = defaultdict(list)
    for clock in clocks:
        complaint = complaints[clock.complaint_id]
        users: set[int] = set()
        if complaint.assignee_id:
            users.add(complaint.assignee_id)
        if kind == "deadline_breached" or not complaint.assignee_id:
            users.update(m.pk for m in managers_for(run.managers, complaint.department_id))
        item = [complaint.reference, clock.kind]
        for user_id in users:
            digests[user_id].append(item)
            result.alerts[user_id] += 1
            if len(lines := result.notified[user_id]) < DIGEST_LINES:
                lines.append((complaint.reference, clock.kind, kind))
    if not digests:
        return
    rows = [(user_id, kind, _digest_message(items, label), items, created_at) for user_id, items in digests.items()]
    if connection.vendor == "postgresql":
        at, what = copy_field(created_at), copy_field(kind)
        copy_lines(
            "deadlines_notification",
            NOTIFICATION_COLUMNS,
            [f"{uid}\t{what}\t{copy_field(text)}\t{copy_field(items)}\t{at}" for uid, _k, text, items, _a in rows],
        )
    else:
        Notification.objects.bulk_create(
            [Notification(**dict(zip(NOTIFICATION_COLUMNS, row, strict=True))) for row in rows], batch_size=500
        )


def _digest_message(items: list[list[str]], label: str) -> str:
    """The text of a digest (admin, plain lists): "REF: clock words" for one alert; "words: REF clock, …" for more."""
    if len(items) == 1:
        return f"{items[0][0]}: {items[0][1]} {label}"
    text = f"{label} ({len(items)}): " + ", ".join(f"{reference} {clock}" for reference, clock in items[:40])
    return text if len(text) <= MESSAGE_LENGTH else text[: MESSAGE_LENGTH - 1] + "…"


def _email_digests(result: SweepResult) -> None:
    """One email per person per sweep, through the outbox (not one per clock)."""
    with transaction.atomic():  # one commit for all of them
        for user in User.objects.filter(id__in=result.notified).exclude(email=""):
            subject, body = digest_email(user, result.notified[user.id], result.alerts[user.id])
            staff_email_queue(to=user.email, subject=subject, body=body)
