"""The layout's link to the access log, for those who may see it."""

from __future__ import annotations

from typing import Any

from django import template

from redress.access.selectors import may_view

register = template.Library()


@register.filter(name="may_see_access_log")
def may_see_access_log(user: Any) -> bool:
    return may_view(user)
