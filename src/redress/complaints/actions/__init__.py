"""The actions on a complaint: one spec per action, beside its handler; the table is made of them.

Add an action: declare it with `action(...)` in the module of its group (states, roles,
guards, payload serializer, handler, label, help, timeline words, place on the page, clock
trigger), next to its handler, and put it in the `register(...)` call below at the place its
button should take. The state table (`workflow`), `complaint_act`, the page's buttons and
forms and the API all read it from there. An app above complaints registers its own actions
from its `AppConfig.ready()` (surveys: `record_follow_up`).
"""

from __future__ import annotations

from redress.complaints.actions import (
    conversation,
    deciding,
    ending,
    enquiry,
    investigating,
    receiving,
    records,
    resolving,
)
from redress.complaints.actions.spec import (
    ActionSpec,
    Handler,
    Payload,
    Place,
    UnknownAction,
    action,
    find_spec,
    payloads,
    register,
    spec_for,
    specs,
)

__all__ = [
    "ActionSpec",
    "Handler",
    "Payload",
    "Place",
    "UnknownAction",
    "action",
    "find_spec",
    "payloads",
    "register",
    "spec_for",
    "specs",
]

register(
    *receiving.SPECS,  # triage, decline, merge, assign
    investigating.START_INVESTIGATION,
    investigating.HOLD,
    investigating.RESUME,
    resolving.PROPOSE_RESOLUTION,
    resolving.APPROVE_RESOLUTION,
    resolving.REJECT_RESOLUTION,
    resolving.REVISE_RESOLUTION,
    *deciding.SPECS,  # notify_customer, resolve_summarily, retry_letter
    *ending.SPECS,  # record_satisfaction, request_review, close, archive, withdraw
    *enquiry.SPECS,  # convert_to_enquiry, reopen_as_complaint
    records.ADD_NOTE,
    records.LOG_CONTACT,
    conversation.MESSAGE_CUSTOMER,
    records.ADD_EVIDENCE,
    investigating.EXTEND_DEADLINE,
    investigating.CLASSIFY,
    resolving.RECORD_PAYMENT,
    records.EXPORT,
    records.REVEAL_PII,
)
