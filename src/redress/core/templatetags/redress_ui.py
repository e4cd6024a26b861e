"""Template helpers of the staff pages' layout (no context processor needed)."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

from redress.core.presenters import in_language, words_list

register = template.Library()


@register.simple_tag
def institution_name() -> str:
    return str(settings.REDRESS_INSTITUTION_NAME)


@register.filter
def display_name(user: Any) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.username)


@register.filter
def names_in_language(names: Any) -> str:
    """Names written "中文 / English", each in the reader's language, as a list."""
    return words_list(in_language(n) for n in (names or []))
