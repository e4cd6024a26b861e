"""`{% triage_panel complaint %}`: the first assessment on the complaint page."""

from __future__ import annotations

from typing import Any

from django import template

from redress.triage.selectors import suggestion_view

register = template.Library()


@register.inclusion_tag("triage/panel.html")
def triage_panel(complaint: Any, text_mask: Any = None) -> dict[str, Any]:
    """`text_mask`: the page's mask of the complaint's text, for the words of it the panel quotes."""
    return {"suggestion": suggestion_view(complaint), "text_mask": text_mask}
