"""The daily totals move with the facts: after any change they equal a count from the facts, and board-mi reads
from them what it counted from the facts."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db.models import F
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics import services, totals
from redress.analytics.models import ComplaintFact, DailyRedress, DailyTotal
from redress.analytics.returns import RETURNS, board_mi, common
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from tests.analytics.factmaker import make_fact

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def snapshot() -> tuple[dict[Any, tuple[int, ...]], dict[Any, tuple[int, ...]]]:
    """The tables' non-zero rows (an increment may leave a row of zeros behind; a count from the facts does not)."""
    daily = {
        (r["day"], r["jurisdiction"], r["reason"]): tuple(r[m] for m in totals.TOTALS)
        for r in DailyTotal.objects.values()
    }
    money = {
        (r["day"], r["jurisdiction"], r["currency"]): (r["facts"], r["paid_cents"])
        for r in DailyRedress.objects.values()
    }
    return {k: v for k, v in daily.items() if any(v)}, {k: v for k, v in money.items() if any(v)}


def assert_equal_to_a_recount() -> None:
    kept = snapshot()
    services.totals_rebuild()
    assert kept == snapshot()
    assert kept[0]  # something was counted


def test_the_totals_follow_every_change_of_the_complaints(people: dict[str, User]) -> None:
    intake = people["intake"]
    first = register(by=intake, received_at=at("2026-11-02T10:00:00"), jurisdiction="UK-FCA")
    second = register(by=intake, received_at=at("2026-11-03T10:00:00"), jurisdiction="CN-NFRA")
    third = register(by=intake, received_at=at("2026-11-03T20:00:00"), jurisdiction="CN-NFRA")
    services.facts_refresh()
    assert_equal_to_a_recount()
    first = walk(first, "customer_notified", people)  # upheld, with redress
    Complaint.objects.filter(pk=first.pk).update(notified_at=at("2026-11-04T15:00:00"), updated_at=timezone.now())
    services.facts_refresh()
    assert_equal_to_a_recount()
    assert DailyRedress.objects.filter(facts__gt=0).exists()
    act(first, "record_satisfaction", by=people["handler"], payload={"result": "dissatisfied", "score": 2})
    act(first, "request_review", by=intake, payload={"reason": "不同意"})  # open again: its closed day goes
    act(third, "merge", by=people["manager"], payload={"into": second.reference})  # no longer counted
    services.facts_refresh()
    assert_equal_to_a_recount()
    assert not ComplaintFact.objects.filter(complaint=third).exists()
    walk(second, "customer_notified", people)
    services.facts_refresh()
    assert_equal_to_a_recount()


def test_counting_the_same_complaints_again_changes_nothing(people: dict[str, User]) -> None:
    done = walk(register(by=people["intake"], jurisdiction="CN-NFRA"), "customer_notified", people)
    services.facts_refresh()
    kept = snapshot()
    for _ in range(3):  # the lag window counts recent complaints again
        services.facts_write([done.pk])
    services.facts_refresh(full=True)
    assert snapshot() == kept
    assert sum(v[0] for v in kept[0].values()) == 1  # received once


def _from_the_facts(start: date, end: date) -> dict[str, int]:
    """What board-mi counted straight from the facts before the daily totals."""
    facts = common.in_scope(ComplaintFact.objects.all(), start, end)
    found = facts.aggregate(**{k: common.count(q) for k, q in board_mi._measures(start, end).items()})
    return {k: int(v or 0) for k, v in found.items()}


def test_board_mi_counts_what_the_facts_count_even_when_closed_before_received() -> None:
    make_fact(received="2026-11-02", answered="2026-11-10", outcome="upheld", due="2026-11-20")
    make_fact(received="2026-11-05", answered="2026-12-03", flags=["vulnerable"], due="2026-11-25")
    make_fact(received="2026-10-20", answered="2026-11-01", outcome="partly_upheld", redress=("GBP", "10.50"))
    make_fact(received="2026-10-28")  # open
    make_fact(received="2026-11-10", answered="2026-11-09")  # a clock's skew: closed the day before
    make_fact(received="2026-12-01", answered="2026-10-30")  # received after the period, closed before it
    make_fact(received="2025-11-15", answered="2025-11-16", outcome="upheld", redress=("GBP", "5"))
    assert ComplaintFact.objects.filter(closed_on__lt=F("received_on")).count() == 2
    nov = (date(2026, 11, 1), date(2026, 11, 30))
    periods = (nov, board_mi.previous_period(*nov), board_mi.year_before(*nov))
    rows = list(RETURNS["board-mi"].rows(*nov))
    for column, period in zip(("current", "previous", "year_before"), periods, strict=True):
        expected = _from_the_facts(*period)
        assert {r["metric"]: r[column] for r in rows} == {k: expected[k] for k in board_mi.METRICS}
    pack, now = RETURNS["board-mi"].totals(*nov, None), _from_the_facts(*nov)
    assert pack["timeliness"] == {
        "closed": now["closed"],
        "within_3_business_days": now["closed_within_3_business_days"],
        "within_deadline": now["closed_within_deadline"],
        "after_deadline": now["closed_after_deadline"],
        "within_deadline_percent": pack["timeliness"]["within_deadline_percent"],
    }
    assert now["closed_within_deadline"] == 1 and now["closed"] == 3
    assert pack["redress"] == [{"currency": "GBP", "paid": "10.50"}]
    assert RETURNS["board-mi"].totals(date(2025, 11, 1), date(2025, 11, 30))["redress"] == [
        {"currency": "GBP", "paid": "5.00"}
    ]
