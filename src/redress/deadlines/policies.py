"""Reads of the deadline policies: the jurisdiction's calendar, zone, windows and retention.

Part of the shared record (like the complaint models): any app may read a policy through this
module, and it imports nothing but the deadline models, the pure calendar and the complaint
record. Policies change rarely (an admin edits them): each process keeps them for a minute and
drops them at once when this process saves one (signals in apps.py).
"""

from __future__ import annotations

import time
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from redress.complaints.choices import Status
from redress.deadlines import calendar
from redress.deadlines.models import ClockKind, ClockRule, ExtensionStep, Policy

if TYPE_CHECKING:
    from redress.complaints.models import Complaint

_POLICY_TTL = 60.0
_policies: tuple[float, dict[str, tuple[Policy, list[ClockRule]]]] = (0.0, {})
_steps: tuple[float, dict[tuple[int, int], ExtensionStep]] = (0.0, {})

# UK DISP 1.5: a complaint resolved by the close of the third business day after receipt.
SUMMARY_RESOLUTION_DAYS = 3
SUMMARY_STATUSES = frozenset({Status.RECEIVED, Status.TRIAGED, Status.ASSIGNED, Status.INVESTIGATING})
DEFAULT_RETENTION_YEARS = 5


@lru_cache(maxsize=64)
def _calendar(country: str, subdivision: str, tz: str) -> calendar.WorkCalendar:
    return calendar.WorkCalendar(country=country, subdivision=subdivision or None, tz=ZoneInfo(tz))


def calendar_for(policy: Policy) -> calendar.WorkCalendar:
    return _calendar(policy.country, policy.subdivision, policy.timezone)


def policies() -> dict[str, tuple[Policy, list[ClockRule]]]:
    """Every policy by jurisdiction code, with its clock rules in order."""
    global _policies
    loaded_at, cached = _policies
    if time.monotonic() - loaded_at > _POLICY_TTL:
        rules: dict[str, list[ClockRule]] = {}
        for rule in ClockRule.objects.select_related("policy").order_by("policy_id", "id"):
            rules.setdefault(rule.policy_id, []).append(rule)
        cached = {p.code: (p, rules.get(p.code, [])) for p in Policy.objects.all()}
        _policies = (time.monotonic(), cached)
    return cached


def forget_policies(**kwargs: Any) -> None:
    global _policies, _steps
    _policies = (0.0, {})
    _steps = (0.0, {})


def extension_steps() -> dict[tuple[int, int], ExtensionStep]:
    """Every extension step by (rule id, order), kept like the policies."""
    global _steps
    loaded_at, cached = _steps
    if time.monotonic() - loaded_at > _POLICY_TTL:
        cached = {(s.rule_id, s.order): s for s in ExtensionStep.objects.all()}
        _steps = (time.monotonic(), cached)
    return cached


def policy_for(complaint: Complaint) -> Policy | None:
    found = policies().get(complaint.jurisdiction)
    return found[0] if found else None


def policy_zone(complaint: Complaint) -> ZoneInfo:
    """The time zone the complaint's jurisdiction keeps its days in (the server's without a policy)."""
    policy = policy_for(complaint)
    return ZoneInfo(policy.timezone if policy else settings.TIME_ZONE)


def review_window(complaint: Complaint) -> timedelta:
    """How long after the decision the customer may ask for a review: the policy's, else the default."""
    policy = policy_for(complaint)
    days = policy.review_window_days if policy and policy.review_window_days else settings.REDRESS_REVIEW_WINDOW_DAYS
    return timedelta(days=days)


def retention_date(complaint: Complaint) -> date:
    """Keep the record until: the policy's years from receipt (UK) or from closing (CN; default 5)."""
    policy = policy_for(complaint)
    years = policy.retention_years if policy else DEFAULT_RETENTION_YEARS
    start = complaint.received_at if policy and policy.retention_from_receipt else complaint.closed_at
    day = timezone.localdate(start or timezone.now())
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February → 28 February
        return day.replace(year=day.year + years, day=28)


def summary_window_open(complaint: Complaint, now: datetime | None = None) -> bool:
    """UK complaints until the end of the third business day after receipt (the policy's summary clock).

    No query: the policies are cached per process. A UK policy without a summary clock of its own
    (payment services) counts the same three business days on its calendar.
    """
    if not complaint.jurisdiction.startswith("UK-") or complaint.status not in SUMMARY_STATUSES:
        return False
    found = policies().get(complaint.jurisdiction)
    if found is None:
        return False
    policy, rules = found
    rule = next((r for r in rules if r.kind == ClockKind.SUMMARY_RESOLUTION), None)
    if rule is None:
        length = calendar.Length(SUMMARY_RESOLUTION_DAYS, "business_days")
    else:
        length = calendar.Length(rule.amount, rule.unit)  # type: ignore[arg-type]
    due = calendar.due_at(complaint.received_at, length, calendar_for(policy))
    return (now or timezone.now()) <= due
