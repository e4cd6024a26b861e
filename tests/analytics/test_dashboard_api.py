"""The dashboard's endpoints and page: each chart's numbers on hand-built complaints, filters, CSV, access."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics.api import serializers as out
from redress.codes import selectors as codes
from redress.complaints.lifecycle import register
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

ENDPOINTS = {
    "volume": out.VolumeOut,
    "business-reason": out.BusinessReasonOut,
    "pareto": out.ParetoOut,
    "timeliness": out.TimelinessOut,
    "outcomes": out.OutcomesOut,
    "ageing": out.AgeingOut,
    "satisfaction": out.SatisfactionOut,
}


def get(api: Any, chart: str, who: str = "analyst", **params: Any) -> Any:
    response = api(who).get(f"/api/v1/analytics/{chart}/", params)
    assert response.status_code == 200, response.content
    assert_shape(ENDPOINTS[chart], response.json())
    return response.json()


def rows(api: Any, chart: str, who: str = "analyst", **params: Any) -> list[dict[str, Any]]:
    return list(get(api, chart, who, **params)["rows"])


def today() -> Any:
    return timezone.localdate()


def test_volume_per_day_counts_received_and_closed_in_each_bucket(api: Any, world: Any) -> None:
    answer = get(api, "volume", interval="day", **{"from": (today() - timedelta(days=20)).isoformat()})
    assert (answer["interval"], answer["expected"], answer["alerts"]) == ("day", [], [])
    by_day = {r["period"]: (r["received"], r["closed"]) for r in answer["rows"]}
    assert len(by_day) == 21  # every day of the period, quiet ones as 0
    assert by_day[today().isoformat()] == (1, 2)
    assert by_day[(today() - timedelta(days=2)).isoformat()] == (1, 0)
    assert by_day[(today() - timedelta(days=10)).isoformat()] == (1, 0)
    assert by_day[(today() - timedelta(days=20)).isoformat()] == (1, 0)
    assert sum(r for r, _ in by_day.values()) == 4  # the UK one came 50 days ago


def test_volume_per_month_and_week(api: Any, world: Any) -> None:
    months = rows(api, "volume", interval="month")
    assert sum(r["received"] for r in months) == 5 and sum(r["closed"] for r in months) == 2
    assert months[-1]["period"] == today().replace(day=1).isoformat()
    weeks = rows(api, "volume", interval="week")
    monday = today() - timedelta(days=today().weekday())
    assert weeks[-1]["period"] == monday.isoformat()
    assert [date.fromisoformat(r["period"]).weekday() for r in weeks] == [0] * len(weeks)


def test_business_by_reason_and_the_pareto(api: Any, world: Any) -> None:
    table = {(r["business"], r["reason"]): r["count"] for r in rows(api, "business-reason")}
    assert table == {
        ("bank_card", "pricing_fees"): 1,
        ("bank_card", "service_quality"): 1,
        ("loan", "pricing_fees"): 1,
        ("loan", "service_quality"): 1,
        ("savings", "pricing_fees"): 1,
    }
    pareto = rows(api, "pareto")
    assert [(r["reason"], r["count"], r["share"], r["cumulative_share"]) for r in pareto] == [
        ("pricing_fees", 3, 60.0, 60.0),
        ("service_quality", 2, 40.0, 100.0),
    ]
    assert pareto[0]["reason_label"] == codes.label("reason", "pricing_fees", "en")


def test_timeliness_per_jurisdiction(api: Any, world: Any) -> None:
    by = {r["jurisdiction"]: r for r in rows(api, "timeliness")}
    cn = {k: v for k, v in by["CN-NFRA"].items() if k not in ("jurisdiction", "jurisdiction_label")}
    assert cn == {
        "closed_within_3_business_days": 1,  # received and answered today
        "closed_within_deadline": 1,  # 6 business days, inside 15 calendar days
        "closed_after_deadline": 0,
        "open_on_time": 1,  # 2 of 15 days gone
        "open_past_80_percent": 0,
        "open_breached": 1,  # 20 days
    }
    assert by["UK-FCA"]["open_past_80_percent"] == 1  # 50 of 56 days
    assert by["UK-FCA"]["jurisdiction_label"] == "United Kingdom: FCA DISP"


def test_outcomes_by_business_line(api: Any, world: Any) -> None:
    (row,) = rows(api, "outcomes")
    assert row["business"] == "bank_card"
    assert (row["closed"], row["upheld"], row["partly_upheld"], row["not_upheld"]) == (2, 1, 0, 1)
    assert (row["upheld_rate"], row["partly_upheld_rate"], row["not_upheld_rate"]) == (50.0, 0.0, 50.0)
    assert row["redress_paid"] == [{"currency": "CNY", "amount": "200.00"}]


def test_ageing_of_open_complaints(api: Any, world: Any) -> None:
    counts = {r["bucket"]: r["count"] for r in rows(api, "ageing")}
    assert counts == {"0-7": 1, "8-15": 0, "16-30": 1, "31-60": 1, "61+": 0}
    first = rows(api, "ageing")[0]
    assert (first["received_from"], first["received_to"], first["bucket_label"]) == (
        (today() - timedelta(days=7)).isoformat(),
        today().isoformat(),
        "0–7 days",
    )


def test_satisfaction_and_reviews_per_month(api: Any, world: Any) -> None:
    (month,) = rows(api, "satisfaction")
    assert month["month"] == today().strftime("%Y-%m")
    assert (month["closed"], month["satisfied"], month["dissatisfied"], month["not_asked"]) == (2, 2, 0, 0)
    assert (month["review_requested"], month["satisfied_rate"]) == (0, 100.0)


def test_filters_narrow_every_chart(api: Any, world: Any) -> None:
    assert {r["business"] for r in rows(api, "business-reason", business="loan")} == {"loan"}
    assert {r["business"] for r in rows(api, "business-reason", business="loan,savings")} == {"loan", "savings"}
    assert [r["jurisdiction"] for r in rows(api, "timeliness", jurisdiction="UK-FCA")] == ["UK-FCA"]
    loans = rows(api, "pareto", department="loans")
    assert [(r["reason"], r["count"]) for r in loans] == [("pricing_fees", 1)]
    recent = rows(api, "pareto", **{"from": (today() - timedelta(days=5)).isoformat(), "to": today().isoformat()})
    assert [(r["reason"], r["count"]) for r in recent] == [("service_quality", 2)]
    assert rows(api, "outcomes", channel="email") == []
    assert rows(api, "ageing", reason="service_quality")[0]["count"] == 1


def test_a_new_complaint_counts_at_once(api: Any, world: Any, people: dict[str, User]) -> None:
    before = sum(r["received"] for r in rows(api, "volume"))
    register(by=people["intake"])
    assert sum(r["received"] for r in rows(api, "volume")) == before + 1


def test_bad_dates_and_intervals_are_a_400_naming_the_field(api: Any, world: Any) -> None:
    client = api("analyst")
    response = client.get("/api/v1/analytics/pareto/", {"from": "2026-13-01"})
    assert response.status_code == 400
    assert response.json() == {"error": "invalid", "detail": {"from": ["Dates are written YYYY-MM-DD."]}}
    response = client.get("/api/v1/analytics/volume/", {"interval": "year"})
    assert response.status_code == 400 and "interval" in response.json()["detail"]
    response = client.get("/api/v1/analytics/ageing/", {"from": "2026-02-01", "to": "2026-01-01"})
    assert response.status_code == 400 and "to" in response.json()["detail"]


def test_an_unknown_code_in_a_filter_is_a_400_naming_it_and_a_label_is_taken(api: Any, world: Any) -> None:
    client = api("analyst")
    for name in ("reason", "business", "product", "jurisdiction", "channel", "department"):
        response = client.get("/api/v1/analytics/pareto/", {name: "nonsense"}, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 400, name
        assert list(response.json()["detail"]) == [name] and "nonsense" in response.json()["detail"][name][0]
    response = client.get("/api/v1/analytics/spikes/", {"channel": "web,fax"})
    assert response.status_code == 400 and list(response.json()["detail"]) == ["channel"]
    # Business lines, products and reasons are taken as their labels too, as the forms take them.
    by_label = rows(api, "pareto", reason=codes.label("reason", "pricing_fees", "en").upper())
    assert [(r["reason"], r["count"]) for r in by_label] == [("pricing_fees", 3)]


def test_csv_carries_the_same_rows_headed_in_the_readers_language(api: Any, world: Any) -> None:
    response = api("compliance").get("/api/v1/analytics/pareto/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="pareto-')
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines[0] == ["Reason", "Complaints", "Share (%)", "Cumulative share (%)"]
    assert lines[1:] == [
        [codes.label("reason", "pricing_fees", "en"), "3", "60.0", "60.0"],
        [codes.label("reason", "service_quality", "en"), "2", "40.0", "100.0"],
    ]
    money = api("compliance").get("/api/v1/analytics/outcomes/", {"format": "csv"}).content.decode("utf-8-sig")
    assert "CNY 200.00" in money


def test_a_department_manager_counts_their_department_only(api: Any, world: Any) -> None:
    # The manager persona is in the cards department; the breached complaint is in loans.
    pareto = rows(api, "pareto", who="manager")
    assert [(r["reason"], r["count"]) for r in pareto] == [("pricing_fees", 2), ("service_quality", 2)]
    assert sum(r["open_breached"] for r in rows(api, "timeliness", who="manager")) == 0
    assert sum(r["open_breached"] for r in rows(api, "timeliness", who="auditor")) == 1


@pytest.mark.parametrize("who", ["handler", "intake", "approver"])
def test_roles_without_analytics_get_403(api: Any, world: Any, who: str) -> None:
    for chart in ENDPOINTS:
        response = api(who).get(f"/api/v1/analytics/{chart}/")
        assert response.status_code == 403, chart
        assert response.json()["error"] == "forbidden"
    assert api(None).get("/api/v1/analytics/pareto/").status_code == 401


@pytest.mark.parametrize(
    ("language", "reason_word"),
    [("en", "en"), ("zh-hans", "zh-hans"), ("zh-hant", "zh-hant")],
)
def test_the_page_renders_in_each_language(
    people: dict[str, User], world: Any, language: str, reason_word: str
) -> None:
    client = Client()
    client.force_login(people["compliance"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/analytics/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'lang="{language}"' in body
    for chart in ENDPOINTS:
        assert f'data-chart="{chart}"' in body
        assert f"/api/v1/analytics/{chart}/" in body
    assert codes.label("reason", "pricing_fees", reason_word) in body  # the tables name codes in words
    assert "pricing_fees" not in body.replace('value="pricing_fees"', "")  # no code on screen
    assert 'href="/analytics/"' in body  # the nav link
    assert "analytics/analytics.js" in body and "echarts.min.js" in body


def test_the_page_keeps_its_filters_in_each_charts_endpoint(people: dict[str, User], world: Any) -> None:
    client = Client()
    client.force_login(people["analyst"])
    body = client.get("/analytics/", {"business": "loan", "from": "2026-01-01", "interval": "week"}).content.decode()
    assert "/api/v1/analytics/volume/?from=2026-01-01&amp;business=loan&amp;interval=week" in body
    assert "/api/v1/analytics/pareto/?from=2026-01-01&amp;business=loan&amp;format=csv" in body


def test_the_page_is_refused_to_a_handler_and_hidden_from_their_nav(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["handler"])
    assert client.get("/analytics/").status_code == 403
    assert 'href="/analytics/"' not in client.get("/").content.decode()
