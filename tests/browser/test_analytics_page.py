"""The dashboard in Chromium: every chart draws exactly its endpoint's numbers, and a bar opens the queue."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics.models import ExpectedVolume, SpikeAlert
from redress.complaints.lifecycle import act, register
from redress.complaints.models import Complaint
from tests.analytics.world import make_world
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def world(people: dict[str, User]) -> dict[str, Complaint]:
    return make_world(people)


TIMELINESS = [
    "closed_within_3_business_days",
    "closed_within_deadline",
    "closed_after_deadline",
    "open_on_time",
    "open_past_80_percent",
    "open_breached",
]


def _col(rows: list[dict[str, Any]], key: str) -> list[Any]:
    return [r[key] for r in rows]


def expected_series(chart: str, answer: dict[str, Any]) -> list[list[Any]]:
    """The series data each chart must draw, from its endpoint's rows (independently of analytics.js)."""
    rows = answer["rows"]
    if chart == "volume":
        drawn = [_col(rows, "received"), _col(rows, "closed")]
        if answer["expected"]:  # the band: the expected line, and stacked on it the way up to the threshold
            band = {e["period"]: e for e in answer["expected"]}
            at = [band.get(r["period"]) for r in rows]
            drawn.append([e["expected"] if e else None for e in at])
            drawn.append([e["upper"] - e["expected"] if e else None for e in at])
        return drawn
    if chart == "business-reason":
        businesses = list(dict.fromkeys(_col(rows, "business")))
        reasons = list(dict.fromkeys(_col(rows, "reason")))
        counts = {(r["business"], r["reason"]): r["count"] for r in rows}
        return [[counts.get((b, reason), 0) for b in businesses] for reason in reasons]
    if chart == "pareto":
        return [_col(rows, "count"), _col(rows, "cumulative_share")]
    if chart == "timeliness":
        return [_col(rows, key) for key in TIMELINESS]
    if chart == "outcomes":
        return [_col(rows, key) for key in ("upheld_rate", "partly_upheld_rate", "not_upheld_rate")]
    if chart in ("ageing", "enquiries"):
        return [_col(rows, "count")]
    assert chart == "satisfaction"
    keys = ("satisfied", "dissatisfied", "no_response", "not_asked", "review_requested")
    return [_col(rows, key) for key in keys]


DRAWN_AND_FETCHED = """
async () => {
  const out = {};
  for (const el of document.querySelectorAll('.chart[data-chart]')) {
    const answer = await (await fetch(el.dataset.endpoint, {headers: {Accept: 'application/json'}})).json();
    const chart = echarts.getInstanceByDom(el);
    const option = chart ? chart.getOption() : null;
    out[el.dataset.chart] = {
      state: el.dataset.state,
      answer: answer,
      drawn: option ? option.series.map(s => s.data) : null,
      categories: option ? option.xAxis[0].data : null,
      marks: option && option.series[0].markPoint ? option.series[0].markPoint.data.map(d => d.coord) : null,
    };
  }
  return out;
}
"""


