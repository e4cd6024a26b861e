"""Pure deadline arithmetic for regulatory complaint clocks.

Regulators state deadlines in calendar days, business days, weeks or working hours, and a day-based deadline ends at
the END of the local day in the jurisdiction's time zone. Everything here is pure (no Django, no database) so it can be
tested exhaustively and called from models, services and tasks alike.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal, NamedTuple, get_args
from zoneinfo import ZoneInfo

import holidays

__all__ = [
    "Length",
    "Unit",
    "WorkCalendar",
    "add_working_days",
    "days_left",
    "due_at",
    "end_of_local_day",
    "pause_units",
    "warn_at",
    "working_days_between",
]

Unit = Literal["calendar_days", "business_days", "weeks", "working_hours"]
_UNITS: frozenset[str] = frozenset(get_args(Unit))

_HOUR = timedelta(hours=1)
# A calendar with this many consecutive days off is misconfigured; fail loudly instead of looping forever.
_MAX_DAYS_OFF = 3660
# Saturday and Sunday. The holidays package gives Hong Kong a Sunday-only weekend (statutory general holidays), but
# banking "business days" everywhere we operate exclude Saturdays too.
_SAT_SUN: frozenset[int] = frozenset({5, 6})


@dataclass(frozen=True)
class Length:
    amount: int  # >= 0
    unit: Unit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"Length.amount must be >= 0, got {self.amount}")
        if self.unit not in _UNITS:
            raise ValueError(f"unknown deadline unit {self.unit!r}")


class _Year(NamedTuple):
    holidays: frozenset[date]
    makeup_workdays: frozenset[date]  # weekend days that are working days (China's 调休)
    weekend: frozenset[int]


@functools.lru_cache(maxsize=256)
def _year(country: str, subdivision: str | None, year: int) -> _Year:
    # Snapshot one year into frozensets: cheap membership tests and nothing mutable shared between threads. Neighbouring
    # years are loaded too because an arrangement can put a day off or a makeup day across New Year; keep ours only.
    cal = holidays.country_holidays(country, subdiv=subdivision, years=range(year - 1, year + 2))
    return _Year(
        holidays=frozenset(d for d in cal if d.year == year),
        makeup_workdays=frozenset(d for d in cal.weekend_workdays if d.year == year),
        weekend=frozenset(cal.weekend) | _SAT_SUN,
    )


@dataclass(frozen=True)
class WorkCalendar:
    country: str  # ISO code for holidays.country_holidays: "CN", "GB", "US", "TW", "HK"
    tz: ZoneInfo
    subdivision: str | None = None  # e.g. "ENG" for GB (England and Wales bank holidays)
    office_open: time = time(9, 0)
    office_close: time = time(17, 30)

    def __post_init__(self) -> None:
        if self.office_open >= self.office_close:
            raise ValueError("office_open must be before office_close")

    def is_working_day(self, day: date) -> bool:
        year = _year(self.country, self.subdivision, day.year)
        if day.weekday() in year.weekend:
            return day in year.makeup_workdays
        return day not in year.holidays


def _office_hours(day: date, cal: WorkCalendar) -> tuple[datetime, datetime]:
    """Opening and closing instant of `day`, in UTC so that differences are real elapsed time even on DST days."""
    opening = datetime.combine(day, cal.office_open, tzinfo=cal.tz).astimezone(UTC)
    closing = datetime.combine(day, cal.office_close, tzinfo=cal.tz).astimezone(UTC)
    return opening, closing


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime")


def _local_date(value: datetime, tz: ZoneInfo) -> date:
    return value.astimezone(tz).date()


def _next_working_day(day: date, cal: WorkCalendar, step: int = 1) -> date:
    """The first working day strictly after `day` (or before it, with step=-1)."""
    for _ in range(_MAX_DAYS_OFF):
        day += timedelta(days=step)
        if cal.is_working_day(day):
            return day
    raise RuntimeError(f"no working day within {_MAX_DAYS_OFF} days of {day} for {cal.country}")


def end_of_local_day(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.max, tzinfo=tz)


def add_working_days(day: date, n: int, cal: WorkCalendar) -> date:
    """The n-th working day after `day`; `day` itself never counts, so n=0 returns `day` unchanged."""
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}")
    for _ in range(n):
        day = _next_working_day(day, cal)
    return day


def _subtract_working_days(day: date, n: int, cal: WorkCalendar) -> date:
    for _ in range(n):
        day = _next_working_day(day, cal, step=-1)
    return day


def working_days_between(start: date, end: date, cal: WorkCalendar) -> int:
    """Working days d with start < d <= end (0 when end <= start)."""
    count = 0
    day = start + timedelta(days=1)
    while day <= end:
        count += cal.is_working_day(day)
        day += timedelta(days=1)
    return count


def _add_working_hours(start: datetime, hours: int, cal: WorkCalendar) -> datetime:
    remaining = hours * _HOUR
    cursor = start.astimezone(UTC)
    day = _local_date(start, cal.tz)
    if not cal.is_working_day(day):
        day = _next_working_day(day, cal)
    while True:
        opening, closing = _office_hours(day, cal)
        begin = max(cursor, opening)  # outside office hours, counting begins at the next opening
        if begin <= closing:
            available = closing - begin
            if remaining <= available:
                return (begin + remaining).astimezone(cal.tz)
            remaining -= available
        day = _next_working_day(day, cal)


def _subtract_working_hours(end: datetime, hours: int, cal: WorkCalendar) -> datetime:
    remaining = hours * _HOUR
    cursor = end.astimezone(UTC)
    day = _local_date(end, cal.tz)
    if not cal.is_working_day(day):
        day = _next_working_day(day, cal, step=-1)
    while True:
        opening, closing = _office_hours(day, cal)
        stop = min(cursor, closing)
        if stop >= opening:
            available = stop - opening
            if remaining <= available:
                return (stop - remaining).astimezone(cal.tz)
            remaining -= available
        day = _next_working_day(day, cal, step=-1)


def _working_time_between(start: datetime, end: datetime, cal: WorkCalendar) -> timedelta:
    total = timedelta()
    day, last = _local_date(start, cal.tz), _local_date(end, cal.tz)
    while day <= last:
        if cal.is_working_day(day):
            opening, closing = _office_hours(day, cal)
            overlap = min(end, closing) - max(start, opening)
            if overlap > timedelta():
                total += overlap
        day += timedelta(days=1)
    return total


def due_at(start: datetime, length: Length, cal: WorkCalendar, *, extra: int = 0) -> datetime:
    """When the clock started at `start` runs out; `extra` (pauses, extensions) is in the same unit as `length`,
    except for weeks, where it counts calendar days (that is what pause_units returns for weeks)."""
    _require_aware(start, "start")
    if extra < 0:
        raise ValueError(f"extra must be >= 0, got {extra}")  # pauses and extensions only ever push a deadline later
    local_day = _local_date(start, cal.tz)
    if length.unit == "calendar_days":
        return end_of_local_day(local_day + timedelta(days=length.amount + extra), cal.tz)
    if length.unit == "weeks":
        return end_of_local_day(local_day + timedelta(days=7 * length.amount + extra), cal.tz)
    if length.unit == "business_days":
        # UK DISP 1.5: "by the close of the third business day following the day on which it is received".
        return end_of_local_day(add_working_days(local_day, length.amount + extra, cal), cal.tz)
    return _add_working_hours(start, length.amount + extra, cal)


def pause_units(paused_from: datetime, paused_until: datetime, unit: Unit, cal: WorkCalendar) -> int:
    """How many units of `unit` a pause pushes the deadline (never negative)."""
    _require_aware(paused_from, "paused_from")
    _require_aware(paused_until, "paused_until")
    if paused_until <= paused_from:
        return 0
    if unit in ("calendar_days", "weeks"):
        return max((_local_date(paused_until, cal.tz) - _local_date(paused_from, cal.tz)).days, 0)
    if unit == "business_days":
        return working_days_between(_local_date(paused_from, cal.tz), _local_date(paused_until, cal.tz), cal)
    if unit == "working_hours":
        # Rounded up: a pause of any part of a working hour gives the firm that hour back.
        return -(-_working_time_between(paused_from, paused_until, cal) // _HOUR)
    raise ValueError(f"unknown deadline unit {unit!r}")


def _shift_wall_clock(value: datetime, delta: timedelta, tz: ZoneInfo) -> datetime:
    # Same-zone arithmetic is wall-clock (end of day stays 23:59:59.999999 across DST); re-normalise the offset.
    return (value.astimezone(tz) - delta).astimezone(UTC).astimezone(tz)


def warn_at(start: datetime, length: Length, cal: WorkCalendar, *, before: Length, extra: int = 0) -> datetime:
    """When to warn that the clock is about to run out: `before` ahead of the due time, clamped to [start, due]."""
    due = due_at(start, length, cal, extra=extra)
    if before.unit == length.unit:
        warn = due_at(start, Length(max(length.amount - before.amount, 0), length.unit), cal, extra=extra)
    elif before.unit == "calendar_days":
        warn = _shift_wall_clock(due, timedelta(days=before.amount), cal.tz)
    elif before.unit == "weeks":
        warn = _shift_wall_clock(due, timedelta(weeks=before.amount), cal.tz)
    elif before.unit == "business_days":
        warn = end_of_local_day(_subtract_working_days(_local_date(due, cal.tz), before.amount, cal), cal.tz)
    else:
        warn = _subtract_working_hours(due, before.amount, cal)
    return max(min(warn, due), start).astimezone(cal.tz)


def days_left(now: datetime, due: datetime, tz: ZoneInfo) -> int:
    """Whole local calendar days from today to the due date; negative once overdue."""
    _require_aware(now, "now")
    _require_aware(due, "due")
    return (_local_date(due, tz) - _local_date(now, tz)).days
