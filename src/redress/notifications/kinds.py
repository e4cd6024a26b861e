"""The kinds of notification: each one's label, and for the hand-offs their message and default delivery.

A notification stores its kind and parameters, never a sentence: a hand-off's message is this table's, another
kind's is written by the app that sends it (`message_writer`: its words name that app's codes and records), in
the reader's language when it is read (the page, the API) or when its e-mail is written."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
# improvement actions): registered when that app is ready. A batch writer words a page of notifications of
# its kind at once (one read of what they name, not one a notification).
MessageWriter = Callable[[dict[str, Any]], str]
BatchWriter = Callable[[Sequence[dict[str, Any]]], list[str]]
_WRITERS: dict[str, MessageWriter] = {}
_BATCH_WRITERS: dict[str, BatchWriter] = {}
_MALFORMED = (KeyError, TypeError, ValueError)


def message_writer(kind: str, writer: MessageWriter) -> None:
    """Let `writer(params)` word the notifications of `kind` in the active language."""
    _WRITERS[kind] = writer


def batch_writer(kind: str, writer: BatchWriter) -> None:
    """Let `writer([params, ...])` word the notifications of `kind` in the active language, a batch at once."""
    _BATCH_WRITERS[kind] = writer


def message_text(kind: str, params: dict[str, Any] | None, stored: str) -> str:
    """A notification's words in the active language: the kind's message filled with `params`, or (a row
    written before its kind had parameters) the words it was stored with."""
    return message_texts([(kind, params, stored)])[0]


def message_texts(rows: Sequence[tuple[str, dict[str, Any] | None, str]]) -> list[str]:
    """The words of each (kind, params, stored words) as `message_text` gives them, each batch writer's kind
    worded in one call."""
    texts = [_fallback(params, stored) for _kind, params, stored in rows]
    batches: dict[str, list[int]] = {}
    for i, (kind, params, _stored) in enumerate(rows):
        if params is None:
            continue  # a row written before its kind had parameters keeps its words
        if kind in _BATCH_WRITERS:
            batches.setdefault(kind, []).append(i)
        else:
            texts[i] = _one(kind, params, texts[i])
    for kind, indices in batches.items():
        writer = _BATCH_WRITERS[kind]
        try:
            worded = writer([rows[i][1] or {} for i in indices])
        except _MALFORMED:
            worded = [_one_of_batch(writer, rows[i][1] or {}, texts[i]) for i in indices]
        for i, text in zip(indices, worded, strict=True):
            texts[i] = text
    return texts


def _fallback(params: dict[str, Any] | None, stored: str) -> str:
    return stored or (str(params.get("reference", "")) if params is not None else "")


def _one(kind: str, params: dict[str, Any], fallback: str) -> str:
    handoff = HANDOFFS.get(kind)
    try:
        if handoff is not None:
            return str(handoff.message) % params
        writer = _WRITERS.get(kind)
        if writer is not None:
            return writer(params)
    except _MALFORMED:
        pass
    return fallback


def _one_of_batch(writer: BatchWriter, params: dict[str, Any], fallback: str) -> str:
    """A batch that failed, worded one by one: a malformed row keeps its fallback, not the others'."""
    try:
        return writer([params])[0]
    except _MALFORMED:
        return fallback
