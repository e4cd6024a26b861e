"""A click on a bar of the outcomes, timeliness or satisfaction chart opens the queue with the filters the dashboard
gives it (analytics.js builds the same query): the queue lists exactly as many complaints as the bar counts.
Bad values of those filters are a 400 naming the filter, on the API and on the page."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics.selectors import TIMELINESS

pytestmark = pytest.mark.django_db

WHO = "analyst"  # sees every complaint on both (a manager with a department: its own on the dashboard)
OUTCOMES = ("upheld", "partly_upheld", "not_upheld")
ANSWERS = ("satisfied", "dissatisfied", "no_response", "not_asked")


def chart(api: Any, key: str, **params: str) -> list[dict[str, Any]]:
    response = api(WHO).get(f"/api/v1/analytics/{key}/", params)
    assert response.status_code == 200, response.content
    return list(response.json()["rows"])


def listed(api: Any, **params: str) -> list[str]:
    response = api(WHO).get("/api/v1/complaints/", {"page_size": "200", **params})
    assert response.status_code == 200, response.content
    assert response.json()["next"] is None
    return [r["reference"] for r in response.json()["results"]]


def closed_period(page: dict[str, str], first: str = "", last: str = "") -> dict[str, str]:
    """analytics.js's closedPeriod: the page's period on the day closed, within a bucket's days."""
    start, end = page.get("from", ""), page.get("to", "")
    if first and (not start or first > start):
        start = first
    if last and (not end or last < end):
        end = last
    return {k: v for k, v in (("closed_from", start), ("closed_to", end)) if v}


def received_period(page: dict[str, str]) -> dict[str, str]:
    return {k: page[p] for k, p in (("received_from", "from"), ("received_to", "to")) if p in page}


def month_end(first: str) -> str:
    day = timezone.datetime.fromisoformat(first).date()
    following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return (following - timedelta(days=1)).isoformat()


PAGES = [{}, {"from": (timezone.localdate() - timedelta(days=15)).isoformat(), "to": timezone.localdate().isoformat()}]


@pytest.mark.parametrize("page", PAGES, ids=["no-period", "period"])
def test_an_outcome_bar_lists_what_it_counts(api: Any, world: Any, page: dict[str, str]) -> None:
    rows = chart(api, "outcomes", **page)
    assert rows
    for row in rows:
        for outcome in OUTCOMES:
            found = listed(api, business=row["business"], outcome=outcome, **closed_period(page))
            assert len(found) == row[outcome], (row["business"], outcome)
    upheld = listed(api, business="bank_card", outcome="upheld", **closed_period(page))
    assert upheld == [world["closed_upheld"].reference]


@pytest.mark.parametrize("page", PAGES, ids=["no-period", "period"])
def test_a_timeliness_bar_lists_what_it_counts(api: Any, world: Any, page: dict[str, str]) -> None:
    rows = chart(api, "timeliness", **page)
    assert {r["jurisdiction"] for r in rows} == ({"CN-NFRA"} if page else {"CN-NFRA", "UK-FCA"})
    seen = 0
    for row in rows:
        for key in TIMELINESS:
            period = received_period(page) if key.startswith("open") else closed_period(page)
            found = listed(api, jurisdiction=row["jurisdiction"], timeliness=key, **period)
            assert len(found) == row[key], (row["jurisdiction"], key)
            seen += len(found)
    assert seen == sum(r[k] for r in rows for k in TIMELINESS) > 0
    if page:  # 20 and 50 days ago: before the period
        return
    assert listed(api, jurisdiction="CN-NFRA", timeliness="open_breached") == [world["open_breached"].reference]
    assert listed(api, timeliness="open_past_80_percent") == [world["open_uk"].reference]  # 50 of 56 days


@pytest.mark.parametrize("page", PAGES, ids=["no-period", "period"])
def test_a_satisfaction_bar_and_the_reviews_line_list_what_they_count(
    api: Any, world: Any, page: dict[str, str]
) -> None:
    rows = chart(api, "satisfaction", **page)
    assert rows
    for row in rows:
        first = f"{row['month']}-01"
        period = closed_period(page, first, month_end(first))
        for answer in ANSWERS:
            assert len(listed(api, satisfaction=answer, **period)) == row[answer], (row["month"], answer)
        assert len(listed(api, review_requested="1", **period)) == row["review_requested"]
        assert len(listed(api, **period)) == row["closed"]


def test_the_volume_charts_closed_line_lists_what_it_counts(api: Any, world: Any) -> None:
    for row in chart(api, "volume", interval="day"):
        assert len(listed(api, closed_from=row["period"], closed_to=row["period"])) == row["closed"]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("outcome", "upheld,maybe"),
        ("timeliness", "late"),
        ("satisfaction", "happy"),
        ("closed_from", "2026-13-01"),
        ("closed_to", "yesterday"),
        ("review_requested", "perhaps"),
    ],
)
def test_a_bad_value_is_a_400_naming_the_filter(api: Any, people: dict[str, User], name: str, value: str) -> None:
    response = api(WHO).get("/api/v1/complaints/", {name: value})
    assert response.status_code == 400
    assert list(response.json()["detail"]) == [name]
    client = Client()
    client.force_login(people[WHO])
    page = client.get("/", {"f": "1", name: value})
    assert page.status_code == 400
    assert f'data-refused="{name}"' in page.content.decode()


def test_the_page_names_the_filters_and_a_saved_view_keeps_them(api: Any, world: Any, people: dict[str, User]) -> None:
    query = "f=1&status=all&outcome=upheld&timeliness=closed_within_deadline&closed_from=2020-01-01"
    client = Client()
    client.force_login(people[WHO])
    page = client.get(f"/?{query}")
    assert page.status_code == 200
    text = page.content.decode()
    for name in ("outcome", "timeliness", "closed_from"):
        assert f'data-filter="{name}"' in text
    assert "Closed within the deadline" in text and world["closed_upheld"].reference in text
    saved = api(WHO).post("/api/v1/views/", {"name": "Upheld", "query": query}, format="json")
    assert saved.status_code == 201, saved.content
    assert saved.json()["query"] == query


def test_a_department_managers_click_lists_their_department_only(api: Any, world: Any, people: dict[str, User]) -> None:
    """The page gives the manager's department (data-scope); analytics.js adds it to every queue link."""
    manager = people["manager"]
    client = Client()
    client.force_login(manager)
    scope = manager.department.code
    assert f'data-scope="{scope}"' in client.get("/analytics/").content.decode()
    timeliness = api("manager").get("/api/v1/analytics/timeliness/").json()["rows"]
    for row in timeliness:
        for key in TIMELINESS:
            found = api("manager").get(
                "/api/v1/complaints/", {"department": scope, "jurisdiction": row["jurisdiction"], "timeliness": key}
            )
            assert len(found.json()["results"]) == row[key], (row["jurisdiction"], key)
    unscoped = api("manager").get("/api/v1/complaints/", {"timeliness": "open_breached"}).json()["results"]
    assert len(unscoped) == 1 and sum(r["open_breached"] for r in timeliness) == 0
