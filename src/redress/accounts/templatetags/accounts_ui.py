"""Template filters about the signed-in person: their role, and what the layout offers them."""

from __future__ import annotations

from typing import Any

from django import template
from django.conf import settings

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


@register.filter
def may_change_password(user: Any) -> bool:
    """A password of their own to change: not with single sign-on only, nor for an account made without one."""
    return bool(settings.REDRESS_PASSWORD_LOGIN) and bool(user.has_usable_password())
