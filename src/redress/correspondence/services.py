"""Writes of correspondence: issue a letter (kept exactly, emailed through the outbox), send a failed one
again, queue an alert to a member of staff or a text message to a customer. The worker delivers the outbox
and the text messages (`delivery`, `sms`, `tasks`)."""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.core.errors import Conflict, InvalidInput
from redress.core.rows import insert
from redress.correspondence import templating
from redress.correspondence.kick import outbox_kick
from redress.correspondence.models import Letter, LetterStatus, OutboxMessage, OutboxStatus, SmsMessage
from redress.correspondence.rendering import RenderedLetter, letter_check, letter_render

if TYPE_CHECKING:
    from redress.complaints.models import Complaint
    from redress.complaints.workflow import Actor


def _new_message_id(kind: str, reference: str = "") -> str:
    """<KIND-N[.REFERENCE]@domain>, unique per message, in the domain we send from. A customer's reply quoting a
    letter's id (with its reference) threads back to the complaint (see intake)."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip("> ") or "redress.localhost"
    suffix = f".{reference}" if reference else ""
    return f"<{kind}-{time.time_ns()}{secrets.randbelow(1000):03d}{suffix}@{domain}>"


@dataclass(frozen=True)
class ComposedLetter:
    """A letter as it will be kept and sent: its subject, its text, and the HTML made of the text."""

    rendered: RenderedLetter
    text: str
    html: str

    @property
    def subject(self) -> str:
        return self.rendered.subject


def letter_compose(
    *,
    complaint: Complaint,
    kind: str,
    context: dict[str, Any],
    body: str | None = None,
    rendered: RenderedLetter | None = None,
) -> ComposedLetter:
    """The letter `letter_issue` keeps and sends, nothing written: the template's text, or the handler's
    edited `body` checked for the template's required elements (LetterIncomplete), and its HTML. The
    page's preview shows exactly this."""
    if rendered is None:
        rendered = letter_render(complaint=complaint, kind=kind, context=context)
    text = rendered.body
    if body and body.strip():
        text = templating.normalise_text(body)
        letter_check(text=text, rendered=rendered)
    html = templating.text_to_html(
        subject=rendered.subject,
        body=text,
        language=complaint.language,
        institution=settings.REDRESS_INSTITUTION_NAME,
    )
    return ComposedLetter(rendered, text, html)


def letter_issue(
    *,
    complaint: Complaint,
    kind: str,
    channel: str | None,
    actor: Actor,
    context: dict[str, Any],
    body: str | None = None,
    rendered: RenderedLetter | None = None,
) -> Letter:
    """Keep the exact letter (text and HTML); queue it by email when that is the channel (or the only way).

    `body`: the handler's edited text, checked for the template's required elements.
    """
    composed = letter_compose(complaint=complaint, kind=kind, context=context, body=body, rendered=rendered)
    rendered, text, html = composed.rendered, composed.text, composed.html
    if channel is None:
        channel = "email" if complaint.customer_email else "letter"
    status = {"email": LetterStatus.QUEUED, "phone": LetterStatus.LOGGED}.get(channel, LetterStatus.TO_POST)
    message_id = _new_message_id("outbox", complaint.reference) if channel == "email" else ""
    letter = Letter(
        complaint=complaint,
        kind=kind,
        channel=channel,
        language=complaint.language,
        subject=rendered.subject,
        body=text,
        body_html=html,
        message_id=message_id,
        status=status,
        created_by_id=actor.user_id,
    )
    insert(letter)
    if channel == "email":
        outbox = OutboxMessage(
            letter=letter,
            to_address=complaint.customer_email,
            subject=rendered.subject,
            body=text,
            html_body=html,
            message_id=message_id,
        )
        insert(outbox)
        transaction.on_commit(outbox_kick)
    return letter


def letter_retry(*, complaint: Complaint, letter_id: int) -> dict[str, Any]:
    """Queue a letter whose delivery failed once more (inside the action's transaction)."""
    letter = Letter.objects.filter(complaint=complaint, pk=letter_id).select_related("outbox").first()
    if letter is None:
        raise InvalidInput({"letter": [_("This complaint has no such letter.")]})
    outbox = getattr(letter, "outbox", None)
    if letter.status != LetterStatus.FAILED or outbox is None:
        raise Conflict(_("Only a letter whose email delivery failed can be sent again."), code="letter_not_failed")
    previous_error = outbox.last_error
    OutboxMessage.objects.filter(pk=outbox.pk).update(
        status=OutboxStatus.PENDING, attempts=0, next_attempt_at=timezone.now(), claim_token="", handed_over_at=None
    )
    Letter.objects.filter(pk=letter.pk).update(status=LetterStatus.QUEUED)
    transaction.on_commit(outbox_kick)
    return {"letter": letter.pk, "kind": letter.kind, "last_error": previous_error}


def customer_email_queue(*, complaint: Complaint, subject: str, body: str) -> OutboxMessage:
    """An e-mail to the customer that is not a letter of the record (the tracking code: only its hash is kept,
    so it is not kept as a letter staff can read); delivered through the outbox, at most once."""
    message = OutboxMessage.objects.create(
        to_address=complaint.customer_email,
        subject=subject,
        body=body,
        html_body=templating.text_to_html(
            subject=subject, body=body, language=complaint.language, institution=settings.REDRESS_INSTITUTION_NAME
        ),
        message_id=_new_message_id("notice", complaint.reference),
    )
    transaction.on_commit(outbox_kick)
    return message


def staff_email_queue(*, to: str, subject: str, body: str) -> OutboxMessage:
    """An email to a member of staff (alerts), delivered through the same outbox."""
    message = OutboxMessage.objects.create(
        to_address=to, subject=subject, body=body, message_id=_new_message_id("staff")
    )
    transaction.on_commit(outbox_kick)
    return message


def sms_queue(*, to: str, text: str, purpose: str, complaint_id: int | None = None) -> SmsMessage:
    """Keep a text message to a customer (in the caller's transaction); after the commit the worker sends it,
    at most once, through `REDRESS_SMS_BACKEND` (see `sms`): the request never waits on the gateway."""
    message = SmsMessage.objects.create(
        complaint_id=complaint_id, purpose=purpose, to_number=to, body=text, backend=settings.REDRESS_SMS_BACKEND
    )
    transaction.on_commit(outbox_kick)
    return message
