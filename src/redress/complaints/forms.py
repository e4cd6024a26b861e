"""Forms of the staff pages.

The action forms only render and convert: the payload serializers (each action's spec names
its own; `complaint_act` runs it) are the one validation for the pages and the API alike, and
their errors are put back on the fields here. Their fields are made from those serializers,
so a field added to a payload shows up on the page.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from functools import cache
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from redress.accounts.models import Department, Role, User
from redress.complaints.actions import Place, find_spec, spec_for
from redress.complaints.choices import Channel, Jurisdiction, Language, RedressType, Status
from redress.complaints.models import Complaint
from redress.complaints.selectors import current_plan, review_candidates
from redress.complaints.views.labels import DIRECTION_CHOICES, FIELD_LABELS
from redress.complaints.views.presenters import department_label
from redress.correspondence.services import decision_letter_draft
from redress.triage.selectors import suggestion_for

# Free-text fields longer than this get a multi-line box.
_TEXTAREA_FROM = 1000
REDRESS_ROWS = 5
# Where the page has a form for the action: the actions column, or next to what it acts on.
_PAGE_FORMS = (Place.COLUMN, Place.NOTES, Place.INLINE)


def messages_of(value: Any) -> list[str]:
    """Every message in a (possibly nested) error structure of a serializer, flattened."""
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [m for v in value.values() for m in messages_of(v)]
    if isinstance(value, list | tuple):
        return [m for v in value for m in messages_of(v)]
    return [str(value)]


# --- The queue -------------------------------------------------------------------------

STATUS_OPEN = ""
STATUS_ALL = "all"


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Reference or words in the complaint")}),
    )
    customer = forms.CharField(
        label=_("Customer"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Exact phone, email or ID number")}),
    )
    # Marks a submitted filter, so that an unticked "assigned to me" stays unticked.
    f = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [
            (STATUS_OPEN, _("All open")),
            (STATUS_ALL, _("All, including closed")),
            *Status.choices,
        ]

    def selector_filters(self) -> dict[str, Any]:
        """The filters of `selectors.complaint_list`."""
        # A field that does not validate (an unknown status) is left out; the others apply.
        data = getattr(self, "cleaned_data", {}) if self.is_bound and not self.is_valid() else {}
        if self.is_bound and self.is_valid():
            data = self.cleaned_data
        filters: dict[str, Any] = {}
        status = data.get("status", STATUS_OPEN)
        if status == STATUS_OPEN:
            filters["open"] = "1"
        elif status != STATUS_ALL:
            filters["status"] = status
        if data.get("mine"):
            filters["assignee"] = "me"
        for name in ("q", "customer"):
            if data.get(name):
                filters[name] = data[name]
        return filters


# --- Action forms ------------------------------------------------------------------------


def _label(name: str) -> Any:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _default(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    return None if field.default is empty or callable(field.default) else field.default


def _form_field(name: str, field: serializers.Field[Any, Any, Any, Any]) -> forms.Field:
    """A page field for a payload field. Server-side it only converts: the serializer validates."""
    attrs: dict[str, Any] = {"required": True} if field.required else {}
    label = _label(name)
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(label=label, required=False, initial=_default(field))
    if isinstance(field, serializers.ChoiceField):
        choices: list[tuple[str, Any]] = DIRECTION_CHOICES if name == "direction" else list(field.choices.items())
        if _default(field) in (None, ""):
            choices = [("", _("— choose —") if field.required else "—"), *choices]
        return forms.CharField(
            label=label,
            required=False,
            help_text=field.help_text or "",
            initial=_default(field),
            widget=forms.Select(choices=choices, attrs=attrs),
        )
    if isinstance(field, serializers.IntegerField):
        if field.min_value is not None:
            attrs["min"] = field.min_value
        if field.max_value is not None:
            attrs["max"] = field.max_value
        return forms.CharField(label=label, required=False, widget=forms.NumberInput(attrs=attrs))
    if isinstance(field, serializers.DecimalField):
        return forms.CharField(
            label=label,
            required=False,
            widget=forms.TextInput(attrs={**attrs, "inputmode": "decimal"}),
        )
    if isinstance(field, serializers.ListField):
        return forms.CharField(
            label=label,
            required=False,
            help_text=_("One per line."),
            widget=forms.Textarea(attrs={"rows": 3}),
        )
    max_length = getattr(field, "max_length", None)
    if max_length is None or max_length > _TEXTAREA_FROM:
        return forms.CharField(label=label, required=False, widget=forms.Textarea(attrs={**attrs, "rows": 3}))
    return forms.CharField(
        label=label,
        required=False,
        widget=forms.TextInput(attrs={**attrs, "maxlength": max_length}),
    )


class ActionForm(forms.Form):
    """The form of one action; `prefix` is the action's name, so many can share a page."""

    action: ClassVar[str] = ""

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.complaint = complaint

    @classmethod
    def payload_fields(cls) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        payload = spec_for(cls.action).payload
        assert payload is not None  # the page has forms for the actions `complaint_act` takes only
        return dict(payload().fields)

    def to_payload(self) -> dict[str, Any]:
        """The body `complaint_act` takes: empty optional fields are left out, so defaults apply."""
        payload: dict[str, Any] = {}
        for name, field in self.payload_fields().items():
            if name not in self.fields:
                continue
            value = self.cleaned_data.get(name)
            if isinstance(field, serializers.BooleanField):
                payload[name] = bool(value)
            elif isinstance(field, serializers.ListField):
                payload[name] = [line.strip() for line in str(value or "").splitlines() if line.strip()]
            else:
                text = str(value or "").strip()
                if text or field.required:
                    payload[name] = text
        return payload

    def apply_errors(self, detail: Any) -> None:
        """Put the errors of the serializer or the service on the fields they name."""
        if not isinstance(detail, dict):
            self.add_error(None, messages_of(detail))
            return
        for key, value in detail.items():
            if key in self.fields:
                self.add_error(key, messages_of(value))
            else:
                self.add_error(None, messages_of(value))

    @property
    def has_fields(self) -> bool:
        return bool(self.fields)


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
        for person in people:
            where = department_label(person.department)
            role = person.get_role_display()
            name = person.get_full_name() or person.username
            choices.append(
                (
                    person.username,
                    f"{name} ({person.username}) · {role}" + (f" · {where}" if where else ""),
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


class ProposeResolutionForm(ActionForm):
    """Outcome, summary, up to five redress rows and the improvement actions, one per line."""

    action = "propose_resolution"

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        fields = self.payload_fields()
        self.fields["outcome"] = _form_field("outcome", fields["outcome"])
        self.fields["summary"] = _form_field("summary", fields["summary"])
        self.fields["summary"].help_text = _("How the complaint was looked into, what was found, and why.")
        type_choices = [("", "—"), *RedressType.choices]
        for i in range(REDRESS_ROWS):
            self.fields[f"redress_{i}_type"] = forms.CharField(
                label=_("Type"), required=False, widget=forms.Select(choices=type_choices)
            )
            self.fields[f"redress_{i}_amount"] = forms.CharField(
                label=_("Amount"),
                required=False,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00", "size": 10}),
            )
            self.fields[f"redress_{i}_currency"] = forms.CharField(
                label=_("Currency"),
                required=False,
                initial=settings.REDRESS_DEFAULT_CURRENCY,
                widget=forms.TextInput(attrs={"maxlength": 3, "size": 4, "autocapitalize": "characters"}),
            )
            self.fields[f"redress_{i}_description"] = forms.CharField(
                label=_("Description"),
                required=False,
                widget=forms.TextInput(attrs={"maxlength": 500, "placeholder": _("Description (optional)")}),
            )
        self.fields["improvements"] = _form_field("improvements", fields["improvements"])
        self._rows: list[int] = []

    def redress_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"redress_{i}_{part}"] for part in ("type", "amount", "currency", "description")]
            for i in range(REDRESS_ROWS)
        ]

    def redress_errors(self) -> list[str]:
        """The errors of the redress rows, each naming its row and column."""
        found = []
        for i in range(REDRESS_ROWS):
            for part in ("type", "amount", "currency", "description"):
                name = f"redress_{i}_{part}"
                for error in self.errors.get(name, []):
                    found.append(
                        _("Row %(row)s, %(column)s: %(error)s")
                        % {"row": i + 1, "column": self.fields[name].label, "error": error}
                    )
        return [str(e) for e in found]

    def to_payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        redress: list[dict[str, Any]] = []
        self._rows = []
        for i in range(REDRESS_ROWS):
            row = {
                part: str(d.get(f"redress_{i}_{part}") or "").strip()
                for part in ("type", "amount", "currency", "description")
            }
            if not (row["type"] or row["amount"] or row["description"]):
                continue
            if not row["amount"]:
                del row["amount"]
            redress.append(row)
            self._rows.append(i)
        return {
            "outcome": str(d.get("outcome") or ""),
            "summary": str(d.get("summary") or ""),
            "redress": redress,
            "improvements": [line.strip() for line in str(d.get("improvements") or "").splitlines() if line.strip()],
        }

    def apply_errors(self, detail: Any) -> None:
        if isinstance(detail, dict) and "redress" in detail:
            rows = detail["redress"]
            # Errors of the items come as {position: errors}, or as a list with one entry per item.
            per_item = dict(enumerate(rows)) if isinstance(rows, list) else rows
            if (
                isinstance(per_item, dict)
                and per_item
                and all(isinstance(k, int) and isinstance(v, dict) for k, v in per_item.items())
            ):
                for position, errors in per_item.items():
                    row = self._rows[position] if position < len(self._rows) else 0
                    for part, value in errors.items():
                        name = f"redress_{row}_{part}"
                        self.add_error(name if name in self.fields else None, messages_of(value))
            else:
                self.add_error(None, messages_of(rows))
            detail = {k: v for k, v in detail.items() if k != "redress"}
        super().apply_errors(detail)


