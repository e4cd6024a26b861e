"""Messaging the customer from the complaint: a request for documents, a progress update, a message; by e-mail
or read out on a call; from the templates in three languages; on the timeline, counted as a contact."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.complaints.services.registration import CustomerDetails
from redress.correspondence.models import Letter, OutboxMessage
from redress.deadlines.models import Clock

pytestmark = pytest.mark.django_db

DUE = (timezone.localdate() + timedelta(days=10)).isoformat()


def post(api: Any, complaint: Complaint, body: dict[str, Any], who: str = "handler") -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/message_customer/", body, format="json")


def investigating(people: dict[str, User], **overrides: Any) -> Complaint:
    return walk(register(by=people["intake"], **overrides), "investigating", people)


@pytest.mark.parametrize(
    ("kind", "extra", "subject_words"),
    [
        ("documents_request", {"due_date": DUE}, "We need documents"),
        ("progress_update", {}, "News about your complaint"),
        ("free_message", {}, "About your complaint"),
    ],
)
def test_each_kind_by_email_is_a_letter_on_the_timeline_and_a_contact(
    api: Any, people: dict[str, User], kind: str, extra: dict[str, Any], subject_words: str
) -> None:
    complaint = investigating(people, language="en")
    assert Clock.objects.get(complaint=complaint, kind="first_contact").met_at is None
    body = {"message_kind": kind, "channel": "email", "message": "Your card statement for March, please.", **extra}
    response = post(api, complaint, body)
    assert response.status_code == 200, response.json()
    letter = Letter.objects.filter(complaint=complaint, kind=kind).get()
    assert letter.channel == "email" and letter.status == "queued" and letter.language == "en"
    assert subject_words in letter.subject and complaint.reference in letter.subject
    assert "Your card statement for March, please." in letter.body
    assert letter.body.startswith("Dear 张三,")
    outbox = OutboxMessage.objects.get(letter=letter)
    assert outbox.to_address == "zhang.san@example.com" and outbox.body == letter.body
    event = Event.objects.filter(complaint=complaint, kind="message_customer").get()
    assert event.actor_kind == "staff"
    assert event.data["message_kind"] == kind and event.data["channel"] == "email" and event.data["contact"] is True
    assert event.data["letter"] == letter.pk
    # Counted as a contact: the internal first-contact target is met, as by `log_contact`.
    assert event.data["clocks"] == {"met": ["first_contact"]}
    assert Clock.objects.get(complaint=complaint, kind="first_contact").state == "met"
    if kind == "documents_request":
        assert event.data["due_date"] == DUE
        assert "Please send them to us by" in letter.body


def test_a_logged_call_keeps_the_letter_and_sends_nothing(api: Any, people: dict[str, User]) -> None:
    complaint = investigating(people, language="en")
    body = {"message_kind": "progress_update", "channel": "phone", "message": "The bank's reply is expected Friday."}
    assert post(api, complaint, body).status_code == 200
    letter = Letter.objects.get(complaint=complaint, kind="progress_update")
    assert (letter.channel, letter.status) == ("phone", "logged")
    assert not OutboxMessage.objects.filter(letter=letter).exists()
    event = Event.objects.get(complaint=complaint, kind="message_customer")
    assert event.data["channel"] == "phone" and event.data["contact"] is True
    assert Clock.objects.get(complaint=complaint, kind="first_contact").met_at is not None


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("zh-hans", "所需材料", "请于"),
        ("zh-hant", "所需資料", "請於"),
        ("en", "We need documents", "Please send them to us by"),
    ],
)
def test_the_templates_speak_the_customers_language(
    api: Any, people: dict[str, User], language: str, subject: str, phrase: str
) -> None:
    complaint = investigating(people, language=language)
    body = {"message_kind": "documents_request", "channel": "email", "message": "身份证复印件", "due_date": DUE}
    assert post(api, complaint, body).status_code == 200
    letter = Letter.objects.get(complaint=complaint, kind="documents_request")
    assert subject in letter.subject and phrase in letter.body and "身份证复印件" in letter.body
    assert letter.language == language


def test_bad_input_is_a_400_naming_the_field_and_nothing_is_written(api: Any, people: dict[str, User]) -> None:
    complaint = investigating(people)
    past = (timezone.localdate() - timedelta(days=1)).isoformat()
    cases = [
        ({"message_kind": "documents_request", "channel": "email", "message": "x"}, "due_date"),
        ({"message_kind": "documents_request", "channel": "email", "message": "x", "due_date": past}, "due_date"),
        ({"message_kind": "progress_update", "channel": "email", "message": "x", "due_date": DUE}, "due_date"),
        (
            {"message_kind": "progress_update", "channel": "email", "message": "x", "pause_first_contact": True},
            "pause_first_contact",
        ),
        ({"message_kind": "chat", "channel": "email", "message": "x"}, "message_kind"),
        ({"message_kind": "free_message", "channel": "email", "message": ""}, "message"),
    ]
    for body, field in cases:
        response = post(api, complaint, body)
        assert response.status_code == 400, body
        assert field in str(response.json()), (body, response.json())
    no_email = investigating(people, customer=CustomerDetails(name="王五", phone="13800000000"))
    response = post(api, no_email, {"message_kind": "free_message", "channel": "email", "message": "x"})
    assert response.status_code == 400 and "channel" in str(response.json())
    assert not Event.objects.filter(kind="message_customer").exists()
    assert not Letter.objects.filter(kind__in=["documents_request", "progress_update", "free_message"]).exists()


def test_a_documents_request_may_pause_only_the_internal_first_contact_target(
    api: Any, people: dict[str, User]
) -> None:
    complaint = investigating(people)
    regulatory_before = {
        c.kind: (c.state, c.due_at) for c in Clock.objects.filter(complaint=complaint, regulatory=True)
    }
    body = {
        "message_kind": "documents_request",
        "channel": "email",
        "message": "近三个月的账单",
        "due_date": DUE,
        "pause_first_contact": True,
    }
    assert post(api, complaint, body).status_code == 200
    first = Clock.objects.get(complaint=complaint, kind="first_contact")
    assert (first.state, first.pause_reason, first.met_at) == ("paused", "awaiting_customer", None)
    regulatory_after = {c.kind: (c.state, c.due_at) for c in Clock.objects.filter(complaint=complaint, regulatory=True)}
    assert regulatory_after == regulatory_before and regulatory_before
    event = Event.objects.get(complaint=complaint, kind="message_customer")
    assert event.data["clocks"] == {"paused": ["first_contact"]} and event.data["contact"] is True


def test_without_the_pause_a_request_meets_first_contact(api: Any, people: dict[str, User]) -> None:
    complaint = investigating(people)
    body = {"message_kind": "documents_request", "channel": "phone", "message": "账单", "due_date": DUE}
    assert post(api, complaint, body).status_code == 200
    assert Clock.objects.get(complaint=complaint, kind="first_contact").state == "met"


def test_who_may_message_and_when(api: Any, people: dict[str, User]) -> None:
    complaint = investigating(people)
    body = {"message_kind": "free_message", "channel": "phone", "message": "x"}
    assert post(api, complaint, body, who="auditor").status_code in (403, 404)
    assert post(api, complaint, body, who="manager").status_code == 200
    allowed = api("handler").get(f"/api/v1/complaints/{complaint.reference}/").json()["allowed_actions"]
    assert "message_customer" in allowed


def test_the_complaint_page_offers_the_form_and_sends(people: dict[str, User]) -> None:
    complaint = investigating(people, language="en")
    client = Client()
    client.force_login(people["handler"])
    page = client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert 'data-action="message_customer"' in page
    assert "Message the customer" in page and "regulatory deadlines never pause" in page
    assert 'name="message_customer-pause_first_contact"' in page and 'name="message_customer-due_date"' in page
    fields = {"message_kind": "documents_request", "channel": "email", "message": "Your ID card", "due_date": DUE}
    response = client.post(
        f"/complaints/{complaint.reference}/act/message_customer/",
        {f"message_customer-{k}": v for k, v in fields.items()},
    )
    assert response.status_code in (200, 302)
    assert Letter.objects.filter(complaint=complaint, kind="documents_request", channel="email").exists()
    page = client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert "Message sent to the customer" in page and "Request for documents" in page
