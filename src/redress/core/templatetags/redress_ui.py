"""Template helpers of the staff pages' layout (no context processor needed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from redress.accounts.models import Role

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
def role_label(user: Any) -> str:
    role = getattr(user, "role", "")
    try:
        return str(Role(role).label)
    except ValueError:
        return str(role)


@register.filter
def may_register(user: Any) -> bool:
    return getattr(user, "role", None) in (Role.INTAKE_AGENT, Role.MANAGER)


@register.filter
def may_administer(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False)) or getattr(user, "role", None) == Role.ADMIN


@register.filter
def status_group(status: str) -> str:
    return _STATUS_GROUPS.get(str(status), "new")


@register.filter
def display_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


@register.filter
def may_see_board(user: Any) -> bool:
    """Managers, compliance and administrators see the deadline board."""
    from redress.deadlines.views import may_see_board as allowed

    return allowed(user)


@register.simple_tag
def unread_notifications(user: Any) -> str:
    """The header's count of unread notifications ("" for none, "99+" beyond the cap); one small query."""
    from redress.deadlines.selectors import UNREAD_CAP, unread_count

    count = unread_count(user)
    if not count:
        return ""
    return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)
