"""Every action through the API, with its 403/409/400 paths."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.api.serializers import ComplaintOut, EventsOut, EvidenceOut, LettersOut
from redress.complaints.lifecycle import HAPPY_PATH, SAMPLE_CUSTOMER, act, register, walk
from redress.complaints.models import Complaint
from redress.complaints.services.registration import CustomerDetails
from redress.core.api import ErrorOut
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def post(api: Any, who: str, complaint: Complaint, action: str, body: dict[str, Any] | None = None) -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/{action}/", body or {}, format="json")


def kinds(complaint: Complaint) -> list[str]:
    return list(Event.objects.filter(complaint=complaint).order_by("seq").values_list("kind", flat=True))


def test_it_walks_the_whole_happy_path_by_api(
    api: Any, people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    complaint = register(by=people["intake"])
    for state, who, action, payload in HAPPY_PATH:
        with django_capture_on_commit_callbacks(execute=True):
            response = post(api, who, complaint, action, payload)
        assert response.status_code == 200, (action, response.json())
        assert response.json()["status"] == state
        assert_shape(ComplaintOut, response.json())
    assert kinds(complaint) == ["registered"] + [step[2] for step in HAPPY_PATH]
    body = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert_shape(ComplaintOut, body)
    assert body["outcome"] == "upheld"
    assert body["satisfaction"] == "satisfied"
    assert [(i["type"], i["amount"], i["currency"], i["paid_on"]) for i in body["resolution"]["redress"]] == [
        ("refund", "200.00", "CNY", None)
    ]
    answer = api("handler").get(f"/api/v1/complaints/{complaint.reference}/letters/").json()
    assert_shape(LettersOut, answer)
    letters = answer["results"]
    assert [(x["kind"], x["channel"], x["status"]) for x in letters] == [
        ("acknowledgement", "email", "sent"),
        ("final_decision", "email", "sent"),
    ]
    # The tracking code (a message of its own), the acknowledgement, the decision; the others are the staff's
    # hand-off e-mails (assignment, plan awaiting approval).
    assert [m.to for m in mail.outbox if not m.to[0].endswith("@bank.example")] == [["zhang.san@example.com"]] * 3
    assert all(complaint.reference in m.subject for m in mail.outbox)


def test_it_answers_409_for_an_action_in_the_wrong_state(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    response = post(api, "manager", complaint, "close")
    assert response.status_code == 409
    assert response.json()["error"] == "invalid_state"
    assert_shape(ErrorOut, response.json())
    assert kinds(complaint) == ["registered"]


def test_it_answers_403_for_a_role_that_may_not(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    response = post(api, "handler2", complaint, "assign", {"assignee": "handler2"})
    assert response.status_code == 403
    assert response.json()["error"] == "role"


def test_it_answers_400_naming_the_bad_field(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    response = post(
        api,
        "handler",
        complaint,
        "propose_resolution",
        {
            "reason": "pricing_fees",
            "root_cause": "staff_error",
            "outcome": "upheld",
            "summary": "x",
            "redress": [{"type": "refund", "amount": "12.345", "currency": "CNY"}],
        },
    )
    assert response.status_code == 400
    assert "redress" in response.json()["detail"]
    response = post(
        api,
        "handler",
        complaint,
        "propose_resolution",
        {"reason": "pricing_fees", "root_cause": "staff_error", "outcome": "maybe", "summary": "x"},
    )
    assert response.status_code == 400 and "outcome" in response.json()["detail"]
    complaint.refresh_from_db()
    assert complaint.status == "investigating"


def test_it_answers_400_for_a_body_that_is_not_an_object(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    response = api("intake").post(
        f"/api/v1/complaints/{complaint.reference}/actions/triage/", "[1, 2]", content_type="application/json"
    )
    assert response.status_code == 400
    response = api("intake").post(
        f"/api/v1/complaints/{complaint.reference}/actions/triage/", "{not json", content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["error"] == "malformed_request"


def test_it_answers_400_for_an_unknown_action_and_404_for_an_unknown_complaint(
    api: Any, people: dict[str, User]
) -> None:
    complaint = register(by=people["intake"])
    assert post(api, "manager", complaint, "teleport").status_code == 400
    response = api("manager").post("/api/v1/complaints/CMP-20000101-999999/actions/close/", {}, format="json")
    assert response.status_code == 404


def test_it_hides_another_departments_complaint(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    assert api("outsider").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 404
    assert post(api, "outsider", complaint, "add_note", {"text": "hi"}).status_code == 404
    assert api("handler2").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 200


def test_it_lists_allowed_actions_for_the_caller(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    handler = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["allowed_actions"]
    assert "start_investigation" in handler and "assign" not in handler
    manager = api("manager").get(f"/api/v1/complaints/{complaint.reference}/").json()["allowed_actions"]
    assert "assign" in manager and "start_investigation" not in manager
    auditor = api("auditor").get(f"/api/v1/complaints/{complaint.reference}/").json()["allowed_actions"]
    assert sorted(auditor) == ["export", "reveal_pii"]


def test_it_refuses_to_assign_the_person_named_in_the_complaint(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"], named_staff=people["handler"]), "triaged", people)
    response = post(api, "manager", complaint, "assign", {"assignee": "handler"})
    assert response.status_code == 403 and response.json()["error"] == "recused"
    assert post(api, "manager", complaint, "assign", {"assignee": "handler2"}).status_code == 200


def test_it_hides_a_complaint_from_the_staff_member_it_names(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], named_staff=people["approver"])
    walk(complaint, "resolution_proposed", people)
    assert api("approver").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 404


def test_it_keeps_maker_and_checker_apart(api: Any, people: dict[str, User]) -> None:
    people["handler"].role = "approver"  # a handler who is also an approver still cannot approve their own plan
    people["handler"].approval_limit = 10**6
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    people["handler"].save()
    response = post(api, "handler", complaint, "approve_resolution")
    assert response.status_code == 403


def test_it_needs_an_approver_whose_limit_covers_the_total(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    response = post(api, "approver_small", complaint, "approve_resolution")
    assert response.status_code == 200 or response.json()["error"] == "approval_limit"
    complaint2 = walk(register(by=people["intake"]), "investigating", people)
    act(
        complaint2,
        "propose_resolution",
        by=people["handler"],
        payload={
            "reason": "pricing_fees",
            "root_cause": "staff_error",
            "outcome": "upheld",
            "summary": "s",
            "redress": [{"type": "refund", "amount": "6000", "currency": "CNY"}],
        },
    )
    response = post(api, "approver_small", complaint2, "approve_resolution")
    assert response.status_code == 403 and response.json()["error"] == "approval_limit"


def test_it_needs_two_approvals_one_from_compliance_above_the_tier(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(
        complaint,
        "propose_resolution",
        by=people["handler"],
        payload={
            "reason": "pricing_fees",
            "root_cause": "staff_error",
            "outcome": "upheld",
            "summary": "s",
            "redress": [{"type": "financial_loss", "amount": "150000.00", "currency": "CNY"}],
        },
    )
    first = post(api, "approver", complaint, "approve_resolution", {"note": "ok"})
    assert first.status_code == 200
    assert first.json()["status"] == "resolution_proposed"
    assert post(api, "approver", complaint, "approve_resolution").json()["error"] == "already_approved"
    second = post(api, "compliance", complaint, "approve_resolution", {"note": "合规同意"})
    assert second.status_code == 200 and second.json()["status"] == "resolution_approved"
    assert [a["role"] for a in second.json()["resolution"]["approvals"]] == ["approver", "compliance"]


def test_it_sends_a_rejected_plan_back_to_investigation(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    assert post(api, "approver", complaint, "reject_resolution", {}).status_code == 400
    response = post(api, "approver", complaint, "reject_resolution", {"reason": "证据不足"})
    assert response.status_code == 200 and response.json()["status"] == "investigating"
    assert response.json()["resolution"]["status"] == "rejected"
    again = post(
        api,
        "handler",
        complaint,
        "propose_resolution",
        {"reason": "pricing_fees", "root_cause": "staff_error", "outcome": "not_upheld", "summary": "复核后不予支持"},
    )
    assert again.json()["resolution"]["version"] == 2


def test_it_holds_and_resumes(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    assert post(api, "handler", complaint, "hold", {}).status_code == 400
    assert post(api, "handler", complaint, "hold", {"reason": "等待外部司法鉴定"}).json()["status"] == "on_hold"
    assert post(api, "manager", complaint, "resume").json()["status"] == "investigating"


def test_it_declines_with_a_reason_and_tells_the_customer(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    response = post(api, "manager", complaint, "decline", {"reason": "非本机构业务"})
    assert response.status_code == 200 and response.json()["status"] == "declined"
    letters = api("manager").get(f"/api/v1/complaints/{complaint.reference}/letters/").json()["results"]
    assert letters[-1]["kind"] == "decline" and "非本机构业务" in letters[-1]["body"]


def test_it_merges_into_another_open_complaint(api: Any, people: dict[str, User]) -> None:
    first = register(by=people["intake"])
    second = register(by=people["intake"])
    assert post(api, "manager", second, "merge", {"into": second.reference}).status_code == 400
    response = post(api, "manager", second, "merge", {"into": first.reference})
    assert response.status_code == 200 and response.json()["merged_into"] == first.reference
    assert kinds(first)[-1] == "merged_in"


def test_it_lets_the_intake_agent_withdraw_and_request_review(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    assert post(api, "intake", complaint, "withdraw", {"reason": "客户来电撤回"}).json()["status"] == "withdrawn"
    closed = walk(register(by=people["intake"]), "closed", people)
    response = post(api, "intake", closed, "request_review", {"reason": "客户对结果不满意"})
    assert response.status_code == 200 and response.json()["status"] == "review_requested"
    # A review goes to someone more senior than the first handler.
    assert post(api, "manager", closed, "assign", {"assignee": "senior"}).json()["status"] == "assigned"


def test_it_closes_by_manager_and_archives_after_the_review_window(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    assert post(api, "manager", complaint, "close").json()["status"] == "closed"
    response = post(api, "compliance", complaint, "archive")
    assert response.status_code == 409 and response.json()["error"] == "review_window_open"
    Complaint.objects.filter(pk=complaint.pk).update(review_window_ends_at=timezone.now() - timedelta(seconds=1))
    assert post(api, "compliance", complaint, "archive").json()["status"] == "archived"
    assert post(api, "handler", complaint, "add_note", {"text": "late"}).status_code in (403, 409)
    response = post(api, "intake", complaint, "request_review", {"reason": "x"})
    assert response.status_code == 409


def test_it_records_notes_and_contacts_on_the_timeline(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    assert post(api, "handler", complaint, "add_note", {"text": "已调取交易流水"}).status_code == 200
    assert (
        post(
            api, "handler", complaint, "log_contact", {"channel": "phone", "summary": "与客户通话，确认诉求"}
        ).status_code
        == 200
    )
    assert post(api, "handler", complaint, "log_contact", {"channel": "fax", "summary": "x"}).status_code == 400
    answer = api("auditor").get(f"/api/v1/complaints/{complaint.reference}/events/").json()
    assert_shape(EventsOut, answer)
    events = answer["results"]
    assert [e["kind"] for e in events][-2:] == ["add_note", "log_contact"]
    assert events[-1]["actor"] == "handler" and events[-1]["data"]["summary"] == "与客户通话，确认诉求"


def test_it_reveals_personal_data_only_through_a_recorded_action(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    masked = api("manager").get(f"/api/v1/complaints/{complaint.reference}/").json()["customer"]
    assert masked["phone"] == "138****5678"
    assert post(api, "manager", complaint, "reveal_pii", {}).status_code == 400
    revealed = post(api, "manager", complaint, "reveal_pii", {"reason": "回访客户"}).json()["customer"]
    assert revealed["phone"] == "13812345678" and revealed["masked"] is False
    assert kinds(complaint)[-1] == "reveal_pii"
    assert post(api, "analyst", complaint, "reveal_pii", {"reason": "curious"}).status_code == 403


def test_it_shows_personal_data_to_the_assignee(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    assert api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["customer"]["masked"] is False
    assert api("handler2").get(f"/api/v1/complaints/{complaint.reference}/").json()["customer"]["masked"] is True


def test_it_refuses_email_notice_without_an_email_and_logs_a_phone_call(api: Any, people: dict[str, User]) -> None:
    complaint = walk(
        register(by=people["intake"], customer=CustomerDetails(name="李四", phone="13900001111")),
        "resolution_approved",
        people,
    )
    response = post(api, "handler", complaint, "notify_customer", {"channel": "email"})
    assert response.status_code == 400 and "channel" in response.json()["detail"]
    response = post(api, "handler", complaint, "notify_customer", {"channel": "phone", "call_summary": "客户接受"})
    assert response.status_code == 200
    letters = api("handler").get(f"/api/v1/complaints/{complaint.reference}/letters/").json()["results"]
    assert (letters[-1]["kind"], letters[-1]["status"]) == ("final_decision", "logged")
    assert "李四" in letters[-1]["body"]


def test_it_accepts_evidence_uploads_and_refuses_bad_ones(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"
    good = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    response = api("handler").post(url, {"file": good, "description": "对账单"}, format="multipart")
    assert response.status_code == 201 and len(response.json()["sha256"]) == 64
    assert_shape(EvidenceOut, response.json())
    bad = SimpleUploadedFile("run.exe", b"MZ", content_type="application/x-msdownload")
    response = api("handler").post(url, {"file": bad}, format="multipart")
    assert response.status_code == 400 and response.json()["error"] == "file_type"
    assert kinds(complaint)[-1] == "add_evidence"


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("statement.pdf", b"<html><body><script>steal()</script></body></html>", "application/pdf"),
        ("photo.png", b"%PDF-1.4 not an image", "image/png"),
        ("notes.txt", b"<!DOCTYPE html><html><script>steal()</script>", "text/plain"),
        ("notes.txt", b"MZ\x90\x00\x03\x00\x00\x00", "text/plain"),
        ("empty.pdf", b"", "application/pdf"),
    ],
)
def test_a_file_whose_content_is_not_its_declared_type_is_refused(
    api: Any, people: dict[str, User], name: str, content: bytes, declared: str
) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"
    upload = SimpleUploadedFile(name, content, content_type=declared)
    response = api("handler").post(url, {"file": upload}, format="multipart")
    assert response.status_code == 400 and response.json()["error"] == "file_content"
    assert "file" in response.json()["detail"]
    assert "add_evidence" not in kinds(complaint)


def test_plain_text_and_each_accepted_format_with_its_signature_is_kept(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"
    files = [
        ("通话记录.txt", "客户来电称年费被扣两次。".encode(), "text/plain"),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "image/jpeg"),
        ("call.wav", b"RIFF\x24\x00\x00\x00WAVEfmt ", "audio/wav"),
        ("call.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00", "audio/mpeg"),
        ("clip.mp4", b"\x00\x00\x00\x18ftypmp42", "video/mp4"),
        ("sheet.xlsx", b"PK\x03\x04\x14\x00\x06\x00", XLSX),
    ]
    for name, content, declared in files:
        upload = SimpleUploadedFile(name, content, content_type=declared)
        response = api("handler").post(url, {"file": upload}, format="multipart")
        assert response.status_code == 201, (name, response.json())


def test_an_approver_of_another_department_approves_a_proposed_plan_and_gets_the_result(
    api: Any, people: dict[str, User]
) -> None:
    # Approvers decide proposed plans of any department (the row scope shows them every proposed
    # complaint); once decided, the complaint leaves their view, but the answer is the decision.
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    people["approver"].department = people["outsider"].department
    people["approver"].save()
    assert complaint.department_id != people["approver"].department_id
    response = post(api, "approver", complaint, "approve_resolution", {"note": "同意"})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert_shape(ComplaintOut, body)
    assert body["status"] == "resolution_approved"
    assert [a["approver"] for a in body["resolution"]["approvals"]] == ["approver"]
    assert body["customer"]["phone"] != SAMPLE_CUSTOMER.phone  # masked, as the approver saw it when acting
    assert body["allowed_actions"] == []
    assert kinds(complaint)[-1] == "approve_resolution"
    # Afterwards it is outside their view again: another department's, no longer proposed.
    assert api("approver").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 404
    assert api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["status"] == "resolution_approved"


def test_an_approver_of_another_department_rejects_a_plan_and_gets_the_result(
    api: Any, people: dict[str, User]
) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    people["approver"].department = people["outsider"].department
    people["approver"].save()
    response = post(api, "approver", complaint, "reject_resolution", {"reason": "证据不足"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "investigating"
    assert api("approver").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 404


def test_an_approver_of_another_department_may_not_act_outside_the_proposal(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    people["approver"].department = people["outsider"].department
    people["approver"].save()
    response = post(api, "approver", complaint, "approve_resolution")
    assert response.status_code == 404
