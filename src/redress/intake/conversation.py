"""What the customer does on their own tracking page: write to us, add a file, withdraw.

A message (and a file, which comes with a line of its own) goes on the timeline as `customer_message`,
the event a threaded e-mail reply writes (intake.adapters.email), with `channel` "web": whatever listens
for the customer's replies hears both. Files go through `evidence_add` (its size, type and content checks)
with the customer as the actor. Withdrawal is the `withdraw` action taken by the customer.

An answer from the customer starts again the internal first-contact target a request for documents
paused (`message_customer`); regulatory clocks were never paused by it.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.audit.services import event_append
from redress.complaints.choices import Channel
from redress.complaints.models import Complaint
from redress.complaints.services.actions import complaint_act
from redress.complaints.services.evidence import evidence_add
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.core.errors import InvalidInput
from redress.deadlines.models import PauseReason
from redress.deadlines.services import clocks_resume_internal
from redress.notifications.services import customer_replied

MAX_MESSAGE = 5000


def _customer_message(complaint: Complaint, *, text: str, attachments: list[str]) -> None:
    locked = Complaint.objects.select_for_update(of=("self",)).get(pk=complaint.pk)
    data: dict[str, Any] = {"channel": Channel.WEB, "text": text, "attachments": attachments}
    resumed = clocks_resume_internal(complaint=locked, reason=PauseReason.AWAITING_CUSTOMER, at=timezone.now())
    if resumed:
        data["clocks"] = {"resumed": resumed}
    event_append(complaint=locked, kind="customer_message", actor=CUSTOMER_ACTOR, data=data)
    customer_replied(complaint=locked)  # unread for the assignee, who is told (as for an e-mail reply)


def customer_message_add(*, complaint: Complaint, text: str) -> None:
    """The customer's message from the tracking page, on the timeline as a reply."""
    text = text.strip()
    if not text:
        raise InvalidInput({"text": [_("Write your message.")]})
    if len(text) > MAX_MESSAGE:
        raise InvalidInput({"text": [_("A message may be at most %(count)s characters.") % {"count": MAX_MESSAGE}]})
    with transaction.atomic():
        _customer_message(complaint, text=text, attachments=[])


def customer_file_add(*, complaint: Complaint, upload: UploadedFile, description: str = "") -> None:
    """A file from the tracking page: checked and kept as evidence from the customer, with a reply line."""
    with transaction.atomic():
        evidence = evidence_add(
            reference=complaint.reference,
            upload=upload,
            actor=CUSTOMER_ACTOR,
            user=None,
            description=description.strip()[:500],
        )
        _customer_message(complaint, text=description.strip()[:MAX_MESSAGE], attachments=[evidence.original_name])


def customer_withdraw(*, complaint: Complaint, reason: str) -> Complaint:
    """The customer withdraws the complaint (the `withdraw` action, the customer as actor)."""
    reason = reason.strip()[:4000]
    if not reason:
        with translation.override(complaint.language):
            reason = _("Withdrawn by the customer on the tracking page.")
    return complaint_act(
        reference=complaint.reference, action="withdraw", actor=CUSTOMER_ACTOR, payload={"reason": reason}
    )
