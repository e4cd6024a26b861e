"""Writes to clocks. Called inside the complaint's transaction (its row is locked or new)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.db.models import Min, Q
from django.utils import timezone

from redress.complaints.models import Complaint
from redress.core.rows import insert
from redress.deadlines import calendar
from redress.deadlines.models import Clock, ClockRule, ClockState, ExtensionStep, Trigger
from redress.deadlines.policies import calendar_for, extension_steps, policies, policy_for

if TYPE_CHECKING:
    pass

OPEN_CLOCK = Q(state__in=[ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED], met_at__isnull=True)


def _new_clock(rule: ClockRule, at: datetime, cal: calendar.WorkCalendar) -> Clock:
    clock = Clock(
        rule=rule,
        kind=rule.kind,
        regulatory=rule.regulatory,
        state=ClockState.RUNNING,
        started_at=at,
        amount=rule.amount,
        unit=rule.unit,
    )
    _schedule(clock, rule, cal)
    return clock


def clocks_plan(*, jurisdiction: str, at: datetime, met: dict[str, datetime]) -> tuple[list[Clock], datetime | None]:
    """The clocks a new complaint gets, computed in memory before anything is written.

    `met`: triggers that already happened at registration (e.g. the acknowledgement) and when.
    Returns the unsaved clocks and the earliest open regulatory deadline (the complaint's next_due_at).
    """
    found = policies().get(jurisdiction)
    if found is None:
        return [], None
    policy, rules = found
    cal = calendar_for(policy)
    clocks = [_new_clock(rule, at, cal) for rule in rules if rule.starts_on == Trigger.REGISTERED]
    for clock in clocks:
        when = met.get(clock.rule.met_on)
        if when is not None:
            clock.met_at = when
            clock.state = ClockState.BREACHED if when > clock.due_at else ClockState.MET
            clock.breached_at = when if clock.state == ClockState.BREACHED else None
    open_due = [c.due_at for c in clocks if c.regulatory and c.rule.alerts and c.met_at is None]
    return clocks, min(open_due) if open_due else None


def clocks_save_new(*, complaint: Complaint, clocks: list[Clock]) -> None:
    for clock in clocks:
        clock.complaint = complaint
    insert(*clocks)


def _schedule(clock: Clock, rule: ClockRule, cal: calendar.WorkCalendar) -> None:
    length = calendar.Length(clock.amount, clock.unit)  # type: ignore[arg-type]
    clock.due_at = calendar.due_at(clock.started_at, length, cal, extra=clock.paused_units)
    clock.warn_at = calendar.warn_at(
        clock.started_at,
        length,
        cal,
        before=calendar.Length(rule.warn_before, clock.unit),  # type: ignore[arg-type]
        extra=clock.paused_units,
    )


def local_due_date(clock: Clock) -> date:
    """The due date as the customer's regulator counts it: in the policy's time zone."""
    return timezone.localtime(clock.due_at, ZoneInfo(clock.rule.policy.timezone)).date()  # rule cached with policy


def clocks_start(*, complaint: Complaint, trigger: str, at: datetime) -> list[Clock]:
    """Start (or restart) the clocks of the complaint's policy that this trigger starts."""
    found = policies().get(complaint.jurisdiction)
    if found is None:
        return []
    policy, rules = found
    cal = calendar_for(policy)
    started: list[Clock] = []
    for rule in (r for r in rules if r.starts_on == trigger):
        clock = Clock.objects.filter(complaint=complaint, kind=rule.kind).first() or Clock(
            complaint=complaint, kind=rule.kind
        )
        clock.rule, clock.regulatory, clock.state = rule, rule.regulatory, ClockState.RUNNING
        clock.started_at, clock.amount, clock.unit = at, rule.amount, rule.unit
        clock.paused_units, clock.paused_at, clock.pause_reason, clock.extension_step = 0, None, "", 0
        clock.warned_at = clock.breached_at = clock.met_at = None
        _schedule(clock, rule, cal)
        clock.save()
        started.append(clock)
    refresh_next_due(complaint)
    return started


def clocks_meet(*, complaint: Complaint, trigger: str, at: datetime) -> list[str]:
    """Mark met the open clocks this trigger satisfies; a breached clock stays breached (met late)."""
    clocks = list(Clock.objects.filter(OPEN_CLOCK, complaint=complaint, rule__met_on=trigger))
    return _finish(complaint, clocks, at)


def clocks_stop(*, complaint: Complaint, at: datetime) -> list[str]:
    """Handling ended (withdrawn, declined, merged, closed): no clock keeps running."""
    return _finish(complaint, list(Clock.objects.filter(OPEN_CLOCK, complaint=complaint)), at)


def _finish(complaint: Complaint, clocks: list[Clock], at: datetime) -> list[str]:
    for clock in clocks:
        clock.met_at = at
        if clock.state != ClockState.BREACHED:
            clock.state = ClockState.BREACHED if at > clock.due_at else ClockState.MET
            clock.breached_at = at if clock.state == ClockState.BREACHED else None
        clock.paused_at = None
    Clock.objects.bulk_update(clocks, ["met_at", "state", "breached_at", "paused_at"])
    if clocks:
        refresh_next_due(complaint)
    return [c.kind for c in clocks]


def clocks_pause(*, complaint: Complaint, reason: str, at: datetime) -> list[str]:
    """Pause only the running clocks whose rule honours this reason."""
    clocks = [
        c
        for c in Clock.objects.filter(
            complaint=complaint, state=ClockState.RUNNING, met_at__isnull=True
        ).select_related("rule")
        if reason and reason in (c.rule.pause_reasons or [])
    ]
    for clock in clocks:
        clock.state, clock.paused_at, clock.pause_reason = ClockState.PAUSED, at, reason
    Clock.objects.bulk_update(clocks, ["state", "paused_at", "pause_reason"])
    if clocks:
        refresh_next_due(complaint)
    return [c.kind for c in clocks]


def clocks_pause_internal(*, complaint: Complaint, kinds: Iterable[str], reason: str, at: datetime) -> list[str]:
    """Pause the open internal targets of these kinds whose rule honours `reason`; a regulatory clock never."""
    clocks = [
        c
        for c in Clock.objects.filter(
            complaint=complaint, kind__in=list(kinds), regulatory=False, state=ClockState.RUNNING, met_at__isnull=True
        ).select_related("rule")
        if reason in (c.rule.pause_reasons or []) and not c.rule.regulatory
    ]
    for clock in clocks:
        clock.state, clock.paused_at, clock.pause_reason = ClockState.PAUSED, at, reason
    Clock.objects.bulk_update(clocks, ["state", "paused_at", "pause_reason"])
    return [c.kind for c in clocks]


def clocks_resume_internal(*, complaint: Complaint, reason: str, at: datetime) -> list[str]:
    """Resume the internal targets paused for `reason` (the customer answered); other pauses stay."""
    policy = policy_for(complaint)
    clocks = list(
        Clock.objects.filter(
            complaint=complaint, regulatory=False, state=ClockState.PAUSED, pause_reason=reason
        ).select_related("rule")
    )
    if policy is None or not clocks:
        return []
    _run_again(clocks, policy, at)
    return [c.kind for c in clocks]


def _run_again(clocks: list[Clock], policy: Any, at: datetime) -> None:
    """Paused `clocks` run again from `at`: the paused time added in the policy's units, due dates anew."""
    cal = calendar_for(policy)
    for clock in clocks:
        assert clock.paused_at is not None
        clock.paused_units += calendar.pause_units(clock.paused_at, at, clock.unit, cal)  # type: ignore[arg-type]
        clock.state, clock.paused_at, clock.pause_reason = ClockState.RUNNING, None, ""
        _schedule(clock, clock.rule, cal)
    Clock.objects.bulk_update(clocks, ["paused_units", "state", "paused_at", "pause_reason", "due_at", "warn_at"])


def clocks_resume(*, complaint: Complaint, at: datetime) -> list[str]:
    policy = policy_for(complaint)
    clocks = list(Clock.objects.filter(complaint=complaint, state=ClockState.PAUSED).select_related("rule"))
    if policy is None or not clocks:
        return []
    _run_again(clocks, policy, at)
    refresh_next_due(complaint)
    return [c.kind for c in clocks]


# The pause reason of the clocks of a complaint staff converted to an enquiry (not a regulator's pause reason).
ENQUIRY = "enquiry"


def clocks_suspend_for_enquiry(*, complaint: Complaint, at: datetime) -> list[str]:
    """Not a complaint: stop its open clocks (running or breached), keeping them for the way back.

    They are paused with the reason `enquiry`: no alert, no breach, not in the queue's deadlines. Clocks
    already paused (on hold) keep their own reason.
    """
    clocks = list(
        Clock.objects.filter(
            complaint=complaint, state__in=[ClockState.RUNNING, ClockState.BREACHED], met_at__isnull=True
        )
    )
    for clock in clocks:
        clock.state, clock.paused_at, clock.pause_reason = ClockState.PAUSED, at, ENQUIRY
    Clock.objects.bulk_update(clocks, ["state", "paused_at", "pause_reason"])
    refresh_next_due(complaint)
    return [c.kind for c in clocks]


def clocks_restart_after_enquiry(*, complaint: Complaint, at: datetime) -> list[str]:
    """A complaint after all: its clocks run again on their first due dates.

    The time it spent as an enquiry counts (a complaint taken for an enquiry by mistake gets no extra time
    from the mistake): a clock whose deadline passed meanwhile runs late, and the next sweep breaches and
    alerts it as any other; one breached before stays breached.
    """
    clocks = list(Clock.objects.filter(complaint=complaint, state=ClockState.PAUSED, pause_reason=ENQUIRY))
    for clock in clocks:
        clock.paused_at, clock.pause_reason = None, ""
        clock.state = ClockState.BREACHED if clock.breached_at is not None else ClockState.RUNNING
    Clock.objects.bulk_update(clocks, ["state", "paused_at", "pause_reason"])
    refresh_next_due(complaint)
    return [c.kind for c in clocks]


def next_extension(complaint: Complaint) -> tuple[Clock, ExtensionStep] | None:
    """The open regulatory clock that can be extended next, and the step that would apply."""
    return next_extension_among(
        Clock.objects.filter(OPEN_CLOCK, complaint=complaint, regulatory=True).order_by("due_at")
    )


def next_extension_among(clocks: Iterable[Clock]) -> tuple[Clock, ExtensionStep] | None:
    """`next_extension` over clocks already in memory (e.g. those registration just planned)."""
    steps = extension_steps()
    open_regulatory = (
        c
        for c in clocks
        if c.regulatory and c.met_at is None and c.state in (ClockState.RUNNING, ClockState.PAUSED, ClockState.BREACHED)
    )
    for clock in sorted(open_regulatory, key=lambda c: c.due_at):
        step = steps.get((clock.rule_id, clock.extension_step + 1))
        if step is not None:
            return clock, step
    return None


@dataclass(frozen=True)
class Extension:
    """What `clock_extend` did, and what the notice to the customer (if the step asks for one) needs."""

    clock: str  # the kind of the extended clock
    step: int
    from_due_at: datetime
    due_at: datetime
    approved_as: str  # the role the step needs
    notify_customer: bool
    due_date: date | None  # for the notice (when there is one): the new due date in the policy's time zone


def clock_extend(*, complaint: Complaint, at: datetime) -> Extension:
    """Apply the next extension step (the caller has checked the role against the step).

    Only the clocks change; the caller (the `extend_deadline` action) issues the notice."""
    found = next_extension(complaint)
    assert found is not None  # the state table's guard checked this
    clock, step = found
    policy = policy_for(complaint)
    assert policy is not None
    before = clock.due_at
    clock.amount, clock.extension_step = max(step.total_amount, clock.amount), step.order
    clock.warned_at = None
    if clock.state == ClockState.BREACHED and clock.met_at is None:
        clock.state, clock.breached_at = ClockState.RUNNING, None
    _schedule(clock, clock.rule, calendar_for(policy))
    clock.save()
    refresh_next_due(complaint)
    return Extension(
        clock=clock.kind,
        step=step.order,
        from_due_at=before,
        due_at=clock.due_at,
        approved_as=step.approver_role,
        notify_customer=step.notify_customer,
        due_date=local_due_date(clock) if step.notify_customer else None,
    )


# What each lifecycle action does to the clocks (the rules say which clocks a trigger meets/starts).
_ENDS_HANDLING = {"withdraw", "decline", "merge", "close", "record_satisfaction"}


def clocks_follow(*, complaint: Complaint, action: str, data: dict[str, Any], at: datetime) -> dict[str, Any]:
    """Move the clocks along with an action; returns what changed, for the action's timeline event."""
    changes: dict[str, list[str]] = {}
    if action in _ENDS_HANDLING:
        changes["stopped"] = clocks_stop(complaint=complaint, at=at)
    elif action == "hold":
        changes["paused"] = clocks_pause(complaint=complaint, reason=data.get("pause_reason", ""), at=at)
    elif action == "resume":
        changes["resumed"] = clocks_resume(complaint=complaint, at=at)
    elif action == "convert_to_enquiry":
        changes["stopped"] = clocks_suspend_for_enquiry(complaint=complaint, at=at)
    elif action == "reopen_as_complaint":
        changes["restarted"] = clocks_restart_after_enquiry(complaint=complaint, at=at)
    elif action in Trigger.values:
        changes["met"] = clocks_meet(complaint=complaint, trigger=action, at=at)
        changes["started"] = [c.kind for c in clocks_start(complaint=complaint, trigger=action, at=at)]
    changes = {key: kinds for key, kinds in changes.items() if kinds}
    return {"clocks": changes} if changes else {}


def refresh_next_due(complaint: Complaint) -> None:
    """Keep the complaint's earliest open, unpaused regulatory deadline, for the queue's sort and overdue filter.

    Internal targets (assignment, first contact) are shown on the complaint and alert in the sweep, but
    "overdue" in the queue means a regulator's deadline.
    """
    due = Clock.objects.filter(
        complaint=complaint,
        regulatory=True,
        rule__alerts=True,
        state__in=[ClockState.RUNNING, ClockState.BREACHED],
        met_at__isnull=True,
    ).aggregate(d=Min("due_at"))["d"]
    if due != complaint.next_due_at:
        complaint.next_due_at = due
        Complaint.objects.filter(pk=complaint.pk).update(next_due_at=due)
