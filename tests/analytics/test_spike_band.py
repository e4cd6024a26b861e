"""The volume chart's expected band and spike marks, the spike list (API, CSV, page) and board-mi's spikes."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from redress.accounts.models import User
from redress.analytics import spikes
from redress.analytics.api import serializers as out
from redress.analytics.filters import parse_filters
from redress.analytics.models import ComplaintFact, ExpectedVolume, SpikeAlert
from redress.analytics.returns import RETURNS
from redress.analytics.volume_band import band
from redress.notifications.models import Notification
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)  # a Friday
FIRST = DAY - timedelta(days=10)


def plant(people: dict[str, User]) -> None:
    """45 days of bank-card complaints, 8 or 9 a day in CN-NFRA, 30 on DAY; and 2 a day in UK-FCA savings,
    received in the manager's department (cards)."""
    cards = people["manager"].department_id
    facts, pk = [], 20_000
    for back in range(45):
        day = DAY - timedelta(days=back)
        cn = 30 if back == 0 else 8 + (day.weekday() % 2)
        for jurisdiction, business, n in (("CN-NFRA", "bank_card", cn), ("UK-FCA", "savings", 2)):
            for _ in range(n):
                pk += 1
                facts.append(
                    ComplaintFact(
                        complaint_id=pk,
                        reference=f"CMP-B-{pk}",
                        jurisdiction=jurisdiction,
                        department_id=cards if jurisdiction == "UK-FCA" else None,
                        channel="web",
                        business=business,
                        product="credit_card" if business == "bank_card" else "",
                        reason="pricing_fees",
                        received_on=day,
                        status="received",
                        source_updated_at="2026-11-21T00:00:00Z",
                    )
                )
    ComplaintFact.objects.bulk_create(facts)


@pytest.fixture
def planted(people: dict[str, User]) -> None:
    plant(people)
    call_command("analytics", "spikes", "--from", FIRST.isoformat(), "--to", DAY.isoformat(), stdout=StringIO())


def test_the_threshold_is_the_smallest_count_the_spike_method_alerts_on() -> None:
    first = date(2026, 10, 1)
    for counts in ([8, 9, 7, 12, 10, 3, 2] * 6, [0] * 40, [1, 0, 0, 2, 0, 0, 1] * 6, list(range(10, 52))):
        for day in (first + timedelta(days=35), first + timedelta(days=39)):
            expected, upper = band(counts, first, day) or (0.0, 0)
            at = (day - first).days
            alert = spikes.scan([*counts[:at], upper, *counts[at + 1 :]], first, day)
            assert alert is not None and alert.level, (counts[:7], day)
            assert alert.expected == pytest.approx(expected)
            quiet = spikes.scan([*counts[:at], upper - 1, *counts[at + 1 :]], first, day)
            assert quiet is not None and not quiet.level, (counts[:7], day)
    assert band([5] * 20, first, first + timedelta(days=10)) is None  # too little history


def test_the_backfill_keeps_a_band_per_day_for_all_and_each_jurisdiction_and_tells_nobody(planted: None) -> None:
    kept = ExpectedVolume.objects.filter(day__gte=FIRST, day__lte=DAY)
    assert {(e.series, e.key) for e in kept} == {("all", ""), ("jurisdiction", "CN-NFRA"), ("jurisdiction", "UK-FCA")}
    assert kept.count() == 3 * 11
    day = kept.get(series="all", day=DAY)
    assert 9 <= day.expected <= 13 and day.expected + 2 <= day.upper < 32
    assert SpikeAlert.objects.filter(day=DAY, dimension="business", key="bank_card", level="red").exists()
    assert not Notification.objects.filter(kind="spike_alert").exists()
    # Run again: the same rows, updated in place.
    call_command("analytics", "spikes", "--from", DAY.isoformat(), "--to", DAY.isoformat(), stdout=StringIO())
    assert ExpectedVolume.objects.filter(day=DAY).count() == 3


