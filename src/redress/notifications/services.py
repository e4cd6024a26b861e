"""Writes of notifications: tell the managers of a complaint's department, mark a person's notices read, tell
people of hand-offs (as each chose: in the app, by e-mail), keep their choices, mark customer replies unread."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.accounts.selectors import managers_by_department, managers_for
from redress.core.recipients import public_link
from redress.correspondence.services import staff_email_queue
from redress.notifications.kinds import HANDOFFS, kind_label, message_text
from redress.notifications.models import Notification, Preference, Recipient, UnreadReply

if TYPE_CHECKING:
    from redress.accounts.models import User
    from redress.complaints.models import Complaint


def notifications_mark_read(*, user: User) -> int:
    """Mark all of this person's unread notifications read; returns how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())


def complaint_managers(complaint: Complaint) -> list[Any]:
    """The active managers of the complaint's department (all managers when it has none or none is active)."""
    return list(managers_for(managers_by_department(), complaint.department_id))


def managers_notify(*, complaint: Complaint, kind: str, params: dict[str, Any]) -> list[Any]:
    """An in-app notice to the active managers of the complaint's department (all managers when it has none
    or none is active there), its kind and `params` kept (worded in each reader's language when read).
    Returns the managers told, for callers that also email them."""
    told = managers_for(managers_by_department(), complaint.department_id)
    params = {"reference": complaint.reference, **params}
    Notification.objects.bulk_create(
        [Notification(user=m, complaint=complaint, kind=kind, params=params) for m in told]
    )
    return told


def staff_notify(*, users: list[User], kind: str, params: dict[str, Any]) -> int:
    """An in-app notice, about no one complaint, to each of `users` (e.g. a spike alert): its kind and
    `params` kept, worded in each reader's language when read. Returns how many."""
    Notification.objects.bulk_create([Notification(user=u, kind=kind, params=params) for u in users])
    return len(users)


# --- Hand-offs: what a person must do next because someone else acted ------------------------------------


def preferences_for(users: Iterable[int], kind: str) -> dict[int, tuple[bool, bool]]:
    """(in the app, by e-mail) for each of `users` on `kind`: their choice, else the kind's default."""
    default = (True, HANDOFFS[kind].email)
    chosen = {
        user_id: (in_app, email)
        for user_id, in_app, email in Preference.objects.filter(user_id__in=list(users), kind=kind).values_list(
            "user_id", "in_app", "email"
        )
    }
    return {user_id: chosen.get(user_id, default) for user_id in users}


def handoff_notify(
    *, kind: str, users: Iterable[User], complaint: Complaint, params: dict[str, Any], actor_id: int | None = None
) -> list[int]:
    """Tell each of `users` (never `actor_id`, who did it) of a hand-off on `complaint`, in the app and/or by
    e-mail as each chose. The notification keeps the kind and parameters (the words are the reader's, at read
    time); the e-mail, through the outbox, is in the person's language with an absolute link to the complaint.
    Returns the ids of the people told one way or the other."""
    if kind not in HANDOFFS:
        raise ValueError(f"No hand-off kind {kind!r}.")
    told = {u.pk: u for u in users if u is not None and u.is_active and u.pk != actor_id}
    if not told:
        return []
    params = {"reference": complaint.reference, **params}
    chosen = preferences_for(told, kind)
    Notification.objects.bulk_create(
        [
            Notification(user_id=user_id, complaint=complaint, kind=kind, params=params)
            for user_id, (in_app, _email) in chosen.items()
            if in_app
        ]
    )
    mailed = [u for user_id, u in told.items() if chosen[user_id][1] and u.email]
    if mailed:
        languages = dict(Recipient.objects.filter(user__in=mailed).values_list("user_id", "language"))
        for person in mailed:
            _handoff_email(person, languages.get(person.pk) or settings.LANGUAGE_CODE, kind, params)
    return [user_id for user_id, (in_app, email) in chosen.items() if in_app or email]


def complaint_link(reference: str) -> str:
    """The complaint's page, as an absolute address (REDRESS_PUBLIC_URL)."""
    return public_link(reverse("complaints:detail", args=[reference]))


def _handoff_email(person: User, language: str, kind: str, params: dict[str, Any]) -> None:
    with translation.override(language):
        label = kind_label(kind)
        body = "\n\n".join(
            [
                message_text(kind, params, ""),
                complaint_link(params["reference"]),
                _("You can choose how you hear of this in redress, under Notification settings."),
            ]
        )
        staff_email_queue(to=person.email, subject=f"[redress] {label}: {params['reference']}", body=body + "\n")


def preferences_save(*, user: User, choices: dict[str, tuple[bool, bool]], language: str | None = None) -> None:
    """Keep this person's choice for each kind in `choices` (kinds of HANDOFFS only) and, given, the language
    of their e-mails. All of it or nothing."""
    if unknown := [kind for kind in choices if kind not in HANDOFFS]:
        raise ValueError(f"No hand-off kind {unknown[0]!r}.")
    with transaction.atomic():
        for kind, (in_app, email) in choices.items():
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"in_app": in_app, "email": email})
        if language is not None:
            Recipient.objects.update_or_create(user=user, defaults={"language": language})


def reply_unread(*, complaint: Complaint) -> None:
    """The customer wrote back: the complaint is unread for its assignee until they open it."""
    if complaint.assignee_id is None:
        return
    UnreadReply.objects.update_or_create(
        user_id=complaint.assignee_id, complaint=complaint, defaults={"since": timezone.now()}
    )


def customer_replied(*, complaint: Complaint) -> None:
    """A reply of the customer was threaded onto the complaint: unread for its assignee, who is told."""
    reply_unread(complaint=complaint)
    if complaint.assignee is not None:
        handoff_notify(kind="customer_replied", users=[complaint.assignee], complaint=complaint, params={})


def reply_seen(*, user: User, complaint: Complaint) -> None:
    """The person opened the complaint: its customer's replies are read (one DELETE, nothing when none)."""
    UnreadReply.objects.filter(user=user, complaint=complaint).delete()
