"""Words the staff pages show for codes: timeline events, event data, refusals.

An action's words (button, help, timeline entry) are in its spec (`redress.complaints.actions`).
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from redress.triage.selectors import FLAGS_LABEL

# Timeline entries (what happened) other than actions (an action's are in its spec: `done`).
EVENT_LABELS: dict[str, Promise] = {
    "registered": _("Complaint registered"),
    "merged_in": _("Another complaint merged in"),
    "customer_message": _("Message from the customer"),
    "survey_sent": _("Satisfaction survey sent"),
    "survey_answered": _("Survey answered (after the complaint had moved on)"),
    "imported": _("Imported from an earlier record"),
    "legal_hold_set": _("Put on legal hold"),
    "legal_hold_cleared": _("Legal hold cleared"),
    "erasure_requested": _("The customer asked for their personal data to be erased"),
    "erasure_approved": _("Erasure request approved"),
    "erasure_rejected": _("Erasure request rejected"),
    "erased": _("Personal data erased"),
    "deadline_warning": _("Deadline approaching"),
    "deadline_breached": _("Deadline passed"),
}

# Keys of an event's data, and of the action forms' fields.
FIELD_LABELS: dict[str, Promise] = {
    "reason": _("Reason"),
    "why": _("Why"),
    "counts": _("What was erased"),
    "through_seq": _("Up to timeline entry"),
    "note": _("Note"),
    "text": _("Note"),
    "summary": _("Summary"),
    "channel": _("Channel"),
    "direction": _("Direction"),
    "business": _("Business line"),
    "root_cause": _("Root cause"),
    "changes": _("Changes"),
    "product": _("Product"),
    "urgent": _("Urgent"),
    "is_complaint": _("Is a complaint"),
    "flags": FLAGS_LABEL,
    "flags_added": _("Flags added"),
    "flags_removed": _("Flags removed"),
    "suggested": _("First assessment (suggested)"),
    "suggestion_changed": _("Staff corrected the suggestion"),
    "changed": _("Labels staff changed"),
    "confidence": _("Confidence"),
    "model_version": capfirst(_("model version")),
    "into": _("Merge into (reference)"),
    "from_complaint": _("Merged from"),
    "assignee": _("Assignee"),
    "previous": _("Previous assignee"),
    "department": _("Department"),
    "outcome": _("Outcome"),
    "letter": _("Letter"),
    "call_summary": _("Call summary"),
    "call_outcome": _("Call outcome"),
    "kind": _("Letter kind"),
    "last_error": _("Last delivery error"),
    "result": _("Result"),
    "score": _("Score (1–5)"),
    "comment": _("Comment"),
    "improvements": _("Improvement actions"),
    "redress": _("Redress"),
    "type": _("Type"),
    "amount": _("Amount"),
    "currency": _("Currency"),
    "description": _("Description"),
    "plan": _("Plan version"),
    "total": _("Total"),
    "approvals": _("Approvals"),
    "approvals_required": _("Approvals required"),
    "compliance_required": _("Compliance approval required"),
    "received_at": _("Received at"),
    "replaces": _("Replaces plan version"),
    "voided_approvals": _("Approvals made void"),
    "previous_handler": _("Handler before the review"),
    "task": _("Follow-up task"),
    "reached": _("Customer reached"),
    "satisfied": _("Satisfied"),
    "jurisdiction": _("Jurisdiction"),
    "fields": _("Fields"),
    "name": _("File"),
    "size": _("Size (bytes)"),
    "sha256": _("SHA-256"),
    "evidence": _("Evidence"),
    "file": _("File"),
    "pause_reason": _("Pause reason"),
    "acknowledgement": _("Acknowledgement"),
    "clocks": _("Deadlines"),
    "clock": _("Deadline"),
    "started": _("Started"),
    "met": _("Met"),
    "paused": _("Paused"),
    "resumed": _("Resumed"),
    "stopped": _("Stopped"),
    "step": _("Extension step"),
    "from_due_at": _("Due before"),
    "due_at": _("Due now"),
    "follow_up_due_on": _("Follow-up visit due on"),
    "survey": _("Satisfaction survey"),
    "approved_as": _("Approved as"),
    "source": _("Imported from"),
    "complaint_id": _("CFPB complaint ID"),
    "item": _("Redress item"),
    "payment_reference": _("Payment reference"),
    "paid_on": _("Paid on"),
    "improvement_actions": _("Improvement actions"),
}

# The refusals of the state table and the services, by their stable code.
ERROR_MESSAGES: dict[str, Promise] = {
    "role": _("Your role may not take this action on this complaint."),
    "invalid_state": _("This action is not possible in the complaint's current state. The page shows what it is now."),
    "recused": _("You are named in this complaint and may not handle or approve it."),
    "maker_checker": _("The person who proposed a resolution may not decide on it."),
    "already_approved": _("You have already approved this resolution."),
    "approval_limit": _("Your approval limit does not cover the redress total of this resolution."),
    "compliance_required": _("This resolution needs an approval from compliance."),
    "review_window_closed": _("The window for requesting a review has closed."),
    "review_window_open": _("The complaint can be archived once the review window has closed."),
    "summary_window_closed": _(
        "A summary resolution is for UK complaints resolved by the end of the third business day after receipt."
    ),
    "letter_incomplete": _("The letter lacks an element the rules require; the form says which."),
    "letter_not_failed": _("Only a letter whose email delivery failed can be sent again."),
    "idempotency_key_reused": _("This form was already submitted with other content. Reload the page and try again."),
    "file_too_large": _("The file is too large."),
    "file_type": _("Files of this type are not accepted."),
    "no_extension": _("No deadline of this complaint can be extended further."),
    "extension_role": _("Another role must approve this extension."),
    "invalid": _("Please correct the errors below."),
}

DIRECTION_CHOICES = [
    ("out", _("Outbound (we contacted the customer)")),
    ("in", _("Inbound (the customer contacted us)")),
]
