"""China's statistics by JR/T channel × business × reason, counted by hand across the 2026 Spring Festival."""

from __future__ import annotations

from datetime import date

import pytest

from redress.analytics.returns import RETURNS
from redress.analytics.returns.cn_stats import channel_label
from tests.analytics.factmaker import make_fact

pytestmark = pytest.mark.django_db

FEB = (date(2026, 2, 1), date(2026, 2, 28))
CN = "CN-NFRA"


@pytest.fixture
def book() -> dict[str, object]:
    cards = {"channel": "web", "business": "bank_card", "reason": "pricing_fees"}
    loans = {"channel": "branch", "business": "loan", "reason": "service_quality"}
    s = make_fact(received="2026-02-26", answered="2026-03-05", jurisdiction=CN, **loans)
    s.repeat = True
    s.save()
    return {
        # Fri 13 Feb to Sat 28 Feb: 15 calendar days; Saturdays 14 and 28 Feb are makeup working days
        "p": make_fact(
            received="2026-02-13",
            answered="2026-02-28",
            jurisdiction=CN,
            outcome="partly_upheld",
            redress=("CNY", "88.8"),
            **cards,
        ),
        "q": make_fact(received="2026-01-10", answered="2026-02-20", jurisdiction="CN-PBOC", **cards),  # 41 days
        "r": make_fact(received="2026-02-25", jurisdiction=CN, forwarded_by_regulator=True, **loans),
        "s": s,  # closed after the end: open at the end
        "uk": make_fact(received="2026-02-10", answered="2026-02-12", jurisdiction="UK-FCA", **cards),
    }


def test_business_days_on_the_chinese_calendar_count_the_makeup_saturdays(book: dict[str, object]) -> None:
    # after 13 Feb: Sat 14 (makeup), 16–20 and 23 Feb off, 24–27, Sat 28 (makeup) — 6 working days, not 4
    p = book["p"]
    assert (p.days_to_close, p.business_days_to_close) == (15, 6)  # type: ignore[attr-defined]


def test_rows_counted_by_hand(book: dict[str, object]) -> None:
    assert list(RETURNS["cn-stats"].rows(*FEB)) == [
        {
            "channel": "Branch premises",
            "business": "Loans",
            "reason": "Service attitude and quality",
            "received": 2,
            "closed": 0,
            "closed_within_15_days": 0,
            "closed_within_30_days": 0,
            "closed_within_60_days": 0,
            "open_at_end": 2,
            "upheld": 0,
            "redress_paid": "0.00",
            "forwarded_by_regulator": 1,
            "repeat_complaints": 1,
        },
        {
            "channel": "Electronic channel · online banking",
            "business": "Bank cards",
            "reason": "Pricing and fees",
            "received": 1,
            "closed": 2,
            "closed_within_15_days": 1,
            "closed_within_30_days": 1,
            "closed_within_60_days": 2,
            "open_at_end": 0,
            "upheld": 1,
            "redress_paid": "88.80",
            "forwarded_by_regulator": 0,
            "repeat_complaints": 0,
        },
    ]
    totals = RETURNS["cn-stats"].totals(*FEB, None)
    assert (totals["received"], totals["closed"], totals["open_at_end"], totals["redress_paid"]) == (3, 2, 2, "88.80")


def test_channels_map_onto_jrt_dimension_a_in_the_readers_language() -> None:
    from django.utils import translation

    assert channel_label("letter") == "Other channel"
    with translation.override("zh-hans"):
        assert channel_label("social") in ("电子渠道·网络公众平台", "Electronic channel · online public platform")


def test_a_complaint_reopened_by_a_review_counts_once_closed_on_the_reviews_answer() -> None:
    # Received Tue 20 Jan; answered in January, reopened by a review, its review answered Tue 24 Feb: one
    # complaint, open at the end of January, closed in February 35 calendar days after receipt.
    make_fact(
        received="2026-01-20",
        answered="2026-02-24",
        jurisdiction=CN,
        outcome="partly_upheld",
        redress=("CNY", "10"),
        previous_handler_id=7,
        channel="web",
        business="bank_card",
        reason="pricing_fees",
    )
    (jan,) = RETURNS["cn-stats"].rows(date(2026, 1, 1), date(2026, 1, 31))
    assert (jan["received"], jan["closed"], jan["open_at_end"], jan["upheld"]) == (1, 0, 1, 0)
    (feb,) = RETURNS["cn-stats"].rows(*FEB)
    assert (feb["received"], feb["closed"], feb["open_at_end"]) == (0, 1, 0)
    assert (feb["closed_within_15_days"], feb["closed_within_30_days"], feb["closed_within_60_days"]) == (0, 0, 1)
    assert (feb["upheld"], feb["redress_paid"]) == (1, "10.00")  # partly upheld counts as upheld
