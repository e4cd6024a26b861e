"""A changed plan voids its approvals; a review goes to a different, more senior handler."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.models import User
from redress.complaints.api.serializers import ComplaintOut
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

CODES = {"reason": "pricing_fees", "root_cause": "staff_error"}
BIG_PLAN = {
    "outcome": "upheld",
    "summary": "核实系统重复扣费",
    "redress": [{"type": "refund", "amount": "150000.00", "currency": "CNY"}],
    "improvements": [],
}


def post(api: Any, who: str, ref: str, action: str, body: dict[str, Any] | None = None) -> Any:
    return api(who).post(f"/api/v1/complaints/{ref}/actions/{action}/", body or {}, format="json")


def test_revising_after_an_approval_voids_it(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    ref = complaint.reference
    assert post(api, "handler", ref, "propose_resolution", {**BIG_PLAN, **CODES}).status_code == 200
    first = post(api, "approver", ref, "approve_resolution", {"note": "同意"})
    assert first.status_code == 200 and first.json()["status"] == "resolution_proposed"  # one of two approvals

    revised = {**BIG_PLAN, "redress": [{"type": "refund", "amount": "160000.00", "currency": "CNY"}]}
    assert post(api, "handler", ref, "revise_resolution", revised).status_code == 400  # the reason is required
    response = post(api, "handler", ref, "revise_resolution", {**revised, "reason": "利息也应退还"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "resolution_proposed"
    assert body["resolution"]["version"] == 2
    assert body["resolution"]["total"] == "160000.00"
    assert body["resolution"]["approvals"] == []

    events = api("handler").get(f"/api/v1/complaints/{ref}/events/").json()["results"]
    revision = next(e for e in events if e["kind"] == "revise_resolution")
    assert revision["data"]["voided_approvals"] == ["approver"]
    assert revision["data"]["replaces"] == 1 and revision["data"]["reason"] == "利息也应退还"

    # The approver who approved version 1 may approve version 2: it is a new decision.
    assert post(api, "approver", ref, "approve_resolution", {"note": "再次同意"}).status_code == 200
    done = post(api, "compliance", ref, "approve_resolution", {"note": "合规同意"})
    assert done.json()["status"] == "resolution_approved"


def test_an_approved_plan_revised_goes_back_for_approval(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_approved", people)
    ref = complaint.reference
    plan = {
        "outcome": "partly_upheld",
        "summary": "部分支持",
        "redress": [{"type": "goodwill", "amount": "50.00", "currency": "CNY"}],
        "reason": "客户补充了材料",
    }
    assert post(api, "handler2", ref, "revise_resolution", plan).status_code == 403  # not the assignee
    assert post(api, "handler", ref, "revise_resolution", plan).json()["status"] == "resolution_proposed"
    assert post(api, "handler", ref, "notify_customer", {"channel": "email"}).status_code == 409
    detail = api("handler").get(f"/api/v1/complaints/{ref}/").json()
    assert "approve_resolution" not in detail["allowed_actions"]
    assert api("approver").get(f"/api/v1/complaints/{ref}/").json()["allowed_actions"].count("approve_resolution") == 1


def _reviewed(api: Any, people: dict[str, User]) -> Complaint:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    act(complaint, "record_satisfaction", by=people["handler"], payload={"result": "dissatisfied", "score": 2})
    response = post(api, "intake", complaint.reference, "request_review", {"reason": "客户不认可处理结果"})
    assert response.status_code == 200, response.json()
    return Complaint.objects.get(pk=complaint.pk)


def test_a_review_request_takes_the_complaint_from_its_first_handler(api: Any, people: dict[str, User]) -> None:
    complaint = _reviewed(api, people)
    assert complaint.status == "review_requested"
    assert complaint.assignee_id is None
    assert complaint.previous_handler_id == people["handler"].pk
    assert complaint.closed_at is None
    detail = api("manager").get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert_shape(ComplaintOut, detail)
    assert detail["previous_handler"] == "handler"
    assert [c["username"] for c in detail["review_candidates"]] == ["senior", "manager"]


@pytest.mark.parametrize("who", ["handler", "handler2"])
def test_a_review_cannot_go_to_the_same_or_an_equally_senior_handler(
    api: Any, people: dict[str, User], who: str
) -> None:
    complaint = _reviewed(api, people)
    response = post(api, "manager", complaint.reference, "assign", {"assignee": who})
    assert response.status_code == 400
    assert "more senior" in str(response.json())


def test_a_review_goes_to_a_more_senior_handler(api: Any, people: dict[str, User]) -> None:
    complaint = _reviewed(api, people)
    response = post(api, "manager", complaint.reference, "assign", {"assignee": "senior"})
    assert response.status_code == 200
    assert response.json()["assignee"] == "senior"
    assert post(api, "senior", complaint.reference, "start_investigation").status_code == 200


def test_the_manager_is_told_of_a_review_request(people: dict[str, User], api: Any) -> None:
    from redress.notifications.models import Notification

    complaint = _reviewed(api, people)
    assert Notification.objects.filter(user=people["manager"], complaint=complaint, kind="review_requested").exists()
