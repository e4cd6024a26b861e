"""The filter of the queue page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import Role, User
from redress.complaints.choices import Status
from redress.triage.flags import flags_asked
from redress.triage.selectors import FLAGS_LABEL, flag_choices

STATUS_OPEN = ""
STATUS_ALL = "all"


class FlagCheckboxes(forms.CheckboxSelectMultiple):
    """A box per flag; the query may also name several in one value, comma-separated (as the API takes them)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> list[str]:
        return flags_asked(super().value_from_datadict(data, files, name))


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
    # Complaints with any of the flags ticked.
    flag = forms.MultipleChoiceField(required=False, widget=FlagCheckboxes)
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
        flag = self.fields["flag"]
        assert isinstance(flag, forms.MultipleChoiceField)
        flag.choices = flag_choices()
        flag.label = str(FLAGS_LABEL)

    @property
    def flag_refused(self) -> bool:
        """An unknown flag was asked for: refused (the page answers 400), never left out like a bad status."""
        return self.is_bound and not self.is_valid() and "flag" in self.errors

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
        for name in ("q", "customer", "flag"):
            if data.get(name):
                filters[name] = data[name]
        return filters


class BulkForm(forms.Form):
    """One action on the complaints ticked in the queue: assign, add a note, or extend the deadline."""

    action = forms.ChoiceField(label=_("Action"))
    ref = forms.MultipleChoiceField(required=False)  # the ticked rows' references (any: each is checked again)
    assignee = forms.ChoiceField(label=_("Assignee"), required=False)
    text = forms.CharField(label=_("Note"), required=False, max_length=20000)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)
    back = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action = self.fields["action"]
        assert isinstance(action, forms.ChoiceField)
        action.choices = [
            ("assign", _("Assign")),
            ("add_note", _("Add note")),
            ("extend_deadline", _("Extend the deadline")),
        ]
        ref = self.fields["ref"]
        assert isinstance(ref, forms.MultipleChoiceField)
        ref.choices = [(r, r) for r in (self.data.getlist("ref") if hasattr(self.data, "getlist") else [])]
        assignee = self.fields["assignee"]
        assert isinstance(assignee, forms.ChoiceField)
        people = User.objects.filter(is_active=True, role__in=[Role.HANDLER, Role.MANAGER]).order_by("username")
        assignee.choices = [("", _("— choose —"))] + [
            (p.username, f"{p.get_full_name() or p.username} ({p.username})") for p in people
        ]

    def payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        action = data["action"]
        if action == "assign":
            return {"assignee": data.get("assignee") or ""}
        if action == "add_note":
            return {"text": data.get("text") or ""}
        return {"reason": data.get("reason") or ""}


class SavedViewForm(forms.Form):
    name = forms.CharField(label=_("Name of the view"), max_length=80)
    query = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)
    shared = forms.BooleanField(label=_("Share with everyone"), required=False)


class SavedViewEditForm(forms.Form):
    """A saved view changed from the queue: its name, the filters shown now in place of its own (when ticked),
    shared or not (the box is only shown to managers: `sharing_shown` says it was)."""

    name = forms.CharField(label=_("Name of the view"), max_length=80)
    use_current = forms.BooleanField(label=_("Use the filters and sort shown now"), required=False)
    shared = forms.BooleanField(label=_("Share with everyone"), required=False)
    sharing_shown = forms.BooleanField(required=False, widget=forms.HiddenInput)
