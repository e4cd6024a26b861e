"""Dates a bank would not enter: a complaint received in 1900, a redress paid in year 1 or tomorrow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from tests.complaints.test_api_register import BODY
from tests.complaints.test_ledger import PLAN, post

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("received_at", ["1900-01-01T09:30:00+08:05", "0001-01-01T00:00:00Z", "1999-12-31T12:00:00Z"])
def test_a_complaint_received_before_the_earliest_day_is_refused(api: Any, received_at: str) -> None:
    response = api("intake").post("/api/v1/complaints/", {**BODY, "received_at": received_at}, format="json")
    assert response.status_code == 400, response.json()
    assert "received_at" in response.json()["detail"]


def test_the_earliest_day_is_a_setting(api: Any, settings: Any) -> None:
    settings.REDRESS_EARLIEST_DATE = timezone.localdate() - timedelta(days=3)
    old = (timezone.now() - timedelta(days=10)).isoformat()
    assert api("intake").post("/api/v1/complaints/", {**BODY, "received_at": old}, format="json").status_code == 400
    recent = (timezone.now() - timedelta(days=1)).isoformat()
    assert api("intake").post("/api/v1/complaints/", {**BODY, "received_at": recent}, format="json").status_code == 201


@pytest.mark.parametrize("offset", [None, "0001-01-01", "1999-12-31", "tomorrow"])
def test_a_payment_day_out_of_bounds_is_refused(api: Any, people: dict[str, User], offset: str | None) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload=PLAN)
    act(complaint, "approve_resolution", by=people["approver"])
    items = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["resolution"]["redress"]
    day = (timezone.localdate() + timedelta(days=1)).isoformat() if offset == "tomorrow" else offset
    body = {"item": items[0]["id"], "payment_reference": "FT1", "paid_on": day}
    response = post(api, "handler", complaint.reference, "record_payment", body)
    if offset is None:
        assert response.status_code == 200  # no day given: today
        assert response.json()["resolution"]["redress"][0]["paid_on"] == timezone.localdate().isoformat()
    else:
        assert response.status_code == 400, response.json()
        assert "paid_on" in response.json()["detail"]


def test_the_payment_form_asks_for_the_day_with_a_date_picker(people: dict[str, User]) -> None:
    from redress.complaints.forms import action_form

    form = action_form("record_payment", register(by=people["intake"]))
    assert 'type="date"' in str(form["paid_on"])
