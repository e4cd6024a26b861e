"""The redress ledger: monetary items of an approved plan tracked to paid; exact totals."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.api.serializers import RedressReportOut
from redress.complaints.lifecycle import act, register, walk
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

PLAN = {
    "reason": "pricing_fees",
    "root_cause": "staff_error",
    "outcome": "partly_upheld",
    "summary": "部分支持",
    "redress": [
        {"type": "refund", "amount": "200.10", "currency": "CNY"},
        {"type": "distress", "amount": "0.20", "currency": "CNY"},
        {"type": "non_monetary", "currency": "CNY", "description": "书面道歉"},
    ],
}


def post(api: Any, who: str, ref: str, action: str, body: dict[str, Any]) -> Any:
    return api(who).post(f"/api/v1/complaints/{ref}/actions/{action}/", body, format="json")


def approved(people: dict[str, User]) -> Any:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload=PLAN)
    return act(complaint, "approve_resolution", by=people["approver"])


def test_it_records_payments_once_with_reference_and_date(api: Any, people: dict[str, User]) -> None:
    complaint = approved(people)
    items = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["resolution"]["redress"]
    refund, distress, apology = (i["id"] for i in items)
    body = {"item": refund, "payment_reference": "FT2026112800017", "paid_on": "2026-11-27"}
    response = post(api, "handler", complaint.reference, "record_payment", body)
    assert response.status_code == 200
    paid = response.json()["resolution"]
    assert (paid["redress"][0]["paid_on"], paid["redress"][0]["payment_reference"]) == ("2026-11-27", "FT2026112800017")
    assert paid["paid_total"] == "200.10"
    assert post(api, "handler", complaint.reference, "record_payment", body).status_code == 409
    assert post(api, "handler", complaint.reference, "record_payment", {**body, "item": apology}).status_code == 400
    assert post(api, "handler2", complaint.reference, "record_payment", {**body, "item": distress}).status_code == 403
    assert post(api, "manager", complaint.reference, "record_payment", {**body, "item": distress}).status_code == 200


def test_it_refuses_payments_before_approval(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload=PLAN)
    response = post(api, "handler", complaint.reference, "record_payment", {"item": 1, "payment_reference": "x"})
    assert response.status_code == 409


def test_the_period_totals_are_exact_per_currency(api: Any, people: dict[str, User]) -> None:
    first, second = approved(people), approved(people)
    for complaint in (first, second):
        items = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["resolution"]["redress"]
        post(api, "handler", complaint.reference, "record_payment", {"item": items[0]["id"], "payment_reference": "p"})
    today = timezone.localdate().isoformat()
    body = api("manager").get("/api/v1/reports/redress/", {"from": today, "to": today}).json()
    assert_shape(RedressReportOut, body)
    assert body["results"] == [
        {"currency": "CNY", "approved": "400.60", "approved_items": 4, "paid": "400.20", "paid_items": 2}
    ]
    assert api("manager").get("/api/v1/reports/redress/", {"from": "28/11/2026"}).status_code == 400
