"""Actions that only record: notes, contacts, evidence, an export, a reveal of the personal data."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from redress.accounts.models import Role
from redress.complaints.actions.spec import Place, action
from redress.complaints.choices import OPEN_STATUSES
from redress.complaints.models import Complaint
from redress.complaints.payloads import ContactPayload, NotePayload, ReasonPayload
from redress.complaints.workflow import ALL, ASSIGNEE, CUSTOMER, NOT_ARCHIVED, Actor, Subject
from redress.deadlines.models import Trigger


def _note(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"text": data["text"]}


ADD_NOTE = action(
    "add_note",
    sources=NOT_ARCHIVED,
    target=None,
    roles={ASSIGNEE, Role.INTAKE_AGENT, Role.HANDLER, Role.APPROVER, Role.MANAGER, Role.COMPLIANCE},
    payload=NotePayload,
    handler=_note,
    label=gettext_lazy("Add note"),
    help=gettext_lazy("An internal note on the timeline; the customer does not see it."),
    done=gettext_lazy("Note added"),
    place=Place.NOTES,
)


def _contact(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"channel": data["channel"], "direction": data["direction"], "summary": data["summary"]}


LOG_CONTACT = action(
    "log_contact",
    sources=NOT_ARCHIVED,
    target=None,
    roles={ASSIGNEE, Role.INTAKE_AGENT, Role.MANAGER},
    payload=ContactPayload,
    handler=_contact,
    label=gettext_lazy("Log contact"),
    help=gettext_lazy("Record a call, email, visit or letter with the customer."),
    done=gettext_lazy("Contact logged"),
    place=Place.NOTES,
    clock_trigger=Trigger.CONTACTED,
)

# The upload is taken by `services.evidence.evidence_add` (a file, not a payload), which checks this row.
ADD_EVIDENCE = action(
    "add_evidence",
    sources=OPEN_STATUSES,
    target=None,
    roles={ASSIGNEE, CUSTOMER, Role.INTAKE_AGENT, Role.MANAGER},
    payload=None,
    handler=None,
    label=gettext_lazy("Add evidence"),
    help=gettext_lazy("Attach a file to the complaint; its digest goes on the timeline."),
    done=gettext_lazy("Evidence added"),
    place=Place.OWN_FORM,
)


def _export(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"reason": data.get("reason", "")}


EXPORT = action(
    "export",
    sources=ALL,
    target=None,
    roles={Role.MANAGER, Role.COMPLIANCE, Role.AUDITOR},
    payload=ReasonPayload,
    handler=_export,
    label=gettext_lazy("Export the record"),
    help=gettext_lazy("Download the whole record (ZIP)"),
    done=gettext_lazy("Record exported"),
    place=Place.API,
)


def _reveal(c: Complaint, actor: Actor, data: dict[str, Any], subject: Subject) -> dict[str, Any]:
    return {"reason": data.get("reason", ""), "fields": ["name", "id_number", "phone", "email", "address"]}


REVEAL_PII = action(
    "reveal_pii",
    sources=ALL,
    target=None,
    roles={ASSIGNEE, Role.INTAKE_AGENT, Role.MANAGER, Role.COMPLIANCE, Role.AUDITOR},
    payload=ReasonPayload,
    handler=_reveal,
    label=gettext_lazy("Reveal personal data"),
    help=gettext_lazy("Recorded on the timeline. Only the data of this page is shown, once."),
    done=gettext_lazy("Personal data revealed"),
    place=Place.OWN_FORM,
)

SPECS = (ADD_NOTE, LOG_CONTACT, ADD_EVIDENCE, EXPORT, REVEAL_PII)
