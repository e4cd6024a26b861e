"""The owners' daily reminder: their actions due within REDRESS_IMPROVEMENT_REMIND_DAYS and those overdue, one
in-app notification and one e-mail (through the outbox) per owner per day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction

from redress.accounts.models import User
from redress.correspondence.services import staff_email_queue
from redress.improvements.choices import OPEN_STATES
from redress.improvements.models import ImprovementAction, ReminderSent
from redress.notifications.services import staff_notify


def reminders_send(*, day: date) -> int:
    """Remind every owner with actions due soon or overdue on `day`; returns how many owners were told (an
    owner told already that day is not told again)."""
    horizon = day + timedelta(days=settings.REDRESS_IMPROVEMENT_REMIND_DAYS)
    actions = (
        ImprovementAction.objects.filter(
            status__in=list(OPEN_STATES), owner__isnull=False, owner__is_active=True, due_on__lte=horizon
        )
        .select_related("owner")
        .order_by("owner_id", "due_on", "id")
    )
    by_owner: dict[User, list[ImprovementAction]] = defaultdict(list)
    for action in actions:
        assert action.owner is not None
        by_owner[action.owner].append(action)
    told = 0
    for owner, owned in by_owner.items():
        overdue = [a for a in owned if a.due_on is not None and a.due_on < day]
        soon = [a for a in owned if a not in overdue]
        try:
            with transaction.atomic():
                ReminderSent.objects.create(owner=owner, day=day, due_soon=len(soon), overdue=len(overdue))
                staff_notify(users=[owner], kind="improvement_reminder", message=_message(soon, overdue))
                if owner.email:
                    staff_email_queue(
                        to=owner.email,
                        subject=f"redress: {len(overdue)} overdue, {len(soon)} due soon (improvement actions)",
                        body=_body(soon, overdue),
                    )
        except IntegrityError:
            continue  # reminded already today
        told += 1
    return told


def _message(soon: list[ImprovementAction], overdue: list[ImprovementAction]) -> str:
    """Both languages: a notification is written once and read in either."""
    days = settings.REDRESS_IMPROVEMENT_REMIND_DAYS
    return (
        f"改进措施：{len(overdue)} 项已逾期，{len(soon)} 项将在 {days} 天内到期 / "
        f"Improvement actions: {len(overdue)} overdue, {len(soon)} due within {days} days"
    )


def _body(soon: list[ImprovementAction], overdue: list[ImprovementAction]) -> str:
    lines = ["已逾期 / Overdue:"] + [f"- #{a.pk} {a.due_on}: {a.title}" for a in overdue]
    lines += ["", "即将到期 / Due soon:"] + [f"- #{a.pk} {a.due_on}: {a.title}" for a in soon]
    path = "/improvements/?overdue=1"
    return "\n".join(lines) + f"\n\n{settings.REDRESS_PUBLIC_URL.rstrip('/')}{path}\n"