def _signed_in(page: Any, live_server: Any, user: User, language: str) -> None:
    client = Client()
    client.force_login(user)
    cookies = [
        {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value},
        {"name": settings.LANGUAGE_COOKIE_NAME, "value": language},
    ]
    page.context.add_cookies([{**c, "url": live_server.url} for c in cookies])


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_each_chart_draws_its_endpoints_numbers(
    live_server: Any, browser_page: Any, people: dict[str, User], world: Any, tmp_path: Any, language: str
) -> None:
    enquiry = register(by=people["intake"], channel="web", description="请问信用卡年费的收费标准是什么？")
    act(enquiry, "convert_to_enquiry", by=people["manager"], payload={"reason": "咨询，非投诉"})
    page = browser_page
    _signed_in(page, live_server, people["compliance"], language)
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(f"{live_server.url}/analytics/")
    wait_until(
        page,
        "document.querySelectorAll('.chart[data-state=drawn], .chart[data-state=empty], "
        ".chart[data-state=failed]').length === 8",
    )
    found = page.evaluate(DRAWN_AND_FETCHED)
    assert set(found) == {
        "volume",
        "business-reason",
        "pareto",
        "timeliness",
        "outcomes",
        "ageing",
        "satisfaction",
        "enquiries",
    }
    # The enquiry is counted apart: in its own chart, in none of the others.
    assert [(r["channel"], r["count"]) for r in found["enquiries"]["answer"]["rows"]] == [("web", 1)]
    for chart, seen in found.items():
        assert seen["state"] == "drawn", chart
        assert seen["drawn"] == expected_series(chart, seen["answer"]), chart
    assert found["pareto"]["categories"] == [r["reason_label"] for r in found["pareto"]["answer"]["rows"]]
    pareto = page.locator("table[data-table=pareto] tbody tr")  # the tables are filled from the same rows
    assert pareto.count() == len(found["pareto"]["answer"]["rows"])
    assert pareto.first.locator("th").text_content() == found["pareto"]["answer"]["rows"][0]["reason_label"]
    assert found["timeliness"]["categories"] == [r["jurisdiction_label"] for r in found["timeliness"]["answer"]["rows"]]
    page.screenshot(path=str(tmp_path / f"analytics-{language}.png"), full_page=True)
    assert (tmp_path / f"analytics-{language}.png").stat().st_size > 0

    # A click on the Pareto's first bar opens the queue with that reason, all statuses.
    page.locator("#chart-pareto").scroll_into_view_if_needed()
    box = page.locator("#chart-pareto").bounding_box()
    x, y = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById('chart-pareto'));
          const first = chart.getOption().series[0].data[0];
          return chart.convertToPixel({seriesIndex: 0}, [0, first / 2]);
        }"""
    )
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/?*reason=pricing_fees*")
    assert "status=all" in page.url and "f=1" in page.url
    assert page.locator("table").count() >= 1


@pytest.mark.slow
def test_the_volume_band_and_the_spikes_are_drawn_as_answered(
    live_server: Any, browser_page: Any, people: dict[str, User], world: Any
) -> None:
    today = timezone.localdate()
    first = today - timedelta(days=20)
    call_command("analytics", "spikes", "--from", first.isoformat(), "--to", today.isoformat(), stdout=StringIO())
    assert ExpectedVolume.objects.filter(series="all").count() == 21
    SpikeAlert.objects.create(
        day=today - timedelta(days=10),
        dimension="business",
        key="bank_card",
        count=9,
        expected=2,
        p_value=0.001,
        level="red",
    )
    page = browser_page
    _signed_in(page, live_server, people["compliance"], "en")
    page.goto(f"{live_server.url}/analytics/?interval=day&from={first.isoformat()}")
    wait_until(page, "document.querySelector('#chart-volume').dataset.state === 'drawn'")
    seen = page.evaluate(DRAWN_AND_FETCHED)["volume"]
    answer = seen["answer"]
    assert len(answer["expected"]) == 21 and len(seen["drawn"]) == 4
    assert seen["drawn"] == expected_series("volume", answer)
    assert seen["categories"] == [r["period"] for r in answer["rows"]]
    day = (today - timedelta(days=10)).isoformat()
    received = {r["period"]: r["received"] for r in answer["rows"]}
    assert seen["marks"] == [[day, received[day]]]
    assert page.locator("table[data-table=spikes] tbody tr").count() == 1
    assert "Business line: Bank cards" in page.locator("table[data-table=spikes]").inner_text()


BAR_CENTRE = """
([key, series, index]) => {
  const el = document.getElementById('chart-' + key);
  const bar = echarts.getInstanceByDom(el).getModel().getSeriesByIndex(series).getData().getItemLayout(index);
  const box = el.getBoundingClientRect();
  return [box.x + bar.x + bar.width / 2, box.y + bar.y + bar.height / 2];
}
"""


@pytest.mark.slow
def test_an_outcome_and_a_timeliness_bar_open_exactly_their_complaints(
    live_server: Any, browser_page: Any, people: dict[str, User], world: Any
) -> None:
    page = browser_page
    _signed_in(page, live_server, people["compliance"], "en")
    page.set_viewport_size({"width": 1400, "height": 900})
    others = {c.reference for c in world.values()}
    for key, series, url, wanted in (
        ("outcomes", 0, "**/?*outcome=upheld*", world["closed_upheld"].reference),  # bank cards: upheld
        ("timeliness", 5, "**/?*timeliness=open_breached*", world["open_breached"].reference),  # CN-NFRA
    ):
        page.goto(f"{live_server.url}/analytics/")
        wait_until(page, f"document.querySelector('#chart-{key}').dataset.state === 'drawn'")
        page.locator(f"#chart-{key}").scroll_into_view_if_needed()
        x, y = page.evaluate(BAR_CENTRE, [key, series, 0])
        page.mouse.click(x, y)
        page.wait_for_url(url)
        listed = page.locator("#queue-results").inner_text()
        assert wanted in listed
        assert not [ref for ref in others - {wanted} if ref in listed]
