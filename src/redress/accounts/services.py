"""Writes for staff accounts."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from rest_framework.authtoken.models import Token

from redress.accounts.models import ApprovalLimit, Department, Role, User

MANAGER_SENIORITY = 3


@transaction.atomic
def user_create(
    *,
    username: str,
    role: str,
    department_code: str | None = None,
    approval_limit: Decimal | None = None,
    approval_currency: str | None = None,
    more_approval_limits: dict[str, Decimal] | None = None,
    email: str = "",
    password: str | None = None,
    with_token: bool = False,
    seniority: int | None = None,
) -> tuple[User, str | None]:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; one of {', '.join(Role.values)}.")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"A user named {username!r} exists already.")
    more = more_approval_limits or {}
    if any(limit is not None and limit < 0 for limit in (approval_limit, *more.values())):
        raise ValueError("An approval limit cannot be negative.")
    if any(len(currency) != 3 or not currency.isalpha() for currency in more):
        raise ValueError("A currency is three letters (ISO 4217), e.g. GBP.")
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
    ApprovalLimit.objects.bulk_create(
        ApprovalLimit(user=user, currency=currency.upper(), amount=amount)
        for currency, amount in more.items()
        if currency.upper() != user.approval_currency
    )
    token = Token.objects.create(user=user).key if with_token else None
    return user, token
