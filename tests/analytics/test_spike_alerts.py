"""Spike alerts from the facts: a planted 3× day in one business line is found, named, and told."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from redress.accounts.models import User
from redress.analytics.models import ComplaintFact, SpikeAlert
from redress.correspondence.models import OutboxMessage
from redress.notifications.models import Notification

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 20)


def plant(people: dict[str, User]) -> None:
    """30 days of 8 a day (a weekday pattern of ±1) in bank cards; on DAY, 30."""
    facts, pk = [], 10_000
    for back in range(31):
        day = DAY - timedelta(days=back)
        n = 30 if back == 0 else 8 + (day.weekday() % 2)
        for _ in range(n):
            pk += 1
            facts.append(
                ComplaintFact(
                    complaint_id=pk,
                    reference=f"CMP-T-{pk}",
                    jurisdiction="CN-NFRA",
                    channel="web" if pk % 2 else "phone",
                    business="bank_card",
                    product="credit_card",
                    reason="pricing_fees",
                    received_on=day,
                    status="received",
                    source_updated_at="2026-11-21T00:00:00Z",
                )
            )
    ComplaintFact.objects.bulk_create(facts)


def test_the_planted_day_is_an_alert_as_json_and_notified(people: dict[str, User]) -> None:
    plant(people)
    out = StringIO()
    call_command("analytics", "spikes", "--date", DAY.isoformat(), "--json", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    business = [a for a in lines if a["dimension"] == "business"]
    assert business == [
        {
            "date": "2026-11-20",
            "dimension": "business",
            "key": "bank_card",
            "count": 30,
            "expected": pytest.approx(8.5, abs=1.5),
            "level": "red",
        }
    ]
    assert {a["dimension"] for a in lines} >= {"business", "product", "reason", "jurisdiction"}
    assert all(set(a) == {"date", "dimension", "key", "count", "expected", "level"} for a in lines)
    told = Notification.objects.filter(kind="spike_alert")
    assert {n.user.role for n in told} == {"manager", "compliance"}
    assert told[0].message == ""  # its kind and parameters: worded in each reader's language when read
    business_alert = {"day": "2026-11-20", "dimension": "business", "key": "bank_card", "count": 30}
    assert any(business_alert.items() <= a.items() for a in told[0].params["alerts"])
    mailed = [m for m in OutboxMessage.objects.all() if "redress" in m.subject]
    assert len(mailed) == len({n.user_id for n in told if n.user.email}) > 0
    assert "Bank cards on 2026-11-20: 30" in mailed[0].body  # the site's language: no choice recorded
    assert "银行卡" not in mailed[0].body and "/analytics/" in mailed[0].body
    # Run again: the same alerts, kept once, nobody told twice.
    call_command("analytics", "spikes", "--date", DAY.isoformat(), stdout=StringIO())
    assert SpikeAlert.objects.filter(dimension="business").count() == 1
    assert Notification.objects.filter(kind="spike_alert").count() == told.count()
    assert SpikeAlert.objects.get(dimension="business").expected > Decimal("5")


def test_an_ordinary_day_is_quiet(people: dict[str, User]) -> None:
    plant(people)
    out = StringIO()
    call_command("analytics", "spikes", "--date", (DAY - timedelta(days=1)).isoformat(), stdout=out)
    assert "No spikes" in out.getvalue()


def test_a_bad_date_is_a_clear_error() -> None:
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        call_command("analytics", "spikes", "--date", "20-11-2026")
