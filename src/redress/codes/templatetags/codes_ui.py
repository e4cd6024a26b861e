"""`{{ complaint.reason|code_label:"reason" }}`: a code's label in the reader's language."""

from __future__ import annotations

from django import template

from redress.codes import selectors

register = template.Library()


@register.filter
def code_label(code: str, kind: str) -> str:
    return selectors.label(kind, code or "")
