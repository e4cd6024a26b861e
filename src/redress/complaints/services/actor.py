from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from redress.accounts.models import Role, User
from redress.complaints.workflow import Actor

APPROVING_ROLES = frozenset({Role.APPROVER, Role.COMPLIANCE})


def actor_for(user: User, more_limits: Iterable[tuple[str, Decimal]] | None = None) -> Actor:
    """The person as the action table sees them. `more_limits`: their approval limits in further currencies,
    (currency, amount), when already read (a page that checks many people reads them all in one query);
    without them they are read here, only for the roles that approve (one query less for everyone else)."""
    if more_limits is None:
        more_limits = (
            user.extra_approval_limits.values_list("currency", "amount") if user.role in APPROVING_ROLES else ()
        )
    return Actor(
        kind="staff",
        user_id=user.pk,
        role=user.role,
        department_id=user.department_id,
        approval_limit=user.approval_limit,
        approval_currency=user.approval_currency,
        more_approval_limits=tuple(sorted(more_limits)),
    )
