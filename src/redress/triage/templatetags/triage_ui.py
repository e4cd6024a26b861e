"""`{% triage_panel complaint %}`: the first assessment on the complaint page; the flags in words."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template

from redress.triage.selectors import FLAGS_LABEL, suggestion_view
from redress.triage.selectors import flag_labels as labels_of_flags

register = template.Library()


@register.inclusion_tag("triage/panel.html")
def triage_panel(complaint: Any, text_mask: Any = None) -> dict[str, Any]:
    """`text_mask`: the page's mask of the complaint's text, for the words of it the panel quotes."""
    return {"suggestion": suggestion_view(complaint, text_mask), "text_mask": text_mask}


@register.filter
def flag_labels(codes: Sequence[str] | None) -> list[str]:
    """`{{ complaint.flags|flag_labels }}`: the flags in the reader's language, never their codes."""
    return labels_of_flags(list(codes or []))


@register.simple_tag
def flags_heading() -> str:
    return str(FLAGS_LABEL)
