"""Writing to the customer from the complaint: a request for documents, a progress update, a message.

The text is the handler's, framed by the institution's template of that kind in the customer's language
(correspondence: `documents_request`, `progress_update`, `free_message`); it goes by e-mail through the
outbox, or is read to the customer on a call (then kept as a letter logged by phone). Either way it is a
letter of the record (the customer reads it on the tracking page too), an entry on the timeline, and a
contact with the customer: it meets the internal first-contact target as `log_contact` does.

A request for documents may instead pause that internal target while the customer gathers them (it runs
again when the customer answers on the tracking page). Only that internal target: the regulatory clocks
never pause for it.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import TextChoices
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from redress.accounts.models import Role
from redress.complaints.actions.spec import action
from redress.complaints.choices import OPEN_STATUSES, NotifyChannel
from redress.complaints.models import Complaint
from redress.complaints.workflow import ASSIGNEE, Actor, Subject
from redress.core.errors import InvalidInput
from redress.correspondence.services import letter_issue
from redress.deadlines.models import ClockKind, PauseReason, Trigger
from redress.deadlines.services import clocks_meet, clocks_pause_internal


class MessageKind(TextChoices):
    DOCUMENTS_REQUEST = "documents_request", gettext_lazy("Request for documents")
    PROGRESS_UPDATE = "progress_update", gettext_lazy("Progress update")
    FREE_MESSAGE = "free_message", gettext_lazy("Message")


class MessagePayload(serializers.Serializer[Any]):
    message_kind = serializers.ChoiceField(choices=MessageKind.choices)
    channel = serializers.ChoiceField(
        choices=NotifyChannel.choices,
        help_text=gettext_lazy("Phone: you read the message to the customer on a call; it is kept as a letter."),
    )
    message = serializers.CharField(
        max_length=8000,
        help_text=gettext_lazy("For a request: the documents you need. The letter's greeting and frame are added."),
    )
    due_date = serializers.DateField(
        required=False,
        allow_null=True,
        default=None,
        help_text=gettext_lazy("Request for documents: the date by which the customer should send them."),
    )
    pause_first_contact = serializers.BooleanField(required=False, default=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        is_request = attrs["message_kind"] == MessageKind.DOCUMENTS_REQUEST
        due = attrs.get("due_date")
        if is_request and due is None:
            raise serializers.ValidationError({"due_date": [_("A request for documents needs a due date.")]})
        if is_request and due is not None and due < timezone.localdate():
            raise serializers.ValidationError({"due_date": [_("The due date cannot be in the past.")]})
        if not is_request and due is not None:
            raise serializers.ValidationError({"due_date": [_("Only a request for documents has a due date.")]})
        if not is_request and attrs.get("pause_first_contact"):
            raise serializers.ValidationError(
                {"pause_first_contact": [_("Only a request for documents may pause the first-contact target.")]}
            )
        return attrs


def _message(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    channel = data["channel"]
    if channel == NotifyChannel.EMAIL and not c.customer_email:
        raise InvalidInput({"channel": [_("The customer has no e-mail address: call them and log the call.")]})
    due: date | None = data.get("due_date")
    letter = letter_issue(
        complaint=c,
        kind=data["message_kind"],
        channel=channel,
        actor=actor,
        context={"message": data["message"].strip(), "due_date": due},
    )
    now = timezone.now()
    clocks: dict[str, list[str]] = {}
    if data.get("pause_first_contact"):
        clocks["paused"] = clocks_pause_internal(
            complaint=c, kinds=[ClockKind.FIRST_CONTACT], reason=PauseReason.AWAITING_CUSTOMER, at=now
        )
    if not clocks.get("paused"):
        # A contact with the customer, as `log_contact`: it meets the clocks that wait for one.
        clocks["met"] = clocks_meet(complaint=c, trigger=Trigger.CONTACTED, at=now)
    result: dict[str, Any] = {
        "message_kind": data["message_kind"],
        "channel": channel,
        "direction": "out",
        "contact": True,
        "letter": letter.pk,
        "subject": letter.subject,
    }
    if due is not None:
        result["due_date"] = due.isoformat()
    changed = {key: kinds for key, kinds in clocks.items() if kinds}
    if changed:
        result["clocks"] = changed
    return result


MESSAGE_CUSTOMER = action(
    "message_customer",
    sources=OPEN_STATUSES,
    target=None,
    roles={ASSIGNEE, Role.INTAKE_AGENT, Role.MANAGER},
    payload=MessagePayload,
    handler=_message,
    label=gettext_lazy("Message the customer"),
    help=gettext_lazy(
        "A request for documents (with a due date), a progress update or a message, from the template in the "
        "customer's language, by e-mail or read out on a call. It is kept as a letter and counts as a contact. "
        "A request for documents may pause the internal first-contact target until the customer answers; "
        "regulatory deadlines never pause for it."
    ),
    done=gettext_lazy("Message sent to the customer"),
)

SPECS = (MESSAGE_CUSTOMER,)
