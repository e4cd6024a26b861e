"""The API field of a code: takes the code or any of its labels (any case) and gives the code."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from redress.codes import selectors


class CodeField(serializers.CharField):
    """A code of one of the tables (`kind`: business, product, reason, root_cause); blank stays ""."""

    def __init__(self, kind: str, **kwargs: Any) -> None:
        if kind not in selectors.TABLES:
            raise ValueError(f"unknown code table: {kind}")
        self.kind = kind
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault(
            "help_text", f"A code of the {kind.replace('_', ' ')} table, or any of its labels (any case)."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> str:
        value = super().to_internal_value(data)
        if not value.strip():
            return ""
        code = selectors.lookup(self.kind, value)
        if code is None:
            raise serializers.ValidationError(selectors.unknown_message(self.kind, value))
        return code
