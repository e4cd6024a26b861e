"""The customer's own page: reference + tracking code; progress, letters, a message, a file, withdrawal; limited.

And the code itself on every channel: shown on screen, sent by e-mail or SMS, read out on the phone, and the
acknowledgement saying which."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.choices import Status
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint, Evidence
from redress.complaints.services.registration import CustomerDetails
from redress.correspondence.models import Letter, OutboxMessage, SmsMessage
from redress.deadlines.models import Clock
from redress.intake.services import tracking_secret_issue
from redress.notifications.models import Notification, UnreadReply
from tests.intake.test_web import PDF, form, secret_of

pytestmark = pytest.mark.django_db
CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


def sign_in(client: Client, reference: str, secret: str, ip: str = "10.0.0.9") -> Any:
    return client.post("/complaints/track/", {"reference": reference, "secret": secret}, REMOTE_ADDR=ip)


def tracked(people: dict[str, User], state: str = "investigating", **overrides: Any) -> tuple[Complaint, str, Client]:
    complaint = walk(register(by=people["intake"], language="en", **overrides), state, people)
    secret = tracking_secret_issue(complaint)
    client = Client()
    assert sign_in(client, complaint.reference, secret).status_code == 200
    return complaint, secret, client


# --- The code on every channel ---------------------------------------------------------------------


def test_a_web_complaint_shows_the_code_and_emails_it_and_the_acknowledgement_says_so() -> None:
    client = Client()
    response = client.post("/complaints/new/", form(language="en"), REMOTE_ADDR="10.0.0.1")
    reference, secret = secret_of(response)
    complaint = Complaint.objects.get(reference=reference)
    sent = OutboxMessage.objects.get(letter__isnull=True)
    assert sent.to_address == "li.si@example.cn"
    assert secret in sent.body and reference in sent.subject and "/complaints/track/" in sent.body
    ack = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert "tracking code we sent you in a separate e-mail" in ack.body
    assert secret not in ack.body  # only the e-mail carries it; the letter staff read does not
    registered = Event.objects.get(complaint=complaint, kind="registered")
    assert registered.data["tracking_code"] == "email"
    assert secret not in str(registered.data)
    # The code works (the one shown is the one sent).
    assert sign_in(Client(), reference, secret).status_code == 200


def test_a_phone_complaint_without_email_gets_the_code_by_sms_and_on_screen_to_read_out(
    people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    client = Client()
    client.force_login(people["intake"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/complaints/new/staff/",
            {
                "channel": "phone",
                "customer_name": "王五",
                "customer_phone": "13700001111",
                "description": "转账未到账",
                "jurisdiction": "CN-NFRA",
                "language": "zh-hans",
                "received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            },
            follow=True,
        )
    assert response.status_code == 200, response.content.decode()[:2000]
    complaint = Complaint.objects.get(channel="phone")
    page = response.content.decode()
    shown = CODE.search(page)
    assert shown and "Read it out to the customer" in page
    sms = SmsMessage.objects.get(complaint=complaint)
    assert sms.to_number == "13700001111" and shown.group(0) in sms.body and complaint.reference in sms.body
    assert (sms.status, sms.purpose) == ("sent", "tracking_code")  # the log backend, by default
    ack = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert "通过短信发送给您的查询码" in ack.body
    assert sign_in(Client(), complaint.reference, shown.group(0)).status_code == 200
    # Shown once: the next page no longer has it.
    assert not CODE.search(client.get(f"/complaints/{complaint.reference}/").content.decode())


def test_a_phone_complaint_without_any_address_was_given_the_code(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], customer=CustomerDetails(name="赵六"), language="en")
    ack = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert "tracking code you were given when you made your complaint" in ack.body
    assert not SmsMessage.objects.filter(complaint=complaint).exists()


def test_a_posted_complaint_gets_the_code_in_its_acknowledgement(people: dict[str, User]) -> None:
    complaint = register(
        by=people["intake"], channel="letter", customer=CustomerDetails(name="Ann", address="1 High St"), language="en"
    )
    ack = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert ack.channel == "letter"
    code = CODE.search(ack.body)
    assert code and "this tracking code" in ack.body
    assert sign_in(Client(), complaint.reference, code.group(0)).status_code == 200


# --- Signing in ---------------------------------------------------------------------------------


def test_a_wrong_code_answers_as_an_unknown_reference(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    tracking_secret_issue(complaint)
    wrong = sign_in(Client(), complaint.reference, "AAAA-BBBB-CCCC-DDDD")
    unknown = sign_in(Client(), "CMP-20000101-999999", "AAAA-BBBB-CCCC-DDDD")
    assert wrong.status_code == unknown.status_code == 404

    def text(r: Any) -> str:
        return re.sub(r'value="[^"]*"|<input type="hidden"[^>]*>', "", r.content.decode())

    assert text(wrong) == text(unknown)
    assert complaint.status not in wrong.content.decode()
    # No session was opened by the wrong code.
    client = Client()
    sign_in(client, complaint.reference, "AAAA-BBBB-CCCC-DDDD")
    assert client.get("/complaints/track/case/").status_code == 302


def test_signing_in_is_rate_limited_per_address(people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_INTAKE_TRACK_PER_HOUR = 2
    complaint = register(by=people["intake"])
    secret = tracking_secret_issue(complaint)
    assert sign_in(Client(), complaint.reference, "AAAA-AAAA-AAAA-AAAA", ip="10.1.1.1").status_code == 404
    assert sign_in(Client(), complaint.reference, "AAAA-AAAA-AAAA-AAAB", ip="10.1.1.1").status_code == 404
    blocked = sign_in(Client(), complaint.reference, secret, ip="10.1.1.1")
    assert blocked.status_code == 429 and blocked["Retry-After"] == "3600"
    assert sign_in(Client(), complaint.reference, secret, ip="10.1.1.2").status_code == 200


def test_a_new_code_closes_the_sessions_of_the_old_one(people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    assert client.get("/complaints/track/case/").status_code == 200
    tracking_secret_issue(complaint)
    assert client.get("/complaints/track/case/").status_code == 302


# --- The page -------------------------------------------------------------------------------------


def test_the_page_shows_progress_and_readable_letters(api: Any, people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    long_line = "Statement-" + "x" * 400
    response = api("handler").post(
        f"/api/v1/complaints/{complaint.reference}/actions/message_customer/",
        {"message_kind": "progress_update", "channel": "email", "message": long_line},
        format="json",
    )
    assert response.status_code == 200
    page = client.get("/complaints/track/case/").content.decode()
    assert complaint.reference in page and str(dict(Status.choices)[complaint.status]) in page
    assert "News about your complaint" in page and long_line in page
    assert '<pre class="letter-body">' in page
    assert "Write to us" in page and "Add a document" in page and "Withdraw my complaint" in page


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", {"running": "In progress", "paused": "Paused", "met": "Met", "breached": "Overdue"}),
        ("zh-hans", {"running": "进行中", "paused": "暂停计时", "met": "按时完成", "breached": "已超时"}),
    ],
)
def test_each_deadline_state_reads_in_the_customers_words(
    people: dict[str, User], language: str, words: dict[str, str]
) -> None:
    complaint, secret, _client = tracked(people)
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    assert sign_in(client, complaint.reference, secret, ip="10.0.0.7").status_code == 200
    for state, word in words.items():
        Clock.objects.filter(complaint=complaint, regulatory=True).update(state=state)
        states = re.findall(r"· ([^<·]+)</li>", client.get("/complaints/track/case/").content.decode())
        assert states and {s.strip() for s in states} == {word}, (language, state, states)


def test_a_message_goes_on_the_timeline_as_the_customers_reply(people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    response = client.post("/complaints/track/case/message/", {"text": "我已经把账单寄出了。"})
    assert response.status_code == 302 and response["Location"] == "/complaints/track/case/"
    event = Event.objects.get(complaint=complaint, kind="customer_message")
    assert event.actor_kind == "customer"
    assert event.data["channel"] == "web" and event.data["text"] == "我已经把账单寄出了。"
    page = client.get("/complaints/track/case/").content.decode()
    assert "我已经把账单寄出了。" in page and "we have your message" in page
    empty = client.post("/complaints/track/case/message/", {"text": "  "})
    assert empty.status_code == 400 and "Write your message." in empty.content.decode()
    assert Event.objects.filter(complaint=complaint, kind="customer_message").count() == 1


def test_the_customers_answer_restarts_the_paused_first_contact_target(api: Any, people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    body = {
        "message_kind": "documents_request",
        "channel": "email",
        "message": "ID card",
        "due_date": due,
        "pause_first_contact": True,
    }
    api("handler").post(f"/api/v1/complaints/{complaint.reference}/actions/message_customer/", body, format="json")
    assert Clock.objects.get(complaint=complaint, kind="first_contact").state == "paused"
    client.post("/complaints/track/case/message/", {"text": "Sent."})
    assert Clock.objects.get(complaint=complaint, kind="first_contact").state == "running"
    event = Event.objects.get(complaint=complaint, kind="customer_message")
    assert event.data["clocks"] == {"resumed": ["first_contact"]}


def test_a_file_is_checked_and_kept_as_the_customers_evidence(people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    upload = SimpleUploadedFile("statement.pdf", PDF, content_type="application/pdf")
    response = client.post("/complaints/track/case/file/", {"file": upload, "description": "March statement"})
    assert response.status_code == 302
    evidence = Evidence.objects.get(complaint=complaint)
    assert evidence.original_name == "statement.pdf" and evidence.uploaded_by is None
    added = Event.objects.get(complaint=complaint, kind="add_evidence")
    assert added.actor_kind == "customer" and added.data["name"] == "statement.pdf"
    reply = Event.objects.get(complaint=complaint, kind="customer_message")
    assert reply.data["attachments"] == ["statement.pdf"] and reply.data["text"] == "March statement"

    fake = SimpleUploadedFile("virus.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    refused = client.post("/complaints/track/case/file/", {"file": fake})
    assert refused.status_code == 400 and "are not accepted" in refused.content.decode()
    liar = SimpleUploadedFile("fake.pdf", b"not a pdf at all", content_type="application/pdf")
    assert client.post("/complaints/track/case/file/", {"file": liar}).status_code == 400
    assert Evidence.objects.filter(complaint=complaint).count() == 1


def test_the_customer_withdraws(people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    unconfirmed = client.post("/complaints/track/case/withdraw/", {"reason": "Solved."})
    assert unconfirmed.status_code == 400
    response = client.post("/complaints/track/case/withdraw/", {"reason": "Solved with the branch.", "confirm": "yes"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "withdrawn"
    event = Event.objects.get(complaint=complaint, kind="withdraw")
    assert event.actor_kind == "customer" and event.data["reason"] == "Solved with the branch."
    page = client.get("/complaints/track/case/").content.decode()
    assert "Withdraw my complaint" not in page and "Add a document" not in page


def test_the_customer_withdraws_the_narrative_consent(people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people, narrative_consent=True)
    page = client.get("/complaints/track/case/").content.decode()
    assert "Withdraw my consent" in page
    response = client.post("/complaints/track/case/narrative-consent/withdraw/")
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.narrative_consent is False
    event = Event.objects.get(complaint=complaint, kind="narrative_consent_withdrawn")
    assert event.actor_kind == "customer"
    assert "Withdraw my consent" not in client.get("/complaints/track/case/").content.decode()
    # Withdrawn already: nothing more on the timeline.
    assert client.post("/complaints/track/case/narrative-consent/withdraw/").status_code == 302
    assert Event.objects.filter(complaint=complaint, kind="narrative_consent_withdrawn").count() == 1


def test_without_consent_there_is_nothing_to_withdraw(people: dict[str, User]) -> None:
    _complaint, _secret, client = tracked(people)
    assert "Withdraw my consent" not in client.get("/complaints/track/case/").content.decode()


def test_the_customers_actions_are_rate_limited_per_complaint(people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_TRACK_ACTIONS_PER_HOUR = 2
    complaint, secret, client = tracked(people)
    assert client.post("/complaints/track/case/message/", {"text": "1"}).status_code == 302
    assert client.post("/complaints/track/case/message/", {"text": "2"}).status_code == 302
    assert client.post("/complaints/track/case/message/", {"text": "3"}).status_code == 429
    other = Client()  # another session (another address) on the same complaint shares the count
    sign_in(other, complaint.reference, secret, ip="10.9.9.9")
    assert other.post("/complaints/track/case/message/", {"text": "4"}).status_code == 429
    assert Event.objects.filter(complaint=complaint, kind="customer_message").count() == 2


def test_the_page_needs_a_session_and_csrf(people: dict[str, User]) -> None:
    assert Client().get("/complaints/track/case/").status_code == 302
    assert Client().post("/complaints/track/case/message/", {"text": "x"}).status_code == 302
    complaint, secret, _client = tracked(people)
    strict = Client(enforce_csrf_checks=True)
    sign_in(strict, complaint.reference, secret)
    assert strict.post("/complaints/track/case/message/", {"text": "x"}).status_code == 403


def test_a_message_from_the_tracking_page_is_unread_for_the_assignee_who_is_told(people: dict[str, User]) -> None:
    complaint, _secret, client = tracked(people)
    assert complaint.assignee is not None
    client.post("/complaints/track/case/message/", {"text": "Any news?"})
    assert UnreadReply.objects.filter(user=complaint.assignee, complaint=complaint).exists()
    assert Notification.objects.filter(user=complaint.assignee, complaint=complaint, kind="customer_replied").exists()
