"""Business line, product, reason and root cause are codes: given as a code or any label, stored as the code."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from django.apps import apps as django_apps

from redress.accounts.models import User
from redress.audit.models import Event
from redress.codes import selectors as codes
from redress.codes.models import Reason
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint

pytestmark = pytest.mark.django_db

BODY = {
    "channel": "web",
    "customer": {"name": "张三", "phone": "13800000000"},
    "description": "信用卡年费被重复扣取",
}
PLAN = {"outcome": "not_upheld", "summary": "按合同收取"}


def propose(api: Any, complaint: Complaint, body: dict[str, Any]) -> Any:
    url = f"/api/v1/complaints/{complaint.reference}/actions/propose_resolution/"
    return api("handler").post(url, body, format="json")


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ({"business": "bank_card", "product": "credit_card"}, ("bank_card", "credit_card")),
        ({"business": "银行卡", "product": "信用卡"}, ("bank_card", "credit_card")),
        ({"business": "銀行卡", "product": "CREDIT CARD"}, ("bank_card", "credit_card")),
        ({"business": " Bank cards ", "product": "Credit card"}, ("bank_card", "credit_card")),
    ],
)
def test_registration_takes_a_code_or_any_label_and_stores_the_code(
    api: Any, given: dict[str, str], stored: tuple[str, str]
) -> None:
    response = api("intake").post("/api/v1/complaints/", {**BODY, **given}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["business"], body["product"]) == stored
    complaint = Complaint.objects.get(reference=body["reference"])
    assert (complaint.business, complaint.product) == stored


@pytest.mark.parametrize("field", ["business", "product", "reason"])
def test_an_unknown_code_is_a_400_naming_the_field(api: Any, field: str) -> None:
    response = api("intake").post("/api/v1/complaints/", {**BODY, field: "no such thing"}, format="json")
    assert response.status_code == 400
    assert field in response.json()["detail"]
    assert not Complaint.objects.exists()


def test_labels_follow_the_reader_language(api: Any) -> None:
    reference = api("intake").post("/api/v1/complaints/", {**BODY, "reason": "pricing_fees"}, format="json").json()
    url = f"/api/v1/complaints/{reference['reference']}/"
    assert api("intake").get(url, HTTP_ACCEPT_LANGUAGE="en").json()["labels"]["reason"] == "Pricing and fees"
    assert api("intake").get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()["labels"]["reason"] == "定价收费"
    assert api("intake").get(url, HTTP_ACCEPT_LANGUAGE="zh-hant").json()["labels"]["reason"] == "定價收費"


def test_a_proposal_needs_the_reason_and_root_cause(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    response = propose(api, complaint, PLAN)
    assert response.status_code == 400
    assert set(response.json()["detail"]) == {"reason", "root_cause"}
    response = propose(api, complaint, {**PLAN, "reason": "定价收费", "root_cause": "Staff error"})
    assert response.status_code == 200, response.json()
    complaint.refresh_from_db()
    assert (complaint.reason, complaint.root_cause) == ("pricing_fees", "staff_error")


def test_classify_changes_codes_until_the_decision_and_keeps_each_change(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_approved", people)
    url = f"/api/v1/complaints/{complaint.reference}/actions/classify/"
    response = api("handler").post(url, {"root_cause": "policy_process", "product": "信用卡"}, format="json")
    assert response.status_code == 200, response.json()
    event = Event.objects.filter(complaint=complaint, kind="classify").get()
    assert event.data["changes"]["root_cause"] == ["system_fault", "policy_process"]
    assert api("handler").post(url, {"reason": "nonsense"}, format="json").status_code == 400
    assert api("handler").post(url, {}, format="json").status_code == 400
    walk(complaint, "customer_notified", people)
    assert api("handler").post(url, {"reason": "other"}, format="json").status_code == 409


def test_triage_suggests_a_reason_from_the_keywords(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description="信用卡年费被重复扣费，手续费也不合理")
    assert complaint.triage_suggestion.reason == "pricing_fees"
    complaint = register(by=people["intake"], description="I got a call, the collector kept harassing me at work")
    assert complaint.triage_suggestion.reason == "debt_collection"


def test_an_admin_edit_of_a_table_applies_at_once() -> None:
    Reason.objects.create(code="queue_time", label_zh_hans="排队时间", label_en="Waiting time", order=200)
    assert codes.lookup("reason", "waiting TIME") == "queue_time"
    assert codes.label("reason", "queue_time", "zh-hant") == "排队时间"  # no Traditional label: Simplified


def test_the_queue_filters_by_codes_and_received_days(api: Any, people: dict[str, User]) -> None:
    card = register(by=people["intake"], business="bank_card", reason="pricing_fees")
    register(by=people["intake"], business="loan", product="mortgage", reason="disclosure")
    day = card.received_at.astimezone().date().isoformat()
    rows = api("manager").get("/api/v1/complaints/", {"business": "bank_card,wealth", "received_from": day}).json()
    assert [r["reference"] for r in rows["results"]] == [card.reference]
    rows = api("manager").get("/api/v1/complaints/", {"reason": "disclosure"}).json()
    assert [r["product"] for r in rows["results"]] == ["mortgage"]
    assert api("manager").get("/api/v1/complaints/", {"received_to": "2000-01-01"}).json()["results"] == []


def test_the_page_shows_labels_not_codes(client: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], business="bank_card", reason="pricing_fees")
    client.force_login(people["manager"])
    page = client.get(f"/complaints/{complaint.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Pricing and fees" in page and "Bank cards" in page and ">pricing_fees<" not in page


def test_free_text_values_migrate_to_codes(people: dict[str, User]) -> None:
    """The data step of complaints.0012: free text written before the codes existed becomes codes."""
    migration = importlib.import_module("redress.complaints.migrations.0012_classification_codes")
    given = [("银行卡", "Credit card"), ("Bank cards", "Credit card or prepaid card"), ("什么", "???")]
    made = [register(by=people["intake"]) for _ in given]
    for complaint, (business, product) in zip(made, given, strict=True):
        Complaint.objects.filter(pk=complaint.pk).update(business=business, product=product[:40])
    migration.to_codes(django_apps, None)
    got = [Complaint.objects.values_list("business", "product").get(pk=c.pk) for c in made]
    assert got == [("bank_card", "credit_card"), ("bank_card", "credit_card"), ("other", "other")]


def test_the_timeline_says_each_code_change_in_words(client: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_approved", people)
    act(complaint, "classify", by=people["handler"], payload={"root_cause": "policy_process"})
    client.force_login(people["manager"])
    page = client.get(f"/complaints/{complaint.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "System fault → Policy or process gap" in page
    assert "Pricing and fees" in page  # the reason set at the proposal, in words
