"""The page field of a code: a select of the table's codes that also takes any of a code's labels."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.functional import lazy

from redress.codes import selectors

# The table's name in the reader's language: a form class is built once, at import, in no language.
_table_label = lazy(selectors.table_label, str)


class CodeChoiceField(forms.ChoiceField):
    def __init__(self, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        kwargs.setdefault("label", _table_label(kind))
        kwargs.setdefault("required", False)
        super().__init__(choices=lambda: selectors.choices(kind), **kwargs)

    def to_python(self, value: Any) -> str:
        text = super().to_python(value)
        return (selectors.lookup(self.kind, text) or text) if text else ""

    def validate(self, value: Any) -> None:
        if value and selectors.lookup(self.kind, value) is None:
            raise forms.ValidationError(selectors.unknown_message(self.kind, value), code="unknown_code")
        super().validate(value)
