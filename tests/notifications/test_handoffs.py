"""Hand-offs notify: each hand-off tells the right people (never the one who acted), in the app and/or by
e-mail as each chose, in their language, with a link to the complaint."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.correspondence.models import OutboxMessage
from redress.notifications.models import Notification, Preference, Recipient

pytestmark = pytest.mark.django_db

PUBLIC = "https://redress.bank.example"


@pytest.fixture(autouse=True)
def _public_url(settings: Any) -> None:
    settings.REDRESS_PUBLIC_URL = PUBLIC + "/"


def plan(amount: str = "200.00", currency: str = "CNY") -> dict[str, Any]:
    return {
        "outcome": "upheld",
        "reason": "pricing_fees",
        "root_cause": "system_fault",
        "summary": "Refund of the fee",
        "redress": [{"type": "refund", "amount": amount, "currency": currency}],
        "improvements": [],
    }


def notified(kind: str, complaint: Complaint | None = None) -> set[str]:
    rows = Notification.objects.filter(kind=kind)
    if complaint is not None:
        rows = rows.filter(complaint=complaint)
    return set(rows.values_list("user__username", flat=True))


def staff_mails_to(user: User) -> list[OutboxMessage]:
    """The outbox's e-mails to this person (the address is encrypted at rest: compared in memory)."""
    return [m for m in OutboxMessage.objects.order_by("id") if m.to_address == user.email]


def link(complaint: Complaint) -> str:
    return f"{PUBLIC}/complaints/{complaint.reference}/"


def test_assignment_tells_the_new_assignee_in_the_app_and_by_email(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "triaged", people)
    act(complaint, "assign", by=people["manager"], payload={"assignee": "handler"})
    assert notified("assigned", complaint) == {"handler"}  # not the manager who assigned it
    (mail,) = staff_mails_to(people["handler"])
    assert complaint.reference in mail.subject and "Complaint assigned to you" in mail.subject
    assert link(complaint) in mail.body and f"{complaint.reference} was assigned to you." in mail.body
    assert staff_mails_to(people["manager"]) == []


def test_assigning_to_oneself_tells_no_one(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "triaged", people)
    act(complaint, "assign", by=people["manager"], payload={"assignee": "manager"})
    assert notified("assigned") == set() and staff_mails_to(people["manager"]) == []


def test_a_proposed_plan_tells_exactly_those_who_may_approve_it(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload=plan("200.00"))
    assert notified("plan_awaiting_approval", complaint) == {"approver", "approver_small", "compliance"}
    row = Notification.objects.get(kind="plan_awaiting_approval", user=people["approver"])
    assert row.message == "" and row.params == {"reference": complaint.reference, "total": "200.00", "currency": "CNY"}
    assert len(staff_mails_to(people["approver"])) == 1  # e-mail is on by default for this kind

    # Over the small approver's limit: they are not told; a currency they have no limit in: neither.
    big = walk(register(by=people["intake"]), "investigating", people)
    act(big, "propose_resolution", by=people["handler"], payload=plan("9000.00"))
    assert notified("plan_awaiting_approval", big) == {"approver", "compliance"}
    pounds = walk(register(by=people["intake"]), "investigating", people)
    act(pounds, "propose_resolution", by=people["handler"], payload=plan("100.00", "GBP"))
    assert notified("plan_awaiting_approval", pounds) == {"approver", "compliance"}


