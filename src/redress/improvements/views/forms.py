"""The forms of the improvement pages: filters of the list, a suggestion, a transition, a comment."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from redress.codes import selectors as codes
from redress.improvements.choices import Status
from redress.improvements.selectors import department_choices, owner_choices


def _choices(form: forms.Form, name: str, choices: list[tuple[Any, Any]]) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    department = forms.ChoiceField(label=_("Department"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "status", [("", "—"), *Status.choices])
        _choices(self, "owner", [("", "—"), *owner_choices()])
        _choices(self, "department", [("", "—"), *department_choices()])


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    department = forms.ChoiceField(label=_("Department"), required=False)
    business = forms.MultipleChoiceField(label=_("Business lines"), required=False)
    product = forms.MultipleChoiceField(label=_("Products"), required=False)
    reason = forms.MultipleChoiceField(label=_("Complaint reasons"), required=False)
    source = forms.CharField(required=False, widget=forms.HiddenInput)
    ref = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "department", [("", "—"), *department_choices()])
        for kind in ("business", "product", "reason"):
            _choices(self, kind, codes.choices(kind, blank=False))


class TransitionForm(forms.Form):
    """The fields of one transition's form, prefixed by its target (`t-<to>-`); the target itself is `to`."""

    owner = forms.TypedChoiceField(label=_("Owner"), required=False, coerce=int, empty_value=None)
    due_on = forms.DateField(
        label=_("Due on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    went_live_on = forms.DateField(
        label=_("Went live on"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, owners: list[tuple[int, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self, "owner", [("", "—"), *(owners or [])])


class CommentForm(forms.Form):
    note = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))
