"""The filter of the queue page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from redress.complaints.choices import Status

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
