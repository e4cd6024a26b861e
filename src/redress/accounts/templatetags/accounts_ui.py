"""Template filters about the signed-in person: their role, and what the layout offers them."""

from __future__ import annotations

from typing import Any

from django import template

from redress.accounts.models import Role
from redress.core.presenters import choice_label

register = template.Library()


@register.filter
def role_label(user: Any) -> str:
    return choice_label(Role, getattr(user, "role", ""))


@register.filter
def may_register(user: Any) -> bool:
    return getattr(user, "role", None) in (Role.INTAKE_AGENT, Role.MANAGER)


@register.filter
def may_administer(user: Any) -> bool:
    return bool(getattr(user, "is_staff", False)) or getattr(user, "role", None) == Role.ADMIN
