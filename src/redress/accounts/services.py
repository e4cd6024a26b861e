"""Writes for staff accounts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from redress.accounts.models import Department, Role, User

MANAGER_SENIORITY = 3


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    department_code: str | None = None,
    approval_limit: Decimal | None = None,
    approval_currency: str | None = None,
    email: str = "",
    password: str | None = None,
    with_token: bool = False,
    seniority: int | None = None,
) -> tuple[User, str | None]:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; one of {', '.join(Role.values)}.")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"A user named {username!r} exists already.")
    if approval_limit is not None and approval_limit < 0:
        raise ValueError("An approval limit cannot be negative.")
    department = None
    if department_code:
        department, _ = Department.objects.get_or_create(code=department_code, defaults={"name": department_code})
    user = User(
        username=username,
        role=role,
        department=department,
        email=email,
        approval_limit=approval_limit,
        approval_currency=approval_currency or settings.REDRESS_DEFAULT_CURRENCY,
        seniority=seniority or (MANAGER_SENIORITY if role == Role.MANAGER else 1),
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    if password:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    token = Token.objects.create(user=user).key if with_token else None
    return user, token
