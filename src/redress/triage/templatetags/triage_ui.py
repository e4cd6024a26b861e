"""`{% triage_panel complaint %}`: the first assessment on the complaint page."""

from __future__ import annotations

from typing import Any

from django import template

from redress.triage.selectors import suggestion_view

register = template.Library()


@register.inclusion_tag("triage/panel.html")
def triage_panel(complaint: Any) -> dict[str, Any]:
    return {"suggestion": suggestion_view(complaint)}
