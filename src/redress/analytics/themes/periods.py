"""The periods a theme run compares: the one asked for and the one of the same length just before it."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone


def previous_period(start: date, end: date) -> tuple[date, date]:
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def weekly_period(today: date) -> tuple[date, date]:
    """The last four full weeks (Monday to Sunday) before `today`."""
    end = today - timedelta(days=today.weekday() + 1)  # last Sunday (a Monday: yesterday)
    return end - timedelta(days=27), end


def bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, the day after end 00:00) in the institution's time zone."""
    zone = timezone.get_current_timezone()
    return datetime.combine(start, time(), tzinfo=zone), datetime.combine(end + timedelta(days=1), time(), tzinfo=zone)


def growth(size: int, previous: int) -> float | None:
    """Percent change against the previous period; None where the previous period had none (a new theme)."""
    if previous == 0:
        return None
    return round((size - previous) * 100.0 / previous, 1)
