"""Forms of the staff pages: the queue's filter, the action forms, the registration by staff."""

from redress.complaints.forms.actions import (
    AssignForm,
    EvidenceForm,
    NotifyForm,
    RevealForm,
    TriageForm,
    action_form,
    action_form_class,
    has_action_form,
)
from redress.complaints.forms.base import ActionForm, field_label, form_field, messages_of
from redress.complaints.forms.queue import (
    STATUS_ALL,
    STATUS_OPEN,
    BulkForm,
    QueueFilterForm,
    SavedViewEditForm,
    SavedViewForm,
)
from redress.complaints.forms.registration import PHONE_PATTERN, LocalDateTimeField, RegisterForm
from redress.complaints.forms.resolution import REDRESS_ROWS, ProposeResolutionForm, ReviseResolutionForm

__all__ = [
    "PHONE_PATTERN",
    "REDRESS_ROWS",
    "STATUS_ALL",
    "STATUS_OPEN",
    "ActionForm",
    "AssignForm",
    "BulkForm",
    "EvidenceForm",
    "LocalDateTimeField",
    "NotifyForm",
    "ProposeResolutionForm",
    "QueueFilterForm",
    "RegisterForm",
    "RevealForm",
    "ReviseResolutionForm",
    "SavedViewEditForm",
    "SavedViewForm",
    "TriageForm",
    "action_form",
    "action_form_class",
    "field_label",
    "form_field",
    "has_action_form",
    "messages_of",
]
