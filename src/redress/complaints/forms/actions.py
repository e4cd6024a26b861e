"""The form of each action the page offers: made from its payload, a few written out."""

from __future__ import annotations

from functools import cache
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label
from redress.codes.selectors import product_for_cfpb
from redress.complaints.actions import Place, find_spec, spec_for
from redress.complaints.choices import Status
from redress.complaints.forms.base import ActionForm, form_field
from redress.complaints.forms.resolution import ProposeResolutionForm, ReviseResolutionForm
from redress.complaints.models import Complaint
from redress.complaints.selectors import decision_letter_draft, review_candidates
from redress.triage.selectors import flag_choices, suggestion_for

# Where the page has a form for the action: the actions column, or next to what it acts on.
_PAGE_FORMS = (Place.COLUMN, Place.NOTES, Place.INLINE)


class AssignForm(ActionForm):
    action = "assign"
    assignee = forms.CharField(label=_("Assignee"), required=False, widget=forms.Select(attrs={"required": True}))
    department = forms.CharField(
        label=_("Department"),
        required=False,
        help_text=_("Leave empty for the assignee's own department."),
        widget=forms.Select(),
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        people = (
            User.objects.filter(is_active=True, role__in=[Role.HANDLER, Role.MANAGER])
            .exclude(pk=complaint.named_staff_id or 0)
            .select_related("department")
            .order_by("department__code", "role", "username")
        )
        if complaint.status == Status.REVIEW_REQUESTED:  # someone other than the first handler, more senior
            people = review_candidates(complaint)
            self.fields["assignee"].help_text = _("A review goes to someone more senior than the first handler.")
        choices: list[tuple[str, str]] = [("", str(_("— choose —")))]
        today = timezone.localdate()
        for person in people:
            where = department_label(person.department)
            role = person.get_role_display()
            name = person.get_full_name() or person.username
            # Away today: still offered (staff decide), but said.
            until = person.away_until if person.is_away(today) else None
            away = _("away until %(day)s") % {"day": until.isoformat()} if until else ""
            choices.append(
                (
                    person.username,
                    f"{name} ({person.username}) · {role}"
                    + (f" · {where}" if where else "")
                    + (f" · {away}" if away else ""),
                )
            )
        assignee_widget = self.fields["assignee"].widget
        assert isinstance(assignee_widget, forms.Select)
        assignee_widget.choices = choices
        if complaint.assignee_id and complaint.assignee:
            self.fields["assignee"].initial = complaint.assignee.username
        department_widget = self.fields["department"].widget
        assert isinstance(department_widget, forms.Select)
        department_widget.choices = [("", "—")] + [
            (d.code, department_label(d)) for d in Department.objects.order_by("code")
        ]


class TriageForm(ActionForm):
    action = "triage"

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        # Pre-filled with what staff set before, else with the first assessment's suggestion.
        suggested = suggestion_for(complaint)
        self.fields["product"].initial = complaint.product or (
            product_for_cfpb(suggested.product) if suggested and suggested.product else ""
        )
        self.fields["reason"].initial = complaint.reason or (suggested.reason if suggested else "")
        self.fields["business"].initial = complaint.business or (suggested.business if suggested else "")
        self.fields["urgent"].initial = complaint.urgent or bool(suggested and suggested.urgent)
        if complaint.is_complaint is not None or suggested is not None:
            self.fields["is_complaint"].initial = (
                complaint.is_complaint if complaint.is_complaint is not None else suggested and suggested.is_complaint
            )
        self.fields["is_complaint"].help_text = _("Untick when this is an enquiry or a request, not a complaint.")
        # The complaint's flags: the first assessment's until staff decide here.
        flags = self.fields["flags"]
        assert isinstance(flags, forms.MultipleChoiceField)
        flags.choices = flag_choices()
        flags.initial = list(complaint.flags or [])
        flags.help_text = _("Tick every flag that applies; a complaint with a flag is usually urgent.")


class NotifyForm(ActionForm):
    action = "notify_customer"

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["channel"].initial = "email" if complaint.customer_email else "phone"
        self.fields["letter"].widget.attrs["rows"] = 18
        self.fields["call_summary"].help_text = _("When you told the customer by phone: what was said.")
        draft, problem = decision_letter_draft(complaint)
        if draft is not None:
            self.fields["letter"].initial = draft.body
            self.fields["letter"].help_text = _(
                "The draft from the template: edit it as needed. The reference, the outcome and the remedies "
                "the rules require must stay in."
            )
        else:
            self.fields["letter"].help_text = problem


_SPECIAL: dict[str, type[ActionForm]] = {
    "assign": AssignForm,
    "propose_resolution": ProposeResolutionForm,
    "revise_resolution": ReviseResolutionForm,
    "triage": TriageForm,
    "notify_customer": NotifyForm,
}


@cache
def action_form_class(action: str) -> type[ActionForm]:
    """The form class of an action, made from its payload serializer (a few are written out)."""
    base = _SPECIAL.get(action, ActionForm)
    if action in _SPECIAL and action not in ("triage", "notify_customer"):
        return base
    payload = spec_for(action).payload
    assert payload is not None  # has_action_form
    fields = {name: form_field(name, field) for name, field in payload().fields.items()}
    attrs: dict[str, Any] = {"action": action, "__module__": __name__, **fields}
    return type(f"{action.title().replace('_', '')}Form", (base,), attrs)


def action_form(action: str, complaint: Complaint, data: Any = None) -> ActionForm:
    return action_form_class(action)(data, complaint=complaint)


def has_action_form(action: str) -> bool:
    """Whether the page has a form for the action (the others: a form of their own, or the API only)."""
    spec = find_spec(action)
    return spec is not None and spec.payload is not None and spec.place in _PAGE_FORMS


# The actions with a form of their own on the page (`Place.OWN_FORM`).


class RevealForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for revealing"),
        max_length=4000,
        help_text=_("Recorded on the timeline. Only the data of this page is shown, once."),
        widget=forms.TextInput(attrs={"placeholder": _("e.g. calling the customer back")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reveal")
        super().__init__(*args, **kwargs)


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("File"))
    description = forms.CharField(label=_("Description"), required=False, max_length=500)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "evidence")
        super().__init__(*args, **kwargs)
