"""Writes for single sign-on: an account made on first sign-in, and the role the provider's groups give."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import transaction

from redress.accounts.models import Department, Role, User
from redress.accounts.oidc.claims import Assignment

MANAGER_SENIORITY = 3


def assign(user: User, assignment: Assignment, department: Department | None) -> User:
    """Give the account the role (and department, when the map names one) its groups at the provider give."""
    changed = []
    if user.role != assignment.role:
        user.role = assignment.role
        changed.append("role")
    if department is not None and user.department_id != department.pk:
        user.department = department
        changed.append("department")
    is_admin = assignment.role == Role.ADMIN
    if user.is_staff != is_admin or user.is_superuser != is_admin:
        user.is_staff = user.is_superuser = is_admin
        changed += ["is_staff", "is_superuser"]
    if changed:
        user.save(update_fields=changed)
    return user


@transaction.atomic
def create_account(
    username: str, claims: dict[str, Any], assignment: Assignment | None, department: Department | None
) -> User:
    """An account for someone the provider vouches for (REDRESS_OIDC_CREATE_USERS): no password of its own."""
    role = assignment.role if assignment else Role.HANDLER
    user = User(
        username=username[:150],
        email=str(claims.get("email") or ""),
        first_name=str(claims.get("given_name") or "")[:150],
        last_name=str(claims.get("family_name") or "")[:150],
        role=role,
        department=department,
        approval_currency=settings.REDRESS_DEFAULT_CURRENCY,
        seniority=MANAGER_SENIORITY if role == Role.MANAGER else 1,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_unusable_password()
    user.save()
    return user