def test_the_backfill_options_are_checked() -> None:
    for args in (
        ["--from", "2026-11-02"],
        ["--from", "2026-11-02", "--to", "2026-11-01"],
        ["--to", "x", "--from", "y"],
    ):
        with pytest.raises(Exception, match=r"--to|--from"):
            call_command("analytics", "spikes", *args, stdout=StringIO())


def volume(api: Any, who: str = "analyst", **params: Any) -> dict[str, Any]:
    response = api(who).get("/api/v1/analytics/volume/", params)
    assert response.status_code == 200, response.content
    assert_shape(out.VolumeOut, response.json())
    return dict(response.json())


def test_the_volume_per_day_carries_the_band_and_the_alerts(api: Any, planted: None) -> None:
    period = {"from": FIRST.isoformat(), "to": DAY.isoformat()}
    answer = volume(api, interval="day", **period)
    kept = ExpectedVolume.objects.filter(series="all").order_by("day")
    assert answer["expected"] == [
        {"period": e.day.isoformat(), "expected": float(e.expected), "upper": e.upper} for e in kept
    ]
    assert [r["period"] for r in answer["rows"]] == [e["period"] for e in answer["expected"]]
    alerts = [a for a in answer["alerts"] if a["dimension"] == "business"]
    assert [(a["day"], a["period"], a["label"], a["count"], a["level"]) for a in alerts] == [
        ("2026-11-20", "2026-11-20", "Bank cards", 30, "red")
    ]
    assert alerts[0]["series_label"] == "Business line: Bank cards" and alerts[0]["level_label"] == "Red"
    assert alerts[0]["queue"] == {
        "parameter": "business",
        "value": "bank_card",
        "received_from": "2026-11-20",
        "received_to": "2026-11-20",
    }
    # Per month: no band, the alert in its month.
    monthly = volume(api, interval="month", **period)
    assert monthly["expected"] == [] and {a["period"] for a in monthly["alerts"]} == {"2026-11-01"}


def test_the_band_and_alerts_follow_the_filters_and_the_readers_scope(api: Any, planted: None) -> None:
    period = {"from": FIRST.isoformat(), "to": DAY.isoformat(), "interval": "day"}
    uk = volume(api, jurisdiction="UK-FCA", **period)
    kept = ExpectedVolume.objects.filter(series="jurisdiction", key="UK-FCA").order_by("day")
    assert [e["upper"] for e in uk["expected"]] == [e.upper for e in kept]
    assert all(a["dimension"] == "jurisdiction" and a["key"] == "UK-FCA" for a in uk["alerts"])
    cn = volume(api, jurisdiction="CN-NFRA", **period)
    assert [a["key"] for a in cn["alerts"]] == ["CN-NFRA"] and cn["alerts"][0]["label"] != "CN-NFRA"  # in words
    both = volume(api, jurisdiction="CN-NFRA,UK-FCA", **period)
    assert both["expected"] == []  # no fit for that pair
    assert {a["key"] for a in both["alerts"]} == {a["key"] for a in cn["alerts"]} | {a["key"] for a in uk["alerts"]}
    cards = volume(api, business="bank_card", **period)
    assert cards["expected"] == [] and {(a["dimension"], a["key"]) for a in cards["alerts"]} == {
        ("business", "bank_card")
    }
    assert volume(api, business="bank_card", channel="web", **period)["alerts"] == []
    # The cards manager: no whole-institution band, and only the alerts of the cards department's series.
    mine = volume(api, who="manager", **period)
    assert mine["expected"] == []
    assert all(a["dimension"] == "department" for a in mine["alerts"])


