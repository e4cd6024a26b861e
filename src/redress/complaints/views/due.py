"""Deadlines made readable: a complaint's clocks, and the "due" of a queue row."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext, ngettext_lazy

from redress.core.presenters import choice_label
from redress.deadlines.calendar import days_left as calendar_days_left
from redress.deadlines.models import ClockKind, ClockState, Policy

# A clock's length in words, by unit ("15 calendar days", "15 个自然日").
_LENGTHS: dict[str, Promise] = {
    "calendar_days": ngettext_lazy("%(n)s calendar day", "%(n)s calendar days", "n"),
    "business_days": ngettext_lazy("%(n)s business day", "%(n)s business days", "n"),
    "weeks": ngettext_lazy("%(n)s week", "%(n)s weeks", "n"),
    "working_hours": ngettext_lazy("%(n)s working hour", "%(n)s working hours", "n"),
}

# The colour group of each clock state's badge (see redress.css).
STATE_GROUPS: dict[str, str] = {
    ClockState.RUNNING.value: "active",
    ClockState.PAUSED.value: "waiting",
    ClockState.MET.value: "done",
    ClockState.BREACHED.value: "breached",
}

# Days before the due date from which a deadline is shown as close (amber).
SOON_DAYS = 2

DUE_FORMAT = "Y-m-d H:i"


def local_text(value: datetime) -> str:
    """ "2026-05-06 23:59": `DUE_FORMAT` (the same in every language), without the template machinery."""
    return value.strftime("%Y-%m-%d %H:%M")


def days_left_text(days: int | None, *, overdue: bool = False) -> str:
    """Whole days to the due date in words: "3 days left", "due today", "overdue by 2 days"."""
    if days is None:
        return ""
    if days < 0:
        return ngettext("overdue by %(days)s day", "overdue by %(days)s days", -days) % {"days": -days}
    if overdue:  # passed earlier today
        return gettext("overdue")
    if days == 0:
        return gettext("due today")
    return ngettext("%(days)s day left", "%(days)s days left", days) % {"days": days}


def length_text(length: str) -> str:
    """ "15 calendar_days" (as the selector gives it) → "15 calendar days" in the page's language."""
    amount, _sep, unit = str(length).partition(" ")
    if unit in _LENGTHS and amount.isdigit():
        return str(_LENGTHS[unit] % {"n": int(amount)})
    return str(length)


@dataclass(frozen=True)
class ClockRow:
    kind: str
    label: str
    regulatory: bool
    state: str
    state_label: str
    state_group: str
    due_at: datetime  # in the policy's time zone
    due_local: str
    timezone: str
    days_left: int | None
    days_text: str
    overdue: bool
    soon: bool
    length: str
    extensions: int
    met_at: datetime | None
    met_local: str
    met_late: bool


def _in_zone(value: datetime | None, tz: ZoneInfo) -> datetime | None:
    return timezone.localtime(value, tz) if value is not None else None


def clock_rows(clocks: list[dict[str, Any]], now: datetime | None = None) -> list[ClockRow]:
    """The rows of `deadlines.selectors.complaint_clocks`, ready for the complaint page."""
    now = now or timezone.now()
    rows = []
    for clock in clocks:
        tz = ZoneInfo(clock["timezone"])
        due = _in_zone(clock["due_at"], tz)
        assert due is not None
        met = _in_zone(clock.get("met_at"), tz)
        days = clock.get("days_left")
        state = str(clock["state"])
        open_ = met is None and state in (ClockState.RUNNING, ClockState.BREACHED)
        overdue = open_ and (state == ClockState.BREACHED or clock["due_at"] <= now)
        warn_at = clock.get("warn_at")
        soon = (
            open_
            and not overdue
            and ((warn_at is not None and warn_at <= now) or (days is not None and days <= SOON_DAYS))
        )
        rows.append(
            ClockRow(
                kind=str(clock["kind"]),
                label=choice_label(ClockKind, clock["kind"]),
                regulatory=bool(clock["regulatory"]),
                state=state,
                state_label=choice_label(ClockState, state),
                state_group=STATE_GROUPS.get(state, "new"),
                due_at=due,
                due_local=formats.date_format(due, DUE_FORMAT),
                timezone=str(clock["timezone"]),
                days_left=days,
                days_text=days_left_text(days, overdue=overdue) if open_ else "",
                overdue=overdue,
                soon=soon,
                length=length_text(clock["length"]),
                extensions=int(clock.get("extensions") or 0),
                met_at=met,
                met_local=formats.date_format(met, DUE_FORMAT) if met is not None else "",
                met_late=met is not None and state == ClockState.BREACHED,
            )
        )
    return rows


@dataclass(frozen=True)
class Due:
    """A complaint's next regulatory deadline (`next_due_at`), shown in the time zone of the complaint's policy,
    as on the complaint page's deadlines and in the API: a regulator's day ends at midnight where the policy
    applies, and a UK complaint's deadline reads in London time wherever the reader sits.
    """

    at: datetime  # in the policy's time zone
    local: str
    days_left: int
    overdue: bool
    soon: bool
    text: str
    timezone: str = ""  # the policy's time zone, when it is not the page's
    page_local: str = ""  # the due time in the page's time zone, when that is not the policy's

    @property
    def iso(self) -> str:
        return self.at.isoformat()

    @property
    def zone_abbr(self) -> str:
        """ "BST", "EST", "CST": the zone's short name at the due time (the full name is in `timezone`)."""
        return self.at.tzname() or self.timezone if self.timezone else ""


def due_of(next_due_at: datetime | None, now: datetime | None = None, policy_timezone: str = "") -> Due | None:
    if next_due_at is None:
        return None
    now = now or timezone.now()
    here = timezone.get_current_timezone_name()
    zone = ZoneInfo(policy_timezone or here)
    at = timezone.localtime(next_due_at, zone)
    days = calendar_days_left(now, next_due_at, zone)
    overdue = next_due_at <= now
    elsewhere = bool(policy_timezone) and policy_timezone != here
    return Due(
        at=at,
        local=local_text(at),
        days_left=days,
        overdue=overdue,
        soon=not overdue and days <= SOON_DAYS,
        text=days_left_text(days, overdue=overdue),
        timezone=policy_timezone if elsewhere else "",
        page_local=local_text(timezone.localtime(next_due_at, ZoneInfo(here))) if elsewhere else "",
    )


def policy_timezones() -> dict[str, str]:
    """Each deadline policy's time zone, by code (the jurisdiction of a complaint): one small query."""
    return dict(Policy.objects.values_list("code", "timezone"))
