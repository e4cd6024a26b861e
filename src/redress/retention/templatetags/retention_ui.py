"""The layout's link to retention, holds and erasure requests, for those who may see it."""

from __future__ import annotations

from typing import Any

from django import template

from redress.retention.selectors import may_view

register = template.Library()


@register.filter(name="may_see_retention")
def may_see_retention(user: Any) -> bool:
    return may_view(user)
