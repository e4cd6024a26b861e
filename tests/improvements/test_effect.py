"""The effect on constructed data with known answers: the pure model, then through the facts and the API."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics import services, sources
from redress.improvements.effect import MIN_WEEKS_AFTER, rate_ratio, weeks_window


def test_an_exact_halving_gives_a_ratio_of_one_half() -> None:
    found = rate_ratio([(100, 1000)] * 12, [(50, 1000)] * 8)
    assert found is not None
    assert found.model == "poisson"
    assert found.rate_ratio == pytest.approx(0.5, abs=1e-9)
    assert found.ci_low < 0.5 < found.ci_high < 1
    assert found.p < 0.001
    assert (found.rate_before, found.rate_after) == (pytest.approx(0.1), pytest.approx(0.05))
    assert (found.weeks_before, found.weeks_after) == (12, 8)


def test_no_change_gives_an_interval_around_one() -> None:
    found = rate_ratio([(30, 300), (34, 310), (26, 290)] * 4, [(31, 305), (29, 295)] * 3)
    assert found is not None
    assert found.ci_low < 1 < found.ci_high
    assert found.p > 0.05


def test_it_is_a_rate_per_complaint_received() -> None:
    # Twice the complaints overall after, the same share with the codes: no change.
    found = rate_ratio([(20, 200)] * 10, [(40, 400)] * 6)
    assert found is not None
    assert found.rate_ratio == pytest.approx(1.0, abs=1e-9)


def test_overdispersed_weeks_switch_to_the_negative_binomial() -> None:
    before = [(m, 1000) for m in (20, 180, 40, 160, 60, 140, 30, 170, 50, 150, 90, 110)]
    after = [(m, 1000) for m in (10, 90, 20, 80, 30, 70, 15, 85)]
    found = rate_ratio(before, after)
    assert found is not None
    assert found.dispersion > 1.5
    assert found.model == "negative_binomial"
    assert found.rate_ratio == pytest.approx(0.5, rel=0.05)
    poisson_width = rate_ratio([(100, 1000)] * 12, [(50, 1000)] * 8)
    assert poisson_width is not None
    assert found.ci_high - found.ci_low > poisson_width.ci_high - poisson_width.ci_low


def test_nothing_to_estimate() -> None:
    assert rate_ratio([(0, 100)] * 12, [(5, 100)] * 5) is None  # no complaint with the codes before
    assert rate_ratio([], [(5, 100)] * 5) is None
    assert rate_ratio([(5, 0)] * 12, [(5, 100)] * 5) is None  # weeks with no complaints at all are left out


def test_the_window_counts_only_full_weeks_passed() -> None:
    live = date(2026, 9, 1)
    assert weeks_window(live, date(2026, 9, 7), 12) == (date(2026, 6, 9), 12, 0)
    assert weeks_window(live, date(2026, 9, 8), 12) == (date(2026, 6, 9), 12, 1)
    assert weeks_window(live, date(2027, 9, 8), 12)[2] == 12


def _facts(first: date, weeks: list[tuple[int, int]], reason: str) -> None:
    """`weeks` of (complaints with `reason`, others) received from `first`, spread over each week's days."""
    rows: list[dict[str, Any]] = []
    for w, (hits, others) in enumerate(weeks):
        for n in range(hits + others):
            day = first + timedelta(days=7 * w + n % 7)
            cid = 10_000 + len(rows)
            rows.append(
                {
                    "id": cid,
                    "reference": f"E-{cid}",
                    "jurisdiction": "CN-NFRA",
                    "department_id": None,
                    "channel": "phone",
                    "business": "",
                    "product": "",
                    "reason": reason if n < hits else "service_attitude",
                    "root_cause": "",
                    "language": "zh-hans",
                    "status": "investigating",
                    "outcome": "",
                    "received_at": _noon(day),
                    "notified_at": None,
                    "closed_at": None,
                    "forwarded_by_regulator": False,
                    "previous_handler_id": None,
                    "satisfaction": "",
                    "repeat": False,
                    "updated_at": _noon(day),
                }
            )
    batch = sources.Batch(complaints=rows, redress={}, decision_due={}, flags={})
    services.facts_store([f for f in (services.fact_of(r, batch) for r in rows) if f is not None])


def _noon(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=ZoneInfo("Asia/Shanghai"))


def test_a_done_action_shows_its_effect(api: Any, browser: Any, people: dict[str, User], suggest: Any) -> None:
    today = timezone.localdate()
    live = today - timedelta(days=7 * 6 + 1)  # six full weeks ago
    _facts(live - timedelta(days=7 * 12), [(20, 80)] * 12 + [(10, 90)] * 7, "pricing_fees")
    pk = suggest("handler", reason=["pricing_fees"])["id"]
    move = api("manager").post
    move(
        f"/api/v1/improvements/{pk}/transition/",
        {"to": "approved", "owner": people["handler"].pk, "due_on": "2027-01-31"},
        format="json",
    )
    assert api("handler").get(f"/api/v1/improvements/{pk}/effect/").json()["state"] == "not_done"
    api("handler").post(f"/api/v1/improvements/{pk}/transition/", {"to": "in_progress"}, format="json")
    api("handler").post(
        f"/api/v1/improvements/{pk}/transition/", {"to": "done", "went_live_on": live.isoformat()}, format="json"
    )
    answer = api("handler").get(f"/api/v1/improvements/{pk}/effect/").json()
    assert answer["state"] == "done", answer
    effect = answer["effect"]
    assert (effect["weeks_before"], effect["weeks_after"]) == (12, 6)
    assert effect["rate_before"] == pytest.approx(0.2)
    assert effect["rate_after"] == pytest.approx(0.1)
    assert effect["rate_ratio"] == pytest.approx(0.5, abs=1e-6)
    assert effect["ci_low"] < 0.5 < effect["ci_high"] < 1
    assert "20.0 in every 100" in answer["explanation"]
    page = browser("handler").get(f"/improvements/{pk}/").content.decode()
    assert "0.50 (" in page  # the ratio and its interval
    assert "20.0" in page and "10.0" in page  # the rates per 100 complaints received


def test_too_early_before_four_full_weeks(api: Any, people: dict[str, User], suggest: Any) -> None:
    pk = suggest("handler", reason=["pricing_fees"])["id"]
    api("compliance").post(
        f"/api/v1/improvements/{pk}/transition/",
        {"to": "approved", "owner": people["handler"].pk, "due_on": "2027-01-31"},
        format="json",
    )
    api("handler").post(f"/api/v1/improvements/{pk}/transition/", {"to": "in_progress"}, format="json")
    api("handler").post(f"/api/v1/improvements/{pk}/transition/", {"to": "done"}, format="json")  # today
    answer = api("handler").get(f"/api/v1/improvements/{pk}/effect/").json()
    assert (answer["state"], answer["effect"], answer["weeks_after"]) == ("too_early", None, 0)
    assert MIN_WEEKS_AFTER == 4
