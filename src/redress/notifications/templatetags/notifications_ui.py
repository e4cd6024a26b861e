"""The layout's count of unread notifications."""

from __future__ import annotations

from typing import Any

from django import template

from redress.notifications.selectors import UNREAD_CAP, unread_count, unread_replies

register = template.Library()


@register.simple_tag
def unread_notifications(user: Any) -> str:
    """The header's count of unread notifications ("" for none, "99+" beyond the cap); one small query."""
    count = unread_count(user)
    if not count:
        return ""
    return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)


@register.simple_tag
def replies_unread(user: Any) -> set[int]:
    """The complaints (ids) whose customer wrote back since this person opened them: one query per list."""
    return unread_replies(user)
