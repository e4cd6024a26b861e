"""The dashboard shows the last six months unless a period is asked for, and leaves its tables to the script."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics.views.dashboard import default_period

pytestmark = pytest.mark.django_db


def test_six_months_back_is_the_same_day_or_the_months_last() -> None:
    assert default_period(date(2026, 12, 7)) == (date(2026, 6, 7), date(2026, 12, 7))
    assert default_period(date(2026, 8, 31)) == (date(2026, 2, 28), date(2026, 8, 31))
    assert default_period(date(2027, 3, 15)) == (date(2026, 9, 15), date(2027, 3, 15))


def test_the_page_asks_each_chart_for_the_last_six_months(people: dict[str, User], world: Any) -> None:
    client = Client()
    client.force_login(people["analyst"])
    start, end = default_period(timezone.localdate())
    body = client.get("/analytics/", {"business": "loan"}).content.decode()
    assert f"/api/v1/analytics/pareto/?business=loan&amp;from={start}&amp;to={end}" in body
    assert f'value="{start}"' in body and f'value="{end}"' in body  # the form shows the period
    assert 'id="analytics-period"' in body and "last six months" in body
    assert 'data-columns="[&quot;reason_label&quot;' in body  # the script fills the tables
    everything = client.get("/analytics/", {"from": "", "to": ""}).content.decode()
    assert 'data-endpoint="/api/v1/analytics/pareto/"' in everything
    assert "Showing all time." in everything
