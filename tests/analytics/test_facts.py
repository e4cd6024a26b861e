"""The facts the reports count: local days, business days on the jurisdiction's calendar, outcome, redress."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from redress.accounts.models import User
from redress.analytics.models import ComplaintFact
from redress.analytics.services import facts_refresh
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def decided_on(complaint: Complaint, when: datetime) -> None:
    """The decision went out at `when` (the walk sends it now; the case needs another day)."""
    Complaint.objects.filter(pk=complaint.pk).update(notified_at=when, updated_at=when)


def fact(complaint: Complaint) -> ComplaintFact:
    facts_refresh()
    return ComplaintFact.objects.get(complaint=complaint)


def test_a_new_complaint_is_counted_on_its_local_day(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], received_at=at("2026-11-30T17:30:00"), jurisdiction="CN-NFRA")
    row = fact(complaint)
    assert row.received_on.isoformat() == "2026-12-01"  # 01:30 in Shanghai
    assert row.is_open and row.closed_on is None and row.upheld is False


def test_uk_business_days_skip_christmas_and_the_substitute_boxing_day(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], received_at=at("2025-12-24T10:00:00"), jurisdiction="UK-FCA")
    complaint = walk(complaint, "customer_notified", people)
    decided_on(complaint, at("2025-12-29T15:00:00"))
    row = fact(complaint)
    # 25 Thu Christmas, 26 Fri Boxing Day, 27–28 weekend: the 29th is the first business day after receipt.
    assert (row.received_on.isoformat(), row.closed_on.isoformat() if row.closed_on else None) == (
        "2025-12-24",
        "2025-12-29",
    )
    assert (row.days_to_close, row.business_days_to_close) == (5, 1)
    assert row.upheld and row.redress_currency == "CNY" and row.redress_paid == Decimal("200.00")


def test_china_counts_a_makeup_saturday_as_a_working_day(people: dict[str, User]) -> None:
    # 2026-02-14 (Saturday) is a makeup working day before the Spring Festival holiday.
    complaint = register(by=people["intake"], received_at=at("2026-02-13T02:00:00"), jurisdiction="CN-NFRA")
    complaint = walk(complaint, "customer_notified", people)
    decided_on(complaint, at("2026-02-14T08:00:00"))
    assert fact(complaint).business_days_to_close == 1


def test_a_review_reopens_it_until_the_review_answer(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    assert fact(complaint).closed_on is not None
    act(complaint, "record_satisfaction", by=people["handler"], payload={"result": "dissatisfied", "score": 2})
    act(complaint, "request_review", by=people["intake"], payload={"reason": "不同意"})
    row = fact(complaint)
    assert row.is_open and row.closed_on is None and row.review_requested


def test_a_merged_complaint_is_counted_in_the_one_it_joined(people: dict[str, User]) -> None:
    first, second = register(by=people["intake"]), register(by=people["intake"])
    facts_refresh()
    act(second, "merge", by=people["manager"], payload={"into": first.reference})
    facts_refresh()
    assert list(ComplaintFact.objects.values_list("reference", flat=True)) == [first.reference]


def test_the_same_customer_within_a_year_is_a_repeat(people: dict[str, User]) -> None:
    register(by=people["intake"], received_at=at("2026-01-05T02:00:00"))
    again = register(by=people["intake"], received_at=at("2026-06-05T02:00:00"))
    assert fact(again).repeat is True