class ReviseResolutionForm(ProposeResolutionForm):
    """The plan as it stands, to change; the reason goes on the timeline, and the approvals are void."""

    action = "revise_resolution"

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        self.fields["reason"] = _form_field("reason", self.payload_fields()["reason"])
        self.fields["reason"].help_text = _("Why the plan changes. Approvals already given are void.")
        plan = current_plan(complaint)
        if plan is None or self.is_bound:
            return
        self.initial.update(
            {"outcome": plan.outcome, "summary": plan.summary, "improvements": "\n".join(plan.improvements)}
        )
        for i, item in enumerate(list(plan.items.all())[:REDRESS_ROWS]):
            self.initial.update(
                {
                    f"redress_{i}_type": item.type,
                    f"redress_{i}_amount": "" if item.type == RedressType.NON_MONETARY else str(item.amount),
                    f"redress_{i}_currency": item.currency,
                    f"redress_{i}_description": item.description,
                }
            )

    def to_payload(self) -> dict[str, Any]:
        return {**super().to_payload(), "reason": str(self.cleaned_data.get("reason") or "").strip()}


class TriageForm(ActionForm):
    action = "triage"

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        super().__init__(*args, complaint=complaint, **kwargs)
        # Pre-filled with what staff set before, else with the first assessment's suggestion.
        suggested = suggestion_for(complaint)
        self.fields["product"].initial = complaint.product or (suggested.product if suggested else "")
        self.fields["business"].initial = complaint.business or (suggested.business if suggested else "")
        self.fields["urgent"].initial = complaint.urgent or bool(suggested and suggested.urgent)
        if complaint.is_complaint is not None or suggested is not None:
            self.fields["is_complaint"].initial = (
                complaint.is_complaint if complaint.is_complaint is not None else suggested and suggested.is_complaint
            )
        self.fields["is_complaint"].help_text = _("Untick when this is an enquiry or a request, not a complaint.")


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
    fields = {name: _form_field(name, field) for name, field in payload().fields.items()}
    attrs: dict[str, Any] = {"action": action, "__module__": __name__, **fields}
    return type(f"{action.title().replace('_', '')}Form", (base,), attrs)


