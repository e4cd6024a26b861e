"""The queue's received_from / received_to count each complaint's own day, in its jurisdiction's time zone, as the
dashboard does: a click on a bar opens exactly the complaints the bar counts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from redress.accounts.models import User
from redress.analytics.models import ComplaintFact
from redress.analytics.services import facts_refresh
from redress.complaints.lifecycle import register

pytestmark = pytest.mark.django_db


def at(text: str, zone: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone))


@pytest.fixture
def night(people: dict[str, User]) -> dict[str, str]:
    made = {
        # 23:30 in London on 30 November is 07:30 on 1 December in Shanghai (the server's zone)
        "uk": register(by=people["intake"], jurisdiction="UK-FCA", received_at=at("2026-11-30T23:30", "Europe/London")),
        # 00:30 in Shanghai on 1 December is 16:30 on 30 November in London
        "cn": register(
            by=people["intake"], jurisdiction="CN-NFRA", received_at=at("2026-12-01T00:30", "Asia/Shanghai")
        ),
        # 20:00 in New York on 30 November is 09:00 on 1 December in Shanghai
        "us": register(
            by=people["intake"], jurisdiction="US-CFPB", received_at=at("2026-11-30T20:00", "America/New_York")
        ),
    }
    return {name: c.reference for name, c in made.items()}


def listed(api: Any, **params: str) -> set[str]:
    answer = api("manager").get("/api/v1/complaints/", params)
    assert answer.status_code == 200, answer.content
    return {r["reference"] for r in answer.json()["results"]}


def test_a_day_is_each_complaints_own_day(api: Any, night: dict[str, str]) -> None:
    nov30 = listed(api, received_from="2026-11-30", received_to="2026-11-30")
    dec1 = listed(api, received_from="2026-12-01", received_to="2026-12-01")
    assert nov30 == {night["uk"], night["us"]}
    assert dec1 == {night["cn"]}
    assert listed(api, received_to="2026-11-30") == {night["uk"], night["us"]}
    assert listed(api, received_from="2026-12-01") == {night["cn"]}


def test_the_queue_lists_what_the_dashboard_counts_on_that_day(api: Any, night: dict[str, str]) -> None:
    facts_refresh()
    for day in (date(2026, 11, 30), date(2026, 12, 1)):
        counted = set(ComplaintFact.objects.filter(received_on=day).values_list("reference", flat=True))
        assert listed(api, received_from=day.isoformat(), received_to=day.isoformat()) == counted
