"""What the provider's claims mean for redress: the account's role and department, and whether MFA was done."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from redress.accounts.models import Role


@dataclass(frozen=True)
class Assignment:
    role: str
    department_code: str | None


def role_map() -> list[tuple[str, Assignment]]:
    """REDRESS_OIDC_ROLE_MAP in its order (the first group a person is in decides), checked."""
    entries = []
    for group, target in settings.REDRESS_OIDC_ROLE_MAP.items():
        if isinstance(target, str):
            target = {"role": target}
        if not isinstance(target, dict) or target.get("role") not in Role.values:
            raise ImproperlyConfigured(
                f"REDRESS_OIDC_ROLE_MAP[{group!r}] needs a role, one of {', '.join(Role.values)}."
            )
        entries.append((group, Assignment(role=target["role"], department_code=target.get("department") or None)))
    return entries


def groups_of(claims: dict[str, Any]) -> list[str]:
    value = claims.get(settings.REDRESS_OIDC_ROLE_CLAIM)
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    return [str(item) for item in value]


def assignment_for(claims: dict[str, Any]) -> Assignment | None:
    """The role and department the person's groups give; None when no group maps (or no map is set)."""
    groups = set(groups_of(claims))
    role = None
    department = None
    for group, target in role_map():
        if group not in groups:
            continue
        role = role or target.role
        department = department or target.department_code
    return Assignment(role=role, department_code=department) if role else None


def mfa_done(id_token: dict[str, Any]) -> bool:
    """The ID token says the provider checked more than a password: an `amr` entry or the `acr` value is one
    of REDRESS_OIDC_MFA_VALUES (Azure AD and ADFS send amr "mfa"; Keycloak an acr level you name)."""
    accepted = set(settings.REDRESS_OIDC_MFA_VALUES)
    amr = id_token.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    acr = id_token.get("acr")
    return bool(accepted & {str(value) for value in amr}) or (acr is not None and str(acr) in accepted)
