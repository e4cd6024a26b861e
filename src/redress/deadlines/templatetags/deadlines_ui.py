"""Template helpers of the layout's deadline links: the board (for those who may see it), unread notices."""

from __future__ import annotations

from typing import Any

from django import template

from redress.deadlines.selectors import UNREAD_CAP, may_see_board, unread_count

register = template.Library()


@register.filter(name="may_see_board")
def may_see_board_filter(user: Any) -> bool:
    """Managers, compliance and administrators see the deadline board."""
    return may_see_board(user)


@register.simple_tag
def unread_notifications(user: Any) -> str:
    """The header's count of unread notifications ("" for none, "99+" beyond the cap); one small query."""
    count = unread_count(user)
    if not count:
        return ""
    return f"{UNREAD_CAP}+" if count > UNREAD_CAP else str(count)
