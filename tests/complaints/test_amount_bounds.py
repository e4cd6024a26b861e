"""Redress amounts: bounded by a setting a bank sets, refused with a 400 naming the item, stored exactly."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import RedressItem

pytestmark = pytest.mark.django_db


def propose(api: Any, people: dict[str, User], *amounts: str) -> Any:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    body = {
        "reason": "pricing_fees",
        "root_cause": "staff_error",
        "outcome": "upheld",
        "summary": "s",
        "redress": [{"type": "refund", "amount": amount, "currency": "CNY"} for amount in amounts],
    }
    response = api("handler").post(
        f"/api/v1/complaints/{complaint.reference}/actions/propose_resolution/", body, format="json"
    )
    return complaint, response


@pytest.mark.parametrize("amount", ["9999999999999999.99", "1234567890123456.78", "1e15", "1000000000.01"])
def test_an_amount_beyond_the_bound_is_a_400_naming_the_item(api: Any, people: dict[str, User], amount: str) -> None:
    complaint, response = propose(api, people, "10.00", amount)
    assert response.status_code == 400, response.json()
    detail = response.json()["detail"]["redress"]
    assert list(detail) == ["1"] and list(detail["1"]) == ["amount"], detail  # the second item, by its index
    assert not RedressItem.objects.filter(plan__complaint=complaint).exists()
    # and the complaint stays readable
    assert api("handler").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 200


def test_the_bound_is_a_setting(api: Any, people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_MAX_REDRESS_AMOUNT = Decimal("100")
    assert propose(api, people, "150.00")[1].status_code == 400
    assert propose(api, people, "100.00")[1].status_code == 200


def test_a_plan_total_beyond_the_bound_is_refused(api: Any, people: dict[str, User]) -> None:
    _, response = propose(api, people, "600000000.00", "600000000.00")
    assert response.status_code == 400
    assert "redress" in response.json()["detail"]


@pytest.mark.parametrize("amount", ["1000000000.00", "999999999.99", "123456789.01"])
def test_an_amount_within_the_bound_is_stored_and_read_back_exactly(
    api: Any, people: dict[str, User], amount: str
) -> None:
    complaint, response = propose(api, people, amount)
    assert response.status_code == 200, response.json()
    assert [i["amount"] for i in response.json()["resolution"]["redress"]] == [amount]
    assert RedressItem.objects.get(plan__complaint=complaint).amount == Decimal(amount)
    body = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert body["resolution"]["total"] == amount
