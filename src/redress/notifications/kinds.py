"""The kinds of notification: each one's label, and for the hand-offs their message and default delivery.

A notification stores its kind and parameters, never a sentence: a hand-off's message is this table's, another
kind's is written by the app that sends it (`message_writer`: its words name that app's codes and records), in
the reader's language when it is read (the page, the API) or when its e-mail is written."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Handoff:
    label: Promise  # what the kind is called (the list's badge, the preferences page)
    message: Promise  # %(reference)s and the kind's other parameters
    email: bool  # whether an e-mail is sent unless the person says otherwise (in the app: always, by default)


# The hand-offs, in the order the preferences page lists them.
HANDOFFS: dict[str, Handoff] = {
    "assigned": Handoff(_("Complaint assigned to you"), _("%(reference)s was assigned to you."), True),
    "plan_awaiting_approval": Handoff(
        _("Plan awaiting your approval"),
        _("%(reference)s: a resolution plan of %(total)s %(currency)s awaits your approval."),
        True,
    ),
    "plan_approved": Handoff(_("Plan approved"), _("%(reference)s: your resolution plan was approved."), False),
    "plan_rejected": Handoff(
        _("Plan rejected"),
        _("%(reference)s: your resolution plan was sent back; the reason is on the complaint's timeline."),
        False,
    ),
    "customer_replied": Handoff(_("Customer replied"), _("%(reference)s: the customer wrote back."), False),
    "review_requested": Handoff(
        _("Review requested"),
        _("%(reference)s: the customer asked for a review; assign someone more senior."),
        False,
    ),
    "followup_due": Handoff(
        _("Follow-up visit due"), _("%(reference)s: the follow-up visit is due on %(due)s."), False
    ),
}

# Every kind's label, hand-offs and the rest alike: no code is ever shown.
KIND_LABELS: dict[str, Promise] = {
    "deadline_warning": _("Deadline approaching"),
    "deadline_breached": _("Deadline passed"),
    "spike_alert": _("Complaint spike"),
    "urgent_complaint": _("Urgent complaint"),
    "improvement_owner": _("Improvement action for you"),
    "improvement_reminder": _("Improvement actions due"),
    **{kind: handoff.label for kind, handoff in HANDOFFS.items()},
}


def kind_label(kind: str) -> str:
    """The kind's name in the active language (an unknown kind: a generic word, never its code)."""
    label = KIND_LABELS.get(kind)
    return str(label) if label is not None else str(_("Notification"))


# The kinds whose words the sending app writes from their parameters (spike alerts, urgent complaints,
# improvement actions): registered when that app is ready.
MessageWriter = Callable[[dict[str, Any]], str]
_WRITERS: dict[str, MessageWriter] = {}


def message_writer(kind: str, writer: MessageWriter) -> None:
    """Let `writer(params)` word the notifications of `kind` in the active language."""
    _WRITERS[kind] = writer


def message_text(kind: str, params: dict[str, Any] | None, stored: str) -> str:
    """A notification's words in the active language: the kind's message filled with `params`, or (a row
    written before its kind had parameters) the words it was stored with."""
    if params is None:
        return stored
    handoff = HANDOFFS.get(kind)
    try:
        if handoff is not None:
            return str(handoff.message) % params
        writer = _WRITERS.get(kind)
        if writer is not None:
            return writer(params)
    except (KeyError, TypeError, ValueError):
        pass
    return stored or str(params.get("reference", ""))