def test_the_spike_list_as_json_and_csv(api: Any, planted: None, people: dict[str, User]) -> None:
    response = api("compliance").get("/api/v1/analytics/spikes/", {"from": DAY.isoformat(), "to": DAY.isoformat()})
    assert response.status_code == 200
    assert_shape(out.SpikesOut, response.json())
    rows = response.json()["rows"]
    assert {(r["dimension"], r["key"]) for r in rows} >= {("business", "bank_card"), ("jurisdiction", "CN-NFRA")}
    assert all(r["day"] == DAY.isoformat() for r in rows)
    before = api("compliance").get("/api/v1/analytics/spikes/", {"to": (FIRST - timedelta(days=1)).isoformat()})
    assert before.json()["rows"] == []
    text = api("auditor").get("/api/v1/analytics/spikes/", {"from": DAY.isoformat(), "format": "csv"}).content.decode()
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert table[0] == ["Day", "Series", "Complaints", "Expected", "Level"]
    cards = table[[r[1] for r in table].index("Business line: Bank cards")]
    assert cards[:3] == ["2026-11-20", "Business line: Bank cards", "30"] and cards[4] == "Red"
    assert api("handler").get("/api/v1/analytics/spikes/").status_code == 403


def test_the_volume_csv_carries_the_band(api: Any, planted: None) -> None:
    params = {"from": DAY.isoformat(), "to": DAY.isoformat(), "interval": "day", "format": "csv"}
    text = api("analyst").get("/api/v1/analytics/volume/", params).content.decode()
    table = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    kept = ExpectedVolume.objects.get(series="all", day=DAY)
    assert table[0] == ["Period", "Received", "Closed", "Expected", "Alert threshold"]
    assert table[1] == ["2026-11-20", "32", "0", str(float(kept.expected)), str(kept.upper)]


def test_the_page_lists_the_alerts_with_a_link_to_the_queue(people: dict[str, User], planted: None) -> None:
    client = Client()
    client.force_login(people["compliance"])
    body = client.get("/analytics/", {"from": DAY.isoformat(), "to": DAY.isoformat()}).content.decode()
    assert 'data-table="spikes"' in body and "Business line: Bank cards" in body
    queue = reverse("complaints:queue")
    assert (
        f"{queue}?f=1&amp;status=all&amp;business=bank_card&amp;received_from=2026-11-20&amp;received_to=2026-11-20"
        in body
    )
    assert "/api/v1/analytics/spikes/?from=2026-11-20&amp;to=2026-11-20&amp;format=csv" in body
    quiet = client.get("/analytics/", {"to": (FIRST - timedelta(days=1)).isoformat()}).content.decode()
    assert "No spike alerts in this period." in quiet


def test_the_page_takes_several_codes_per_filter(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["analyst"])
    response = client.get("/analytics/", {"business": ["loan", "bank_card"], "jurisdiction": "UK-FCA"})
    body = response.content.decode()
    assert "/api/v1/analytics/pareto/?jurisdiction=UK-FCA&amp;business=loan%2Cbank_card" in body
    assert "multiple" in body and body.count("selected") >= 3
    from django.http import QueryDict

    filters = parse_filters(QueryDict("business=loan&business=bank_card,loan&reason=pricing_fees"))
    assert filters.of("business") == ("loan", "bank_card") and filters.of("reason") == ("pricing_fees",)


def test_board_mi_lists_the_spikes_of_the_period(planted: None) -> None:
    totals = RETURNS["board-mi"].totals(FIRST, DAY, None)
    cards = [s for s in totals["spikes"] if s["dimension"] == "business"]
    assert cards == [
        {
            "date": "2026-11-20",
            "dimension": "business",
            "key": "bank_card",
            "label": "Business line: Bank cards",
            "count": 30,
            "expected": pytest.approx(8.5, abs=1.5),
            "level": "red",
            "level_label": "Red",
        }
    ]
    assert RETURNS["board-mi"].totals(FIRST, DAY - timedelta(days=1), None)["spikes"] == []


def test_the_queue_takes_several_departments(people: dict[str, User], world: Any) -> None:
    """The dashboard's drill-down passes the departments chosen, comma-separated."""
    client = Client()
    client.force_login(people["compliance"])
    queue = reverse("complaints:queue")
    one = client.get(queue, {"f": "1", "status": "all", "department": "loans"}).content.decode()
    both = client.get(queue, {"f": "1", "status": "all", "department": "loans,cards"}).content.decode()
    assert one.count("<tr") < both.count("<tr")
