"""The FCA half-yearly return, counted by hand: UK bank holidays, the 8-week line, partly upheld, a review."""

from __future__ import annotations

from datetime import date

import pytest

from redress.analytics.returns import RETURNS
from redress.analytics.returns.common import most_frequent
from tests.analytics.factmaker import make_fact

pytestmark = pytest.mark.django_db

H2 = (date(2026, 7, 1), date(2026, 12, 31))
BANKING = "Banking and credit cards"
ADMIN = "General admin/customer service"
TERMS = "Terms and disputed sums/charges"


@pytest.fixture
def book() -> dict[str, object]:
    return {
        # open at the start, answered 20 days after receipt
        "a": make_fact(received="2026-06-20", answered="2026-07-10", product="credit_card"),
        # Thu 24 Dec to Tue 29 Dec: the 25th, the 26th (Saturday) and Boxing Day's substitute on Monday the 28th
        # are no business days, so it closed on the 1st business day after receipt; partly upheld is upheld
        "b": make_fact(
            received="2026-12-24",
            answered="2026-12-29",
            product="credit_card",
            outcome="partly_upheld",
            redress=("GBP", "50.00"),
            root_cause="staff_error",
        ),
        # 56 calendar days: still within 8 weeks; 57: after
        "c": make_fact(
            received="2026-09-01",
            answered="2026-10-27",
            product="credit_card",
            outcome="upheld",
            redress=("GBP", "100.50"),
            root_cause="product_design",
        ),
        "d": make_fact(received="2026-09-01", answered="2026-10-28", product="credit_card", reason="pricing_fees"),
        # debit cards and current accounts are both FCA "Current accounts": one row
        "e": make_fact(received="2026-11-02", product="debit_card"),
        "f": make_fact(received="2026-12-30", product="current_account"),
        # reopened by a review: one complaint, closed on the day the review's answer went
        "j": make_fact(
            received="2026-06-01",
            answered="2026-08-03",
            product="current_account",
            outcome="upheld",
            redress=("GBP", "20"),
            root_cause="staff_error",
            previous_handler_id=7,
        ),
        # not counted: closed before the start, another jurisdiction, received after the end
        "g": make_fact(received="2026-05-01", answered="2026-06-15", product="mortgage"),
        "h": make_fact(received="2026-09-01", jurisdiction="CN-NFRA", product="credit_card"),
        "i": make_fact(received="2027-01-02", product="credit_card", jurisdiction="UK-FCA-PSD"),
    }


def test_business_days_skip_christmas_and_the_boxing_day_substitute(book: dict[str, object]) -> None:
    b = book["b"]
    assert (b.days_to_close, b.business_days_to_close) == (5, 1)  # type: ignore[attr-defined]


def test_one_row_per_fca_product_counted_by_hand(book: dict[str, object]) -> None:
    rows = list(RETURNS["uk-disp"].rows(*H2))
    assert rows == [
        {
            "product_group": BANKING,
            "product": "Credit cards",
            "outstanding_at_start": 1,
            "opened": 3,
            "closed": 4,
            "closed_within_3_business_days": 1,
            "closed_after_3_business_days_within_8_weeks": 2,
            "closed_after_8_weeks": 1,
            "upheld": 2,
            "upheld_percent": "50.0",
            "redress_paid": "150.50",
            "main_cause": TERMS,  # c's root cause and d's reason against b's root cause
        },
        {
            "product_group": BANKING,
            "product": "Current accounts",
            "outstanding_at_start": 1,
            "opened": 2,
            "closed": 1,
            "closed_within_3_business_days": 0,
            "closed_after_3_business_days_within_8_weeks": 0,
            "closed_after_8_weeks": 1,
            "upheld": 1,
            "upheld_percent": "100.0",
            "redress_paid": "20.00",
            "main_cause": ADMIN,
        },
    ]


def test_totals_add_up_the_products(book: dict[str, object]) -> None:
    ret = RETURNS["uk-disp"]
    assert ret.totals(*H2, None) == {
        "outstanding_at_start": 2,
        "opened": 5,
        "closed": 5,
        "closed_within_3_business_days": 1,
        "closed_after_3_business_days_within_8_weeks": 2,
        "closed_after_8_weeks": 2,
        "upheld": 3,
        "upheld_percent": "60.0",
        "redress_paid": "170.50",
    }


def test_the_reviewed_complaint_counts_in_the_period_of_the_reviews_answer(book: dict[str, object]) -> None:
    h1 = list(RETURNS["uk-disp"].rows(date(2026, 1, 1), date(2026, 6, 30)))
    current = next(r for r in h1 if r["product"] == "Current accounts")
    assert (current["opened"], current["closed"]) == (1, 0)


def test_a_tie_for_the_main_cause_goes_to_the_first_name() -> None:
    assert most_frequent([("Other", 2), ("Arrears related", 1), ("Arrears related", 1), ("", 9)]) == ("Arrears related")
    assert most_frequent([]) == ""
