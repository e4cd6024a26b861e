"""Duplicate detection on every channel: phone, staff registration and the API link a similar complaint of the
same customer (web, e-mail and social did already); the link is in the registration event and the API."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, register
from redress.complaints.services.registration import CustomerDetails
from redress.intake.models import PossibleDuplicate
from redress.intake.selectors import possible_duplicates

BODY: dict[str, Any] = {
    "channel": "api",
    "customer": {"name": "张三", "phone": "13812345678", "email": "zhang.san@example.com"},
    "description": "信用卡年费被重复扣取。",
    "desired_outcome": "退还年费",
    "product": "信用卡",
    "jurisdiction": "CN-NFRA",
    "language": "zh-hans",
}


def registered_event(reference: str) -> Event:
    return Event.objects.get(complaint__reference=reference, kind="registered")


@pytest.mark.django_db
class TestEveryChannel:
    def test_a_phone_complaint_like_an_earlier_one_is_linked(self, people: dict[str, User]) -> None:
        first = register(by=people["intake"])
        second = register(by=people["intake"], description=first.description + "（再次来电）")
        assert [d["reference"] for d in possible_duplicates(second)] == [first.reference]
        assert [d["reference"] for d in possible_duplicates(first)] == [second.reference]
        assert set(possible_duplicates(second)[0]["matched_on"]) == {"phone", "email", "id_number"}
        assert registered_event(second.reference).data["possible_duplicate_of"] == first.reference
        assert "possible_duplicate_of" not in registered_event(first.reference).data

    def test_another_customer_or_another_matter_is_not_linked(self, people: dict[str, User]) -> None:
        register(by=people["intake"])
        register(by=people["intake"], customer=CustomerDetails(name="李四", phone="13900000000"))
        register(by=people["intake"], description="网银转账失败，款项未到账，已三天。", desired_outcome="尽快到账")
        assert PossibleDuplicate.objects.count() == 0

    def test_the_api_registration_is_checked_and_answers_with_the_link(self, api: Any, people: dict[str, User]) -> None:
        first = register(by=people["intake"], customer=SAMPLE_CUSTOMER, description=BODY["description"])
        response = api("intake").post("/api/v1/complaints/", BODY, format="json")
        assert response.status_code == 201, response.content
        reference = response.json()["reference"]
        detail = api("manager").get(f"/api/v1/complaints/{reference}/").json()
        assert [d["reference"] for d in detail["possible_duplicates"]] == [first.reference]
        assert registered_event(reference).data["possible_duplicate_of"] == first.reference

    def test_a_staff_registration_is_checked(self, people: dict[str, User], client: Any) -> None:
        first = register(by=people["intake"])
        client.force_login(people["intake"])
        form = {
            "customer_name": "张三",
            "customer_phone": SAMPLE_CUSTOMER.phone,
            "channel": "branch",
            "description": first.description,
            "desired_outcome": first.desired_outcome,
            "product": "信用卡",
            "language": "zh-hans",
            "jurisdiction": "CN-NFRA",
            "idempotency_key": "form-dup-1",
        }
        response = client.post("/complaints/new/staff/", form)
        assert response.status_code == 302, response.content.decode()[:2000]
        reference = response["Location"].rstrip("/").rsplit("/", 1)[-1]
        assert registered_event(reference).data["possible_duplicate_of"] == first.reference
        assert PossibleDuplicate.objects.filter(complaint__reference=reference, other=first).exists()
