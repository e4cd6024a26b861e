"""Erasure requests (four eyes, record-keeping kept) and legal holds, through the API and the page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from redress.accounts.models import Role, User
from redress.audit.models import Event
from redress.audit.verify import verify_audit
from redress.complaints.models import Complaint
from redress.retention.models import ErasureRequest
from tests.retention.conftest import PHONE

pytestmark = pytest.mark.django_db


@pytest.fixture
def compliance2(people: dict[str, User]) -> User:
    return User.objects.create_user(username="compliance2", role=Role.COMPLIANCE, password="x" * 16)


def _request(api: Any, by: str = "intake") -> dict[str, Any]:
    response = api(by).post(
        "/api/v1/retention/erasure-requests/",
        {"identity_kind": "phone", "identity_value": PHONE, "reason": "客户来电要求删除 / asked by phone"},
        format="json",
    )
    assert response.status_code == 201, response.content
    return dict(response.json())


def test_an_erasure_request_needs_a_second_compliance_user(
    ended: Callable[..., Complaint], api: Any, people: dict[str, User], compliance2: User
) -> None:
    complaint = ended()
    request = _request(api, by="compliance")
    url = f"/api/v1/retention/erasure-requests/{request['id']}/approve/"
    refused = api("compliance").post(url, {}, format="json")
    assert refused.status_code == 403 and refused.json()["error"] == "four_eyes"
    assert api("manager").post(url, {}, format="json").status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).customer_phone == PHONE

    client = api(None)
    client.force_authenticate(compliance2)
    done = client.post(url, {"note": "核实身份"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done" and done.json()["erased"] == [complaint.reference]
    assert Complaint.objects.get(pk=complaint.pk).customer_phone == ""
    kinds = list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert kinds[-3:] == ["erasure_requested", "erasure_approved", "erased"]
    assert verify_audit().ok
    assert client.post(url, {}, format="json").status_code == 409


def test_complaints_within_record_keeping_or_on_hold_are_kept_with_why(
    ended: Callable[..., Complaint], api: Any, compliance2: User
) -> None:
    keeping = ended(retain_until=date(2031, 1, 31))
    request = _request(api)
    client = api(None)
    client.force_authenticate(compliance2)
    body = client.post(f"/api/v1/retention/erasure-requests/{request['id']}/approve/", {}, format="json").json()
    assert body["status"] == "refused" and body["erased"] == []
    assert body["kept"] == [{"reference": keeping.reference, "why": "record_keeping", "until": "2031-01-31"}]
    assert Complaint.objects.get(pk=keeping.pk).customer_phone == PHONE
    event = Event.objects.get(complaint=keeping, kind="erasure_approved")
    assert event.data["kept_because"] == "record_keeping"


def test_a_held_complaint_is_not_erased_on_request(
    ended: Callable[..., Complaint], api: Any, compliance2: User
) -> None:
    complaint = ended()
    held = api("compliance").post(
        "/api/v1/retention/holds/", {"complaint": complaint.reference, "reason": "litigation"}, format="json"
    )
    assert held.status_code == 201
    request = _request(api)
    client = api(None)
    client.force_authenticate(compliance2)
    body = client.post(f"/api/v1/retention/erasure-requests/{request['id']}/approve/", {}, format="json").json()
    assert body["kept"][0]["why"] == "legal_hold"
    assert Complaint.objects.get(pk=complaint.pk).customer_phone == PHONE


def test_holds_need_compliance_and_a_reason(ended: Callable[..., Complaint], api: Any) -> None:
    complaint = ended()
    url = "/api/v1/retention/holds/"
    assert api("manager").post(url, {"complaint": complaint.reference, "reason": "x"}, format="json").status_code == 403
    missing = api("compliance").post(url, {"complaint": complaint.reference}, format="json")
    assert missing.status_code == 400 and "reason" in missing.json()["detail"]
    assert (
        api("compliance").post(url, {"complaint": complaint.reference, "reason": "x"}, format="json").status_code == 201
    )
    assert (
        api("compliance").post(url, {"complaint": complaint.reference, "reason": "x"}, format="json").status_code == 409
    )
    assert api("compliance").get(url).json()["results"][0]["complaint"] == complaint.reference
    clear = f"/api/v1/retention/holds/{complaint.reference}/clear/"
    assert api("compliance").post(clear, {}, format="json").status_code == 400
    cleared = api("compliance").post(clear, {"reason": "settled"}, format="json")
    assert cleared.status_code == 200 and cleared.json() == {"complaint": complaint.reference, "held": False}
    kinds = list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True))
    assert kinds[-2:] == ["legal_hold_set", "legal_hold_cleared"]


def test_an_unknown_customer_is_a_400_naming_the_field(api: Any) -> None:
    response = api("intake").post(
        "/api/v1/retention/erasure-requests/",
        {"identity_kind": "email", "identity_value": "nobody@example.org", "reason": "asked"},
        format="json",
    )
    assert response.status_code == 400 and "identity_value" in response.json()["detail"]
    assert not ErasureRequest.objects.exists()


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_page_shows_holds_and_requests(
    ended: Callable[..., Complaint], client: Any, people: dict[str, User], language: str
) -> None:
    complaint = ended()
    client.force_login(people["compliance"])
    response = client.post(
        "/retention/holds/", {"complaint": complaint.reference, "reason": "诉讼"}, HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 302
    page = client.get("/retention/", HTTP_ACCEPT_LANGUAGE=language)
    assert page.status_code == 200 and complaint.reference in page.content.decode()
    client.force_login(people["handler"])
    assert client.get("/retention/").status_code == 403


def test_the_layout_links_retention_for_compliance_only(people: Any) -> None:
    from django.test import Client

    for who, shown in (("compliance", True), ("handler", False)):
        client = Client()
        client.force_login(people[who])
        page = client.get("/").content.decode()
        assert ('href="/retention/"' in page) is shown, who
