"""Which redress account a provider's sign-in is for."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from redress.accounts.models import Department, User


class AmbiguousAccount(Exception):
    pass


def login_name(claims: dict[str, Any]) -> str:
    """The claim accounts are matched on: the username claim, or `email` with REDRESS_OIDC_MATCH_BY=email."""
    key = "email" if settings.REDRESS_OIDC_MATCH_BY == "email" else settings.REDRESS_OIDC_USERNAME_CLAIM
    return str(claims.get(key) or "").strip()


def account_for(claims: dict[str, Any]) -> User | None:
    name = login_name(claims)
    if not name:
        return None
    if settings.REDRESS_OIDC_MATCH_BY == "email":
        matches = list(User.objects.filter(email__iexact=name)[:2])
        if len(matches) > 1:
            raise AmbiguousAccount(name)
        return matches[0] if matches else None
    return User.objects.filter(username=name).first()


def department_named(code: str) -> Department | None:
    return Department.objects.filter(code=code).first()
