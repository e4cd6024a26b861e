"""The pure deadline calendar: properties over random starts, then real regulatory dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import get_args
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from redress.deadlines.calendar import (
    Length,
    Unit,
    WorkCalendar,
    add_working_days,
    days_left,
    due_at,
    end_of_local_day,
    pause_units,
    warn_at,
    working_days_between,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
TAIPEI = ZoneInfo("Asia/Taipei")
HONG_KONG = ZoneInfo("Asia/Hong_Kong")

CN = WorkCalendar("CN", SHANGHAI)
GB = WorkCalendar("GB", LONDON, "ENG")
US = WorkCalendar("US", NEW_YORK)
TW = WorkCalendar("TW", TAIPEI)
HK = WorkCalendar("HK", HONG_KONG)
CALENDARS = [CN, GB, US, TW, HK]
UNITS: tuple[Unit, ...] = get_args(Unit)

# The autouse settings fixture in tests/conftest.py is function-scoped but harmless to share between examples.
props = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

calendars = st.sampled_from(CALENDARS)
zones = st.sampled_from([SHANGHAI, LONDON, NEW_YORK, TAIPEI, HONG_KONG])
starts = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31, 23, 59, 59), timezones=zones)
days = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))
amounts = st.integers(min_value=0, max_value=90)
extras = st.integers(min_value=0, max_value=30)
units = st.sampled_from(UNITS)
lengths = st.builds(Length, amounts, units)


def at(tz: tzinfo, year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=tz)


def local(value: datetime, cal: WorkCalendar) -> datetime:
    return value.astimezone(cal.tz)


# --- properties -------------------------------------------------------------------------------------------------------


@pytest.mark.slow
@props
@given(start=starts, cal=calendars, amount=st.integers(min_value=1, max_value=90), extra=extras)
def test_business_day_deadline_is_end_of_a_working_day(
    start: datetime, cal: WorkCalendar, amount: int, extra: int
) -> None:
    due = local(due_at(start, Length(amount, "business_days"), cal, extra=extra), cal)
    assert cal.is_working_day(due.date())
    assert due.time() == time.max


@props
@given(day=days, n=amounts, cal=calendars)
def test_add_then_count_working_days_round_trips(day: date, n: int, cal: WorkCalendar) -> None:
    result = add_working_days(day, n, cal)
    assert working_days_between(day, result, cal) == n
    if n == 0:
        assert result == day
    else:
        assert result > day
        assert cal.is_working_day(result)


@props
@given(start=starts, cal=calendars, unit=units, a=amounts, b=amounts, extra=extras)
def test_due_at_is_monotonic_in_amount(
    start: datetime, cal: WorkCalendar, unit: Unit, a: int, b: int, extra: int
) -> None:
    low, high = sorted((a, b))
    assert due_at(start, Length(low, unit), cal, extra=extra) <= due_at(start, Length(high, unit), cal, extra=extra)


@props
@given(start=starts, cal=calendars, length=lengths, a=extras, b=extras)
def test_due_at_is_monotonic_in_extra(start: datetime, cal: WorkCalendar, length: Length, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert due_at(start, length, cal, extra=low) <= due_at(start, length, cal, extra=high)


@props
@given(start=starts, cal=calendars, length=lengths, extra=extras)
def test_due_at_is_never_before_start_and_day_units_end_at_midnight(
    start: datetime, cal: WorkCalendar, length: Length, extra: int
) -> None:
    due = due_at(start, length, cal, extra=extra)
    assert due >= start
    assert due.tzinfo == cal.tz
    if length.unit != "working_hours":
        assert local(due, cal).time() == time.max
    elif length.amount + extra > 0:
        opening = datetime.combine(local(due, cal).date(), cal.office_open, tzinfo=cal.tz)
        closing = datetime.combine(local(due, cal).date(), cal.office_close, tzinfo=cal.tz)
        assert cal.is_working_day(local(due, cal).date())
        assert opening < due <= closing


@props
@given(a=starts, b=starts, cal=calendars, unit=units, length=lengths)
def test_pause_units_never_negative_and_only_pushes_later(
    a: datetime, b: datetime, cal: WorkCalendar, unit: Unit, length: Length
) -> None:
    paused = pause_units(a, b, unit, cal)
    assert paused >= 0
    if b <= a:
        assert paused == 0
    start = min(a, b)
    assert due_at(start, length, cal, extra=paused) >= due_at(start, length, cal)


@props
@given(start=starts, cal=calendars, length=lengths, before=lengths, extra=extras)
def test_warn_at_is_between_start_and_due(
    start: datetime, cal: WorkCalendar, length: Length, before: Length, extra: int
) -> None:
    warn = warn_at(start, length, cal, before=before, extra=extra)
    assert start <= warn <= due_at(start, length, cal, extra=extra)


@pytest.mark.parametrize("cal", CALENDARS, ids=lambda c: c.country)
def test_is_working_day_agrees_with_the_holidays_package(cal: WorkCalendar) -> None:
    theirs = holidays.country_holidays(cal.country, subdiv=cal.subdivision, years=range(2025, 2028))
    day = date(2025, 1, 1)
    while day.year < 2028:
        expected = theirs.is_working_day(day)
        if cal.country == "HK" and day.weekday() == 5:
            expected = False  # the package's HK weekend is Sunday only; bank business days exclude Saturdays too
        assert cal.is_working_day(day) is expected, day
        day += timedelta(days=1)


# --- China 2026 (State Council arrangement, as the holidays package has it) -------------------------------------------

CN_2026_MAKEUP_WORKDAYS = [
    date(2026, 1, 4),  # Sun, for New Year (2 Jan off)
    date(2026, 2, 14),  # Sat, for Spring Festival (20 Feb off)
    date(2026, 2, 28),  # Sat, for Spring Festival (23 Feb off)
    date(2026, 5, 9),  # Sat, for Labour Day (5 May off)
    date(2026, 9, 20),  # Sun, for National Day (6 Oct off)
    date(2026, 10, 10),  # Sat, for National Day (7 Oct off)
]
CN_2026_SPRING_FESTIVAL_OFF = [date(2026, 2, d) for d in (16, 17, 18, 19, 20, 23)]  # plus the weekend 21–22
CN_2026_GOLDEN_WEEK_OFF = [date(2026, 10, d) for d in (1, 2, 5, 6, 7)]  # plus the weekend 3–4


@pytest.mark.parametrize("day", CN_2026_MAKEUP_WORKDAYS)
def test_cn_2026_makeup_weekend_days_are_working_days(day: date) -> None:
    assert day.weekday() >= 5
    assert CN.is_working_day(day)


@pytest.mark.parametrize("day", CN_2026_SPRING_FESTIVAL_OFF + CN_2026_GOLDEN_WEEK_OFF + [date(2026, 1, 2)])
def test_cn_2026_weekday_holidays_are_off(day: date) -> None:
    assert day.weekday() < 5
    assert not CN.is_working_day(day)


def test_cn_ordinary_weekend_is_off() -> None:
    assert not CN.is_working_day(date(2026, 10, 3))  # Sat inside Golden Week
    assert not CN.is_working_day(date(2026, 10, 17))  # plain Saturday


@pytest.mark.parametrize(
    ("received", "n", "expected"),
    [
        # Received Wed 30 Sep: 1–7 Oct off, Thu 8 Oct is the first working day, makeup Sat 10 Oct the third.
        (at(SHANGHAI, 2026, 9, 30, 15), 1, date(2026, 10, 8)),
        (at(SHANGHAI, 2026, 9, 30, 15), 3, date(2026, 10, 10)),
        (at(SHANGHAI, 2026, 9, 30, 15), 4, date(2026, 10, 12)),
        # Fri 18 Sep: the next working day is the makeup Sunday 20 Sep.
        (at(SHANGHAI, 2026, 9, 18, 11), 1, date(2026, 9, 20)),
        # Fri 13 Feb: makeup Sat 14 Feb, then nothing until Tue 24 Feb; makeup Sat 28 Feb is the sixth.
        (at(SHANGHAI, 2026, 2, 13, 10), 1, date(2026, 2, 14)),
        (at(SHANGHAI, 2026, 2, 13, 10), 2, date(2026, 2, 24)),
        (at(SHANGHAI, 2026, 2, 13, 10), 6, date(2026, 2, 28)),
        (at(SHANGHAI, 2026, 2, 13, 10), 7, date(2026, 3, 2)),
        # Received 23:30 UTC on 29 Sep is already 30 Sep in Shanghai.
        (at(UTC, 2026, 9, 29, 23, 30), 1, date(2026, 10, 8)),
    ],
)
def test_cn_business_day_deadlines_skip_the_2026_holidays(received: datetime, n: int, expected: date) -> None:
    assert due_at(received, Length(n, "business_days"), CN) == end_of_local_day(expected, SHANGHAI)


def test_cn_15_calendar_days_ends_at_end_of_shanghai_day() -> None:
    due = due_at(at(SHANGHAI, 2026, 9, 28, 10), Length(15, "calendar_days"), CN)
    assert due == datetime(2026, 10, 13, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    assert due.utcoffset() == timedelta(hours=8)
    assert due.astimezone(UTC) == datetime(2026, 10, 13, 15, 59, 59, 999999, tzinfo=UTC)


def test_cn_calendar_days_count_from_the_shanghai_date_not_utc() -> None:
    # 20:00 UTC on 1 Mar is 04:00 on 2 Mar in Shanghai.
    due = due_at(at(UTC, 2026, 3, 1, 20), Length(15, "calendar_days"), CN)
    assert due == datetime(2026, 3, 17, 23, 59, 59, 999999, tzinfo=SHANGHAI)


# --- United Kingdom (England and Wales) -------------------------------------------------------------------------------


def test_uk_boxing_day_2026_is_substituted_to_monday() -> None:
    assert not GB.is_working_day(date(2026, 12, 25))  # Fri
    assert not GB.is_working_day(date(2026, 12, 26))  # Sat
    assert not GB.is_working_day(date(2026, 12, 28))  # Mon, substitute for Boxing Day
    assert GB.is_working_day(date(2026, 12, 24))
    assert GB.is_working_day(date(2026, 12, 29))


def test_uk_disp_third_business_day_after_christmas_2026() -> None:
    # Wed 23 Dec: Thu 24 (1), Fri 25 / Mon 28 bank holidays, Tue 29 (2), Wed 30 (3).
    due = due_at(at(LONDON, 2026, 12, 23, 16, 45), Length(3, "business_days"), GB)
    assert due == datetime(2026, 12, 30, 23, 59, 59, 999999, tzinfo=LONDON)


def test_uk_15_business_days_across_christmas_and_new_year() -> None:
    # 24, 29, 30, 31 Dec; 1 Jan 2027 is a bank holiday; then 4–8, 11–15 and Mon 18 Jan is the 15th.
    due = due_at(at(LONDON, 2026, 12, 23, 9), Length(15, "business_days"), GB)
    assert due == end_of_local_day(date(2027, 1, 18), LONDON)
    assert working_days_between(date(2026, 12, 23), date(2027, 1, 18), GB) == 15


def test_uk_8_weeks() -> None:
    due = due_at(at(LONDON, 2026, 12, 23, 9), Length(8, "weeks"), GB)
    assert due == end_of_local_day(date(2027, 2, 17), LONDON)


def test_weeks_extra_counts_calendar_days() -> None:
    due = due_at(at(LONDON, 2026, 12, 23, 9), Length(8, "weeks"), GB, extra=3)
    assert due == end_of_local_day(date(2027, 2, 20), LONDON)


# --- DST --------------------------------------------------------------------------------------------------------------


def test_deadline_across_london_spring_forward_is_end_of_bst_day() -> None:
    due = due_at(at(LONDON, 2026, 3, 20, 10), Length(15, "calendar_days"), GB)
    assert (due.date(), due.time()) == (date(2026, 4, 4), time.max)
    assert due.utcoffset() == timedelta(hours=1)
    assert due.astimezone(UTC) == datetime(2026, 4, 4, 22, 59, 59, 999999, tzinfo=UTC)


def test_deadline_on_london_spring_forward_day() -> None:
    due = due_at(at(LONDON, 2026, 3, 28, 10), Length(1, "calendar_days"), GB)
    assert due.astimezone(UTC) == datetime(2026, 3, 29, 22, 59, 59, 999999, tzinfo=UTC)


def test_deadline_across_new_york_fall_back_is_end_of_est_day() -> None:
    due = due_at(at(NEW_YORK, 2026, 10, 20, 10), Length(15, "calendar_days"), US)
    assert (due.date(), due.time()) == (date(2026, 11, 4), time.max)
    assert due.utcoffset() == timedelta(hours=-5)
    assert due.astimezone(UTC) == datetime(2026, 11, 5, 4, 59, 59, 999999, tzinfo=UTC)


def test_deadline_on_new_york_fall_back_day() -> None:
    due = due_at(at(NEW_YORK, 2026, 10, 31, 10), Length(1, "calendar_days"), US)
    assert due.astimezone(UTC) == datetime(2026, 11, 2, 4, 59, 59, 999999, tzinfo=UTC)


def test_end_of_local_day() -> None:
    end = end_of_local_day(date(2026, 6, 1), SHANGHAI)
    assert end == datetime(2026, 6, 1, 23, 59, 59, 999999, tzinfo=SHANGHAI)
    assert end.tzinfo is SHANGHAI


# --- working hours ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Fri 16:00: 1.5 h on Friday, the rest from Monday 09:00.
        (at(LONDON, 2026, 2, 13, 16), 3, at(LONDON, 2026, 2, 16, 10, 30)),
        # Tue 17:00: 0.5 h before close, then Wednesday.
        (at(LONDON, 2026, 2, 10, 17), 2, at(LONDON, 2026, 2, 11, 10, 30)),
        # Outside office hours counting starts at the next opening.
        (at(LONDON, 2026, 2, 14, 12), 2, at(LONDON, 2026, 2, 16, 11)),
        (at(LONDON, 2026, 2, 10, 7), 1, at(LONDON, 2026, 2, 10, 10)),
        (at(LONDON, 2026, 2, 10, 20), 1, at(LONDON, 2026, 2, 11, 10)),
        # A full office day ends exactly at close, not at the next opening.
        (at(LONDON, 2026, 2, 10, 9, 30), 8, at(LONDON, 2026, 2, 10, 17, 30)),
        # Christmas Eve 17:00 → bank holidays and weekend → Tue 29 Dec.
        (at(LONDON, 2026, 12, 24, 17), 1, at(LONDON, 2026, 12, 29, 9, 30)),
        # Across the spring-forward weekend: office hours stay 09:00–17:30 local.
        (at(LONDON, 2026, 3, 27, 17), 1, at(LONDON, 2026, 3, 30, 9, 30)),
    ],
)
def test_working_hours_gb(start: datetime, hours: int, expected: datetime) -> None:
    due = due_at(start, Length(hours, "working_hours"), GB)
    assert due == expected
    assert due.tzinfo == LONDON


def test_working_hours_count_on_a_cn_makeup_saturday() -> None:
    # Fri 9 Oct 17:00 → makeup Sat 10 Oct opens at 09:00.
    due = due_at(at(SHANGHAI, 2026, 10, 9, 17), Length(2, "working_hours"), CN)
    assert due == at(SHANGHAI, 2026, 10, 10, 10, 30)


def test_working_hours_extra_adds_hours() -> None:
    due = due_at(at(LONDON, 2026, 2, 10, 9), Length(1, "working_hours"), GB, extra=2)
    assert due == at(LONDON, 2026, 2, 10, 12)


# --- pauses -----------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("paused_from", "paused_until", "unit", "expected"),
    [
        (at(LONDON, 2026, 2, 10, 23), at(LONDON, 2026, 2, 11, 1), "calendar_days", 1),
        (at(LONDON, 2026, 2, 10, 1), at(LONDON, 2026, 2, 10, 23), "calendar_days", 0),
        (at(LONDON, 2026, 2, 10, 9), at(LONDON, 2026, 2, 24, 9), "weeks", 14),
        # Fri → Mon: only Monday is a working day after the pause-start day.
        (at(LONDON, 2026, 2, 13, 12), at(LONDON, 2026, 2, 16, 12), "business_days", 1),
        (at(LONDON, 2026, 12, 23, 12), at(LONDON, 2026, 12, 30, 12), "business_days", 3),
        # Mon 17:00 → Tue 09:10 is 40 working minutes, rounded up.
        (at(LONDON, 2026, 2, 9, 17), at(LONDON, 2026, 2, 10, 9, 10), "working_hours", 1),
        (at(LONDON, 2026, 2, 13, 9), at(LONDON, 2026, 2, 16, 17, 30), "working_hours", 17),
        (at(LONDON, 2026, 2, 14, 9), at(LONDON, 2026, 2, 15, 17), "working_hours", 0),
        # Reversed interval.
        (at(LONDON, 2026, 2, 11, 9), at(LONDON, 2026, 2, 10, 9), "calendar_days", 0),
        (at(LONDON, 2026, 2, 11, 9), at(LONDON, 2026, 2, 10, 9), "working_hours", 0),
    ],
)
def test_pause_units(paused_from: datetime, paused_until: datetime, unit: Unit, expected: int) -> None:
    assert pause_units(paused_from, paused_until, unit, GB) == expected


def test_pause_units_use_the_calendar_zone() -> None:
    # 15:30 → 16:30 UTC crosses midnight in Shanghai.
    assert pause_units(at(UTC, 2026, 3, 1, 15, 30), at(UTC, 2026, 3, 1, 16, 30), "calendar_days", CN) == 1
    assert pause_units(at(UTC, 2026, 3, 1, 15, 30), at(UTC, 2026, 3, 1, 16, 30), "calendar_days", GB) == 0


# --- warnings ---------------------------------------------------------------------------------------------------------


def test_warn_at_same_unit() -> None:
    start = at(LONDON, 2026, 12, 23, 9)
    warn = warn_at(start, Length(15, "business_days"), GB, before=Length(5, "business_days"))
    assert warn == end_of_local_day(add_working_days(date(2026, 12, 23), 10, GB), LONDON)
    assert warn == end_of_local_day(date(2027, 1, 11), LONDON)  # 24, 29–31 Dec, 4–8 and 11 Jan


def test_warn_at_business_days_before_a_weeks_deadline() -> None:
    # Due Wed 17 Feb 2027; five working days earlier is Wed 10 Feb.
    warn = warn_at(at(LONDON, 2026, 12, 23, 9), Length(8, "weeks"), GB, before=Length(5, "business_days"))
    assert warn == end_of_local_day(date(2027, 2, 10), LONDON)


def test_warn_at_calendar_days_before_a_business_days_deadline_keeps_local_midnight_across_dst() -> None:
    # Due Thu 2 Apr 2026 (BST); 7 days earlier is 26 Mar, still GMT.
    start = at(LONDON, 2026, 3, 19, 9)
    assert due_at(start, Length(10, "business_days"), GB) == end_of_local_day(date(2026, 4, 2), LONDON)
    warn = warn_at(start, Length(10, "business_days"), GB, before=Length(7, "calendar_days"))
    assert warn == end_of_local_day(date(2026, 3, 26), LONDON)
    assert warn.utcoffset() == timedelta(0)


def test_warn_at_working_hours_before_a_business_days_deadline() -> None:
    # Due end of Tue 10 Feb; office closes 17:30, so 2 working hours earlier is 15:30.
    warn = warn_at(at(LONDON, 2026, 2, 9, 9), Length(1, "business_days"), GB, before=Length(2, "working_hours"))
    assert warn == at(LONDON, 2026, 2, 10, 15, 30)


def test_warn_at_is_clamped_to_start() -> None:
    start = at(LONDON, 2026, 2, 10, 9)
    assert warn_at(start, Length(3, "calendar_days"), GB, before=Length(2, "weeks")) == start
    # Same unit, `before` longer than the deadline: warn at the end of the receipt day.
    warn = warn_at(start, Length(3, "calendar_days"), GB, before=Length(5, "calendar_days"))
    assert warn == end_of_local_day(date(2026, 2, 10), LONDON)


# --- days left --------------------------------------------------------------------------------------------------------


def test_days_left_counts_local_calendar_days() -> None:
    due = end_of_local_day(date(2026, 3, 17), SHANGHAI)
    assert days_left(at(SHANGHAI, 2026, 3, 2, 4), due, SHANGHAI) == 15
    assert days_left(at(SHANGHAI, 2026, 3, 17, 23), due, SHANGHAI) == 0
    assert days_left(at(SHANGHAI, 2026, 3, 19, 8), due, SHANGHAI) == -2
    # 17:00 UTC on 1 Mar is already 2 Mar in Shanghai.
    assert days_left(at(UTC, 2026, 3, 1, 17), due, SHANGHAI) == 15


# --- edges and validation ---------------------------------------------------------------------------------------------


def test_zero_lengths() -> None:
    saturday = date(2026, 2, 14)
    assert add_working_days(saturday, 0, GB) == saturday
    start = at(LONDON, 2026, 2, 10, 11)
    assert due_at(start, Length(0, "calendar_days"), GB) == end_of_local_day(date(2026, 2, 10), LONDON)
    assert due_at(start, Length(0, "working_hours"), GB) == start


def test_working_days_between_empty_ranges() -> None:
    assert working_days_between(date(2026, 2, 10), date(2026, 2, 10), GB) == 0
    assert working_days_between(date(2026, 2, 10), date(2026, 2, 1), GB) == 0


def test_naive_datetimes_are_rejected() -> None:
    naive = datetime(2026, 2, 10, 9)
    aware = at(LONDON, 2026, 2, 10, 9)
    with pytest.raises(ValueError, match="timezone-aware"):
        due_at(naive, Length(3, "business_days"), GB)
    with pytest.raises(ValueError, match="timezone-aware"):
        warn_at(naive, Length(3, "business_days"), GB, before=Length(1, "business_days"))
    with pytest.raises(ValueError, match="timezone-aware"):
        pause_units(naive, aware, "calendar_days", GB)
    with pytest.raises(ValueError, match="timezone-aware"):
        days_left(naive, aware, LONDON)


def test_invalid_arguments_are_rejected() -> None:
    with pytest.raises(ValueError, match="amount"):
        Length(-1, "calendar_days")
    with pytest.raises(ValueError, match="unit"):
        Length(1, "fortnights")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="extra"):
        due_at(at(LONDON, 2026, 2, 10, 9), Length(1, "calendar_days"), GB, extra=-1)
    with pytest.raises(ValueError, match="n must be"):
        add_working_days(date(2026, 2, 10), -1, GB)
    with pytest.raises(ValueError, match="office_open"):
        WorkCalendar("GB", LONDON, "ENG", office_open=time(18), office_close=time(9))