def action_form(action: str, complaint: Complaint, data: Any = None) -> ActionForm:
    return action_form_class(action)(data, complaint=complaint)


def has_action_form(action: str) -> bool:
    """Whether the page has a form for the action (the others: a form of their own, or the API only)."""
    spec = find_spec(action)
    return spec is not None and spec.payload is not None and spec.place in _PAGE_FORMS


# --- Reveal and evidence ---------------------------------------------------------------


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


# --- Registration (phone intake) -------------------------------------------------------


class LocalDateTimeField(forms.DateTimeField):
    """A `datetime-local` input, read in the institution's time zone (settings.TIME_ZONE)."""

    input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> datetime | None:
        if isinstance(value, str):
            value = value.strip()
            for fmt in self.input_formats:
                try:
                    naive = datetime.strptime(value, fmt)  # made aware just below
                except ValueError:
                    continue
                return timezone.make_aware(naive, ZoneInfo(settings.TIME_ZONE))
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime) and timezone.is_aware(value):
            value = value.astimezone(ZoneInfo(settings.TIME_ZONE)).replace(tzinfo=None)
        return super().prepare_value(value)


PHONE_PATTERN = r"^\+?[0-9 ()\-]{5,24}$"


class RegisterForm(forms.Form):
    """Everything a phone intake agent takes down (登记)."""

    customer_name = forms.CharField(label=_("Customer name"), max_length=200)
    customer_id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    customer_phone = forms.RegexField(
        label=_("Phone"),
        regex=PHONE_PATTERN,
        required=False,
        error_messages={"invalid": _("Enter a phone number: digits, spaces, brackets, dashes, an optional leading +.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    customer_email = forms.EmailField(
        label=_("Email"), required=False, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    customer_address = forms.CharField(label=_("Address"), max_length=500, required=False)
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    received_at = LocalDateTimeField(label=_("Received at"), required=False)
    call_recording_ref = forms.CharField(label=_("Call recording reference"), max_length=200, required=False)
    description = forms.CharField(
        label=_("What the customer complains about"),
        max_length=50000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    desired_outcome = forms.CharField(
        label=_("What the customer asks for (诉求)"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    product = forms.CharField(label=_("Product"), max_length=120, required=False)
    named_staff_text = forms.CharField(
        label=_("Staff member named by the customer"),
        max_length=200,
        required=False,
        help_text=_("As the customer said it, e.g. a name or a branch and a desk."),
    )
    named_staff = forms.CharField(
        label=_("Staff member's username"),
        max_length=150,
        required=False,
        help_text=_("If you know who it is. That person is kept from handling or approving the complaint."),
    )
    language = forms.ChoiceField(label=_("Customer's language"), choices=Language.choices)
    jurisdiction = forms.ChoiceField(label=_("Jurisdiction"), choices=Jurisdiction.choices)
    # Makes a repeated submission (a double click, the back button) register only once.
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=200, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.setdefault("received_at", timezone.now().replace(second=0, microsecond=0))
            if settings.LANGUAGE_CODE in Language.values:
                self.initial.setdefault("language", settings.LANGUAGE_CODE)
            self.initial.setdefault("jurisdiction", settings.REDRESS_DEFAULT_JURISDICTION)
        self.named_staff_user: User | None = None

    def clean_named_staff(self) -> str:
        username = str(self.cleaned_data.get("named_staff") or "").strip()
        if username:
            self.named_staff_user = User.objects.filter(username=username).first()
            if self.named_staff_user is None:
                raise ValidationError(_("No staff member with this username."), code="unknown_user")
        return username

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        contacts = ("customer_phone", "customer_email", "customer_address")
        if not any(data.get(f) for f in contacts) and not any(f in self.errors for f in contacts):
            raise ValidationError(
                _("Give at least one way to reach the customer: phone, email or address."),
                code="no_contact",
            )
        return data

    def apply_errors(self, detail: Any) -> None:
        if not isinstance(detail, dict):
            self.add_error(None, messages_of(detail))
            return
        for key, value in detail.items():
            self.add_error(key if key in self.fields else None, messages_of(value))
