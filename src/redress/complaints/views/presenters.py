"""What the complaint page shows, made readable: customer data, the timeline, letters."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db.models import TextChoices
from django.utils import formats, timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label, person
from redress.audit.chain import ERASED
from redress.audit.models import Event
from redress.codes import selectors as codes
from redress.complaints.actions import find_spec
from redress.complaints.actions.conversation import MessageKind
from redress.complaints.choices import (
    Channel,
    ContactChannel,
    Jurisdiction,
    Outcome,
    RedressType,
    Satisfaction,
    Status,
    TrackingCodeBy,
)
from redress.complaints.models import Complaint
from redress.complaints.payloads import CALL_OUTCOMES
from redress.complaints.views.labels import DIRECTION_CHOICES, EVENT_LABELS, FIELD_LABELS
from redress.core.presenters import choice_label, words_list
from redress.correspondence.context import format_money
from redress.correspondence.models import Letter, LetterKind
from redress.correspondence.selectors import Delivery, complaint_letters, letter_delivery
from redress.deadlines.models import ClockKind, PauseReason
from redress.privacy.masking import TextMask, customer_data, mask_letter_text
from redress.triage.selectors import flag_labels

# Event data shown as paragraphs of text, not as a short value.
_TEXT_KEYS = ("reason", "note", "text", "summary", "comment", "call_summary")
# Event data that is internal bookkeeping (ids of rows shown elsewhere on the page).
_HIDDEN_KEYS = frozenset({"from", "to", "letter", "evidence"})
# Event data holding flag codes (the triage's), shown by the flags' labels.
_FLAG_KEYS = frozenset({"flags", "flags_added", "flags_removed"})
# Event data naming staff by username, shown with their names.
_PEOPLE_KEYS = ("assignee", "previous")
_CHOICES: dict[str, type[TextChoices]] = {
    "outcome": Outcome,
    "result": Satisfaction,
    "jurisdiction": Jurisdiction,
    "type": RedressType,
    "pause_reason": PauseReason,
    "clock": ClockKind,
    "approved_as": Role,
    "message_kind": MessageKind,
    "tracking_code": TrackingCodeBy,
    "kind": LetterKind,
}
_CUSTOMER_FIELDS = {
    "name": _("Customer name"),
    "id_number": _("ID number"),
    "phone": _("Phone"),
    "email": _("Email"),
    "address": _("Address"),
}


def status_label(value: Any) -> str:
    return choice_label(Status, value)


def role_label(role: str | None) -> str:
    return choice_label(Role, role) if role else ""


@dataclass(frozen=True)
class CustomerField:
    key: str
    label: str
    value: str


def customer_fields(complaint: Complaint, *, unmasked: bool) -> list[CustomerField]:
    raw = customer_data(complaint, unmasked=unmasked)
    return [CustomerField(key, str(label), raw[key]) for key, label in _CUSTOMER_FIELDS.items()]


# --- The timeline ----------------------------------------------------------------------


@dataclass
class Detail:
    label: str
    value: str = ""
    items: list[str] = field(default_factory=list)
    long: bool = False


@dataclass
class TimelineEntry:
    seq: int
    kind: str
    label: str
    who: str
    who_role: str
    at: datetime
    from_label: str = ""
    to_label: str = ""
    details: list[Detail] = field(default_factory=list)


def _yes_no(value: bool) -> str:
    return gettext("Yes") if value else gettext("No")


_CODE_KEYS = ("business", "product", "reason", "root_cause")


def _code_label(key: str, value: Any) -> str | None:
    """A code of the code tables in words (None: not a code; a `reason` may be a sentence someone wrote)."""
    if key in _CODE_KEYS and isinstance(value, str) and codes.entry(key, value) is not None:
        return codes.label(key, value)
    return None


def _value(key: str, value: Any, kind: str) -> str:
    if isinstance(value, bool):
        return _yes_no(value)
    if value is None or value == "":
        return "—"
    if (label := _code_label(key, value)) is not None:
        return label
    if key == "channel":
        choices: type[TextChoices] = ContactChannel if kind == "log_contact" else Channel
        return choice_label(choices, value)
    if key == "direction":
        return str(dict(DIRECTION_CHOICES).get(value, value))
    if key == "call_outcome":
        return str(dict(CALL_OUTCOMES).get(value, value))
    if key in _CHOICES:
        return choice_label(_CHOICES[key], value)
    if key.endswith("_at") and isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is not None:
            return formats.date_format(timezone.localtime(parsed), "Y-m-d H:i")
    if key == "fields" and isinstance(value, list):
        return words_list(_CUSTOMER_FIELDS.get(v, v) for v in value) if value else "—"
    return str(value)


def _listed(value: Any) -> str:
    """A list of clock kinds (or other codes) as words."""
    if isinstance(value, list):
        return words_list(choice_label(ClockKind, v) if isinstance(v, str) else v for v in value) or "—"
    return str(value)


def _pairs(value: dict[str, Any], kind: str) -> list[str]:
    return [
        f"{FIELD_LABELS.get(k, k.replace('_', ' '))}: " + _pair_value(k, v, kind)
        for k, v in value.items()
        if k not in _HIDDEN_KEYS and v not in (None, [], "")
    ]


def _flags_text(value: list[Any]) -> str:
    return words_list(flag_labels([str(v) for v in value])) or "—"


def _names_text(value: list[Any]) -> str:
    """Names of event data keys (the labels a `triage` changed) in words."""
    return words_list(FIELD_LABELS.get(str(v), v) for v in value) or "—"


def _pair_value(key: str, value: Any, kind: str) -> str:
    if value == ERASED:  # the retention purge or an erasure request took it out
        return gettext("[erased]")
    if key in _FLAG_KEYS and isinstance(value, list):
        return _flags_text(value)
    if key in _CODE_KEYS and isinstance(value, list):  # a change of a code: [before, after]
        return " → ".join(_value(key, v, kind) for v in value)
    return _listed(value) if isinstance(value, list) else _value(key, value, kind)


def _items(key: str, value: list[Any]) -> list[str]:
    lines: list[str] = []
    for item in value:
        if isinstance(item, dict) and key == "redress":
            line = choice_label(RedressType, item.get("type", ""))
            if item.get("amount") not in (None, "", "0", "0.00"):
                line += ": " + _money(item.get("amount"), str(item.get("currency", "")))
            if item.get("description"):
                line += f" ({item['description']})"
            lines.append(line)
        elif isinstance(item, dict):
            lines.append(", ".join(f"{FIELD_LABELS.get(k, k)}: {v}" for k, v in item.items()))
        else:
            lines.append(str(item))
    return lines


def _money(amount: Any, currency: str) -> str:
    try:
        return format_money(Decimal(str(amount)), currency, get_language() or "en")
    except (InvalidOperation, ValueError):
        return f"{amount} {currency}"


def event_details(kind: str, data: dict[str, Any]) -> list[Detail]:
    details: list[Detail] = []
    for key in _TEXT_KEYS:
        if data.get(key):
            code = _code_label(key, data[key])
            label = codes.table_label(key) if code is not None else str(FIELD_LABELS.get(key, key))
            details.append(Detail(label, code if code is not None else str(data[key]), long=code is None))
    for key, value in data.items():
        if key in _HIDDEN_KEYS or key in _TEXT_KEYS:
            continue
        label = str(FIELD_LABELS.get(key, key.replace("_", " ")))
        if key in _FLAG_KEYS and isinstance(value, list):
            details.append(Detail(label, _flags_text(value)))
            continue
        if key == "changed" and isinstance(value, list):
            details.append(Detail(label, _names_text(value)))
            continue
        if isinstance(value, list) and key != "fields":
            if value:
                details.append(Detail(label, items=_items(key, value)))
            continue
        if isinstance(value, dict):
            details.append(Detail(label, items=_pairs(value, kind)))
            continue
        if value is None or value == "":
            continue
        details.append(Detail(label, _value(key, value, kind)))
    return details


def event_label(kind: str) -> str:
    """The timeline's words for an event: an action's from its spec, the others from `EVENT_LABELS`."""
    spec = find_spec(kind)
    if spec is not None:
        return str(spec.done)
    return str(EVENT_LABELS.get(kind, kind.replace("_", " ").capitalize()))


def _names(events: list[Event]) -> dict[tuple[str, str], str]:
    """Readable names for the usernames and department codes in the events (two queries at most)."""
    usernames = {str(e.data[k]) for e in events if isinstance(e.data, dict) for k in _PEOPLE_KEYS if e.data.get(k)}
    codes = {str(e.data["department"]) for e in events if isinstance(e.data, dict) and e.data.get("department")}
    names: dict[tuple[str, str], str] = {}
    if usernames:
        for user in User.objects.filter(username__in=usernames):
            names[("user", user.username)] = person(user)
    if codes:
        for department in Department.objects.filter(code__in=codes):
            names[("department", department.code)] = department_label(department)
    return names


def timeline(events: Iterable[Event], mask: TextMask | None = None) -> list[TimelineEntry]:
    """The events in words; `mask`: the personal data in their texts and values masked (notes, messages, file
    names), before staff usernames become names."""
    events = list(events)
    names = _names(events)
    entries = []
    for e in events:
        data = e.data if isinstance(e.data, dict) else {}
        data = mask.data(data) if mask is not None else data
        data = {
            k: names.get(("user", str(v)), v)
            if k in _PEOPLE_KEYS
            else names.get(("department", str(v)), v)
            if k == "department"
            else v
            for k, v in data.items()
        }
        if e.actor is not None:
            who, who_role = person(e.actor), role_label(e.actor.role)
        else:
            who, who_role = (
                (gettext("Customer") if e.actor_kind == "customer" else gettext("System")),
                "",
            )
        entries.append(
            TimelineEntry(
                seq=e.seq,
                kind=e.kind,
                label=event_label(e.kind),
                who=who,
                who_role=who_role,
                at=e.created_at,
                from_label=status_label(data["from"]) if data.get("from") else "",
                to_label=status_label(data["to"]) if data.get("to") else "",
                details=event_details(e.kind, data),
            )
        )
    return entries


# --- Letters -----------------------------------------------------------------------------


@dataclass
class LetterView:
    letter: Letter
    subject: str
    body: str
    masked: bool
    delivery: Delivery | None = None


def letters(complaint: Complaint, *, unmasked: bool) -> list[LetterView]:
    """The letters, with their email delivery: pending (and the last failed attempt) or failed, and why."""
    return [
        LetterView(
            letter,
            letter.subject if unmasked else mask_letter_text(letter.subject, complaint),
            letter.body if unmasked else mask_letter_text(letter.body, complaint),
            not unmasked,
            letter_delivery(letter),
        )
        for letter in complaint_letters(complaint)
    ]
