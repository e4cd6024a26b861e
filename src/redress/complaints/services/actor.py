from __future__ import annotations

from redress.accounts.models import Role, User
from redress.complaints.workflow import Actor

APPROVING_ROLES = frozenset({Role.APPROVER, Role.COMPLIANCE})


def actor_for(user: User) -> Actor:
    # Limits in further currencies are read only for the roles that approve (one query less for everyone else).
    more = user.extra_approval_limits.values_list("currency", "amount") if user.role in APPROVING_ROLES else ()
    return Actor(
        kind="staff",
        user_id=user.pk,
        role=user.role,
        department_id=user.department_id,
        approval_limit=user.approval_limit,
        approval_currency=user.approval_currency,
        more_approval_limits=tuple(sorted(more)),
    )
