from __future__ import annotations

from redress.accounts.models import User
from redress.complaints.workflow import Actor


def actor_for(user: User) -> Actor:
    return Actor(
        kind="staff",
        user_id=user.pk,
        role=user.role,
        department_id=user.department_id,
        approval_limit=user.approval_limit,
        approval_currency=user.approval_currency,
    )
