"""Delivery through a real SMTP server (aiosmtpd): down means retry and "letter pending"; up means sent exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.api.serializers import LettersOut
from redress.complaints.models import Complaint
from redress.core.api import ErrorOut
from redress.correspondence.delivery import MAX_ATTEMPTS, outbox_deliver
from redress.correspondence.models import Letter, OutboxMessage
from tests.api_shape import assert_shape
from tests.correspondence.conftest import SMTPServer, message_id, notify

pytestmark = pytest.mark.django_db


def backoff_passes() -> None:
    OutboxMessage.objects.filter(status="pending").update(next_attempt_at=timezone.now())


def final_letter(api: Any, complaint_in: Any) -> Letter:
    complaint = complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en")
    assert notify(api, complaint, {"channel": "email"}).status_code == 200
    return Letter.objects.get(complaint=complaint, kind="final_decision")


def letters_api(api: Any, complaint: Complaint) -> list[dict[str, Any]]:
    response = api("handler").get(f"/api/v1/complaints/{complaint.reference}/letters/")
    assert_shape(LettersOut, response.json())
    return list(response.json()["results"])


@pytest.mark.slow
def test_smtp_down_means_pending_and_retry_then_sent_exactly_once(
    api: Any, browser: Any, complaint_in: Any, smtp: SMTPServer
) -> None:
    letter = final_letter(api, complaint_in)
    complaint = letter.complaint
    assert outbox_deliver() == 0  # nothing listens: connection refused
    outbox = OutboxMessage.objects.get(letter=letter)
    assert (outbox.status, outbox.attempts) == ("pending", 1)
    assert "Connection" in outbox.last_error and outbox.next_attempt_at > timezone.now()
    shown = next(x for x in letters_api(api, complaint) if x["id"] == letter.pk)
    assert (shown["status"], shown["status_label"]) == ("queued", "Letter pending")
    assert shown["delivery"]["attempts"] == 1 and "Connection" in shown["delivery"]["last_error"]
    page = browser("handler").get(f"/complaints/{complaint.reference}/").content.decode()
    assert "Letter pending" in page and "the outbox keeps trying" in page
    assert 'data-letters="pending"' in page  # next to the status at the top, too

    assert outbox_deliver() == 0  # backoff: not due yet, not tried again
    assert OutboxMessage.objects.get(letter=letter).attempts == 1

    smtp.start()
    backoff_passes()
    staff = OutboxMessage.objects.filter(message_id__startswith="<staff-").count()  # hand-offs (assignment, approval)
    assert outbox_deliver() == 3 + staff  # the tracking code, the acknowledgement and the final decision, and those
    assert outbox_deliver() == 0
    backoff_passes()
    assert outbox_deliver() == 0
    letter.refresh_from_db()
    assert letter.status == "sent" and letter.sent_at is not None
    received = [m for m in smtp.collector.messages if message_id(m) == letter.message_id]
    assert len(received) == 1 and len(smtp.collector.messages) == 3 + staff
    message = received[0]
    assert message["Subject"] == letter.subject and message.is_multipart()
    parts = {
        part.get_content_type(): part.get_payload(decode=True).decode()
        for part in message.walk()
        if not part.is_multipart()
    }
    assert parts["text/plain"].replace("\r\n", "\n") == letter.body
    assert "Financial Ombudsman Service" in parts["text/html"]
    shown = next(x for x in letters_api(api, complaint) if x["id"] == letter.pk)
    assert shown["status"] == "sent" and shown["delivery"]["last_error"] == ""


@pytest.mark.slow
def test_a_failed_letter_is_shown_and_staff_send_it_again(
    api: Any, browser: Any, complaint_in: Any, smtp: SMTPServer, people: dict[str, User]
) -> None:
    letter = final_letter(api, complaint_in)
    complaint = letter.complaint
    OutboxMessage.objects.filter(letter__complaint=complaint).update(attempts=MAX_ATTEMPTS - 1)
    assert outbox_deliver() == 0
    letter.refresh_from_db()
    assert letter.status == "failed"
    shown = next(x for x in letters_api(api, complaint) if x["id"] == letter.pk)
    assert shown["status_label"] == "Delivery failed" and shown["delivery"]["retry_allowed"] is True
    page = browser("handler").get(f"/complaints/{complaint.reference}/").content.decode()
    assert "Delivery failed after 8 attempts." in page
    assert 'data-letters="failed"' in page
    assert 'name="retry_letter-letter"' in page

    # Not for someone who does not handle it; not for a letter that did not fail.
    url = f"/api/v1/complaints/{complaint.reference}/letters/{letter.pk}/retry/"
    assert api("handler2").post(url).status_code == 403
    ack = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    OutboxMessage.objects.filter(letter=ack).update(status="sent")
    Letter.objects.filter(pk=ack.pk).update(status="sent")
    refused = api("handler").post(f"/api/v1/complaints/{complaint.reference}/letters/{ack.pk}/retry/")
    assert refused.status_code == 409
    assert_shape(ErrorOut, refused.json())

    smtp.start()
    response = browser("handler").post(
        f"/complaints/{complaint.reference}/act/retry_letter/", {"retry_letter-letter": str(letter.pk)}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.status == "queued"
    event = Event.objects.get(complaint=complaint, kind="retry_letter")
    assert event.data["letter"] == letter.pk and "Connection" in event.data["last_error"]
    assert outbox_deliver() == 1
    letter.refresh_from_db()
    assert letter.status == "sent"
    assert [message_id(m) for m in smtp.collector.messages] == [letter.message_id]
    assert api("handler").post(url).status_code == 409  # sent now: nothing to retry