def test_a_person_named_in_the_complaint_is_not_asked_to_approve_it(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    Complaint.objects.filter(pk=complaint.pk).update(named_staff=people["approver"])
    act(complaint, "propose_resolution", by=people["handler"], payload=plan())
    assert notified("plan_awaiting_approval", complaint) == {"approver_small", "compliance"}


def test_approval_and_rejection_tell_the_handler(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_approved", people)
    assert notified("plan_approved", complaint) == {"handler"}  # not the approver
    assert not [m for m in staff_mails_to(people["handler"]) if "Plan approved" in m.subject]  # e-mail: off

    other = walk(register(by=people["intake"]), "resolution_proposed", people)
    act(other, "reject_resolution", by=people["approver"], payload={"reason": "The amount is not explained."})
    assert notified("plan_rejected", other) == {"handler"}
    text = Notification.objects.get(kind="plan_rejected").params
    assert text == {"reference": other.reference}  # the reason stays on the timeline, not in a notice


def test_a_first_of_two_approvals_tells_no_one_yet(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload=plan("150000.00"))  # two, one compliance
    act(complaint, "approve_resolution", by=people["approver"], payload={"note": "ok"})
    assert notified("plan_approved") == set()
    act(complaint, "approve_resolution", by=people["compliance"], payload={"note": "ok"})
    assert notified("plan_approved") == {"handler"}


def test_a_revised_plan_asks_the_approvers_again(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
    Notification.objects.all().delete()
    act(complaint, "revise_resolution", by=people["handler"], payload={**plan("300.00"), "reason": "Fee was 300"})
    assert notified("plan_awaiting_approval", complaint) == {"approver", "approver_small", "compliance"}


def test_a_review_request_tells_the_managers_in_their_language(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    manager = people["manager"]
    Preference.objects.create(user=manager, kind="review_requested", in_app=True, email=True)
    Recipient.objects.create(user=manager, language="zh-hans")
    act(complaint, "request_review", by=people["intake"], payload={"reason": "不同意"})
    assert manager.username in notified("review_requested", complaint)
    (mail,) = staff_mails_to(manager)
    assert "申请核查" in mail.subject and "Review requested" not in mail.subject  # the kind, in Chinese
    assert link(complaint) in mail.body


def test_preference_off_means_no_notification_and_no_email(people: dict[str, User]) -> None:
    handler = people["handler"]
    Preference.objects.create(user=handler, kind="assigned", in_app=False, email=False)
    complaint = walk(register(by=people["intake"]), "assigned", people)
    assert notified("assigned", complaint) == set() and staff_mails_to(handler) == []


def test_email_only_writes_no_in_app_notification(people: dict[str, User]) -> None:
    handler = people["handler"]
    Preference.objects.create(user=handler, kind="assigned", in_app=False, email=True)
    complaint = walk(register(by=people["intake"]), "assigned", people)
    assert notified("assigned", complaint) == set() and len(staff_mails_to(handler)) == 1


def test_a_notification_is_read_in_the_readers_language(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "customer_notified", people)
    act(complaint, "request_review", by=people["intake"], payload={"reason": "不同意"})
    english, chinese = Client(), Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    for client in (english, chinese):
        client.force_login(people["manager"])
    en = english.get("/notifications/").content.decode()
    zh = chinese.get("/notifications/").content.decode()
    assert "Review requested" in en and "the customer asked for a review" in en
    assert "申请核查" in zh and "Review requested" not in zh and "review_requested<" not in zh
    assert "the customer asked for a review" not in zh  # the message too: written now, not when stored


def test_the_api_answers_the_kinds_label_and_message_in_the_callers_language(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "assigned", people)
    client = api("handler")
    (row,) = client.get("/api/v1/notifications/").json()["results"]
    assert row["kind"] == "assigned" and row["kind_label"] == "Complaint assigned to you"
    assert row["message"] == f"{complaint.reference} was assigned to you." and row["complaint"] == complaint.reference
    chinese = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    assert chinese["kind_label"] != "assigned"  # a label, never the code


def test_every_kind_written_anywhere_has_a_label() -> None:
    """No code on screen: each kind the apps write (grep `kind="…"` next to a notify call) is labelled."""
    import pathlib
    import re

    from redress.notifications.kinds import KIND_LABELS

    src = pathlib.Path(__file__).resolve().parents[2] / "src" / "redress"
    written = set()
    for path in src.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "notify(" in text:
            written |= set(re.findall(r'notify\([^)]*?kind="([a-z_]+)"', text, flags=re.S))
    written |= {"deadline_warning", "deadline_breached"}  # the sweep's digests (its kind is the event's)
    assert written and written <= set(KIND_LABELS), written - set(KIND_LABELS)
