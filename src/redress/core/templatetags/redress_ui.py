"""Template helpers of the staff pages' layout (no context processor needed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

register = template.Library()

# Colour groups of the status badges (see redress.css).
_STATUS_GROUPS = {
    "received": "new",
    "triaged": "new",
    "assigned": "active",
    "investigating": "active",
    "on_hold": "waiting",
    "review_requested": "waiting",
    "resolution_proposed": "approval",
    "resolution_approved": "approval",
    "customer_notified": "done",
    "closed": "done",
    "archived": "done",
    "withdrawn": "ended",
    "declined": "ended",
    "merged": "ended",
}


@register.simple_tag
def institution_name() -> str:
    return str(settings.REDRESS_INSTITUTION_NAME)


@register.filter
def status_group(status: str) -> str:
    return _STATUS_GROUPS.get(str(status), "new")


@register.filter
def display_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)
