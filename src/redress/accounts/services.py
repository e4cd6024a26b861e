"""Writes for staff accounts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from redress.accounts.models import ApprovalLimit, Department, Role, User
from redress.core.errors import Forbidden, InvalidInput

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


def may_set_away(*, user: User, by: User) -> bool:
    """Whose absence a person may set: their own; a manager, their department's (any, without one); an admin, any."""
    if by.pk == user.pk or by.role == Role.ADMIN:
        return True
    return by.role == Role.MANAGER and (by.department_id is None or by.department_id == user.department_id)


def away_set(*, user: User, by: User, away_from: date | None, away_until: date | None) -> User:
    """Set (or clear, with no last day) the period `user` is away: routing gives them no new complaint then."""
    if not may_set_away(user=user, by=by):
        raise Forbidden(_("You may set only your own absence, or, as a manager, your department's."))
    if away_from is not None and away_until is None:
        raise InvalidInput({"away_until": [_("Give the last day away.")]})
    if away_from is not None and away_until is not None and away_until < away_from:
        raise InvalidInput({"away_until": [_("The last day away is before the first.")]})
    user.away_from, user.away_until = away_from, away_until
    user.save(update_fields=["away_from", "away_until"])
    return user
