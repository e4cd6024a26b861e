"""The base of the action forms: a page field for each field of the action's payload serializer.

The action forms only render and convert: the payload serializers (each action's spec names
its own; `complaint_act` runs it) are the one validation for the pages and the API alike,
and their errors are put back on the fields here. The fields are made from those
serializers, so a field added to a payload shows up on the page.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.fields import empty

from redress.codes.fields import CodeField
from redress.codes.forms import CodeChoiceField
from redress.complaints.actions import spec_for
from redress.complaints.models import Complaint
from redress.complaints.views.labels import DIRECTION_CHOICES, FIELD_LABELS

# Free-text fields longer than this get a multi-line box.
_TEXTAREA_FROM = 1000


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


def field_label(name: str) -> Any:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def _default(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    return None if field.default is empty or callable(field.default) else field.default


def form_field(name: str, field: serializers.Field[Any, Any, Any, Any]) -> forms.Field:
    """A page field for a payload field. Server-side it only converts: the serializer validates."""
    attrs: dict[str, Any] = {"required": True} if field.required else {}
    label = field_label(name)
    if isinstance(field, serializers.BooleanField):
        return forms.BooleanField(label=label, required=False, initial=_default(field))
    if isinstance(field, CodeField):  # the table's codes, labelled in the reader's language when drawn
        return CodeChoiceField(field.kind, widget=forms.Select(attrs=attrs))
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
    if isinstance(field, serializers.DateField):  # the browser's date picker sends YYYY-MM-DD in every language
        return forms.CharField(
            label=label,
            required=False,
            help_text=field.help_text or "",
            widget=forms.DateInput(attrs={**attrs, "type": "date"}),
        )
    if isinstance(field, serializers.ListField) and isinstance(field.child, serializers.ChoiceField):
        # A box per choice (the form that shows it may give the choices their words: the triage's flags).
        return forms.MultipleChoiceField(
            label=label,
            required=False,
            choices=list(field.child.choices.items()),
            widget=forms.CheckboxSelectMultiple,
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
            elif isinstance(field, serializers.ListField) and isinstance(value, list):  # the boxes ticked
                payload[name] = value
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
