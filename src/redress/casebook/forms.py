"""The forms of the case library's pages: search, marking a case, its lesson, the training report's filters."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import Department
from redress.accounts.presenters import department_label
from redress.codes import selectors as codes
from redress.complaints.choices import Outcome


def _outcome_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((str(value), str(label)) for value, label in Outcome.choices)]


class CaseSearchForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    business = forms.ChoiceField(label=_("Business line"), required=False)
    reason = forms.ChoiceField(label=_("Complaint reason"), required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["business"].choices = codes.choices("business")  # type: ignore[attr-defined]
        self.fields["reason"].choices = codes.choices("reason")  # type: ignore[attr-defined]
        self.fields["outcome"].choices = _outcome_choices()  # type: ignore[attr-defined]


class GuideFilterForm(forms.Form):
    business = forms.ChoiceField(label=_("Business line"), required=False)
    situation = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["business"].choices = codes.choices("business")  # type: ignore[attr-defined]


class _YearField(forms.IntegerField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=2000, max_value=2100, **kwargs)


class MarkForm(forms.Form):
    complaint = forms.CharField(label=_("Complaint reference"), max_length=32)
    lesson = forms.CharField(
        label=_("Lesson"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What others should learn from this complaint. Personal data is taken out when it is saved."),
    )
    required_for_year = _YearField(
        label=_("Required reading in year"),
        required=False,
        help_text=_("Every member of staff must confirm having read it during this year (leave empty if not)."),
    )


class LessonForm(forms.Form):
    lesson = forms.CharField(label=_("Lesson"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    required_for_year = _YearField(label=_("Required reading in year"), required=False)


class TrainingForm(forms.Form):
    year = _YearField(label=_("Year"), required=False)
    department = forms.ChoiceField(label=_("Department"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        departments = [(d.code, department_label(d)) for d in Department.objects.order_by("code")]
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            ("", _("All I may see")),
            *departments,
            ("none", _("No department")),
        ]

    def year_or_this(self) -> int:
        year = self.cleaned_data.get("year") if self.is_valid() else None
        return int(year or timezone.localdate().year)
