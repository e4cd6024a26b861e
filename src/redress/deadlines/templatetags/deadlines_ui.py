"""The layout's link to the deadline board, for those who may see it."""

from __future__ import annotations

from typing import Any

from django import template

from redress.deadlines.selectors import may_see_board

register = template.Library()


@register.filter(name="may_see_board")
def may_see_board_filter(user: Any) -> bool:
    """Managers, compliance and administrators see the deadline board."""
    return may_see_board(user)
