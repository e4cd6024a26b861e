"""The owners' daily reminder: their actions due within REDRESS_IMPROVEMENT_REMIND_DAYS and those overdue, one
in-app notification and one e-mail (through the outbox) per owner per day."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.core.recipients import public_link, recipient_language
from redress.correspondence.services import staff_email_queue
from redress.improvements.choices import OPEN_STATES
from redress.improvements.models import ImprovementAction, ReminderSent
from redress.improvements.notices import reminder_params
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
                staff_notify(
                    users=[owner],
                    kind="improvement_reminder",
                    params=reminder_params(len(soon), len(overdue), settings.REDRESS_IMPROVEMENT_REMIND_DAYS),
                )
                if owner.email:
                    subject, body = _email(owner, soon, overdue)
                    staff_email_queue(to=owner.email, subject=subject, body=body)
        except IntegrityError:
            continue  # reminded already today
        told += 1
    return told


def _email(owner: User, soon: list[ImprovementAction], overdue: list[ImprovementAction]) -> tuple[str, str]:
    """(subject, body) in the owner's language, each action with its link."""
    with translation.override(recipient_language(owner)):
        subject = _("redress: improvement actions %(overdue)d overdue, %(soon)d due soon") % {
            "overdue": len(overdue),
            "soon": len(soon),
        }
        lines: list[str] = []
        for heading, actions in ((_("Overdue:"), overdue), (_("Due soon:"), soon)):
            if actions:
                lines += [heading] + [
                    f"- #{a.pk} {a.due_on}: {a.title}\n  {public_link(f'/improvements/{a.pk}/')}" for a in actions
                ]
                lines.append("")
        lines.append(public_link("/improvements/?overdue=1"))
    return subject, "\n".join(lines) + "\n"
