"""Forms of the survey page and the follow-up list."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from redress.surveys.models import Answer

SCORES = [(n, str(n)) for n in range(5, 0, -1)]


class SurveyForm(forms.Form):
    result = forms.ChoiceField(
        label=_("Are you satisfied with how we resolved your complaint?"),
        choices=Answer.choices,
        widget=forms.RadioSelect,
    )
    score = forms.TypedChoiceField(
        label=_("How would you rate the way we handled it? (5 = very good, 1 = very poor)"),
        choices=SCORES,
        coerce=int,
        required=False,
        empty_value=None,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell us (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ReviewForm(forms.Form):
    reason = forms.CharField(
        label=_("What should we look at again?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


# A date input takes and gives YYYY-MM-DD whatever the page's language; Django would render the
# localised format (2026/11/08 in Chinese), which the browser rejects, leaving the field empty.
def _iso_date(label: StrOrPromise) -> forms.DateField:
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    return forms.DateField(label=label, widget=widget, input_formats=["%Y-%m-%d"])


class PeriodForm(forms.Form):
    start = _iso_date(_("From"))
    end = _iso_date(_("To"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
