"""Reads of a person's notifications: the unread count for the header, keyset pages, their JSON."""

from __future__ import annotations

from typing import Any

from redress.notifications.kinds import HANDOFFS, kind_label, message_texts
from redress.notifications.models import Notification, Preference, Recipient, UnreadReply

UNREAD_CAP = 99  # the header shows 99+ beyond this


def unread_count(user: Any) -> int:
    """Unread notifications, at most UNREAD_CAP + 1: an index range scan of ids, no COUNT over the table."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return len(
        Notification.objects.filter(user=user, read_at__isnull=True).values_list("id", flat=True)[: UNREAD_CAP + 1]
    )


NOTIFICATION_FIELDS = ("id", "kind", "message", "params", "items", "created_at", "read_at", "complaint__reference")


NOTIFICATIONS_PAGE_MAX = 200  # the most notifications a page (API and CLI) holds


def notifications_page(
    user: Any, *, before: int = 0, size: int, unread_only: bool = False
) -> tuple[list[Notification], bool]:
    """A page of this person's notifications, newest first, older than id `before` (0: the newest), and
    whether there are more: a keyset page of `size + 1` rows, no COUNT."""
    qs = Notification.objects.filter(user=user).select_related("complaint").only(*NOTIFICATION_FIELDS)
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    if before > 0:
        qs = qs.filter(id__lt=before)
    page = list(qs.order_by("-id")[: size + 1])
    return page[:size], len(page) > size


def notifications_representation(page: list[Notification]) -> list[dict[str, Any]]:
    """`notification_representation` of each, their messages worded together (one read of what they name)."""
    texts = message_texts([(n.kind, n.params, n.message) for n in page])
    return [notification_representation(n, text) for n, text in zip(page, texts, strict=True)]


def notification_representation(n: Notification, message: str | None = None) -> dict[str, Any]:
    """One notification: a digest lists every [reference, clock] it stands for; else the one complaint. Its
    kind's label and its message (`message` when already worded) are in the active language (the reader's),
    worked out now."""
    if message is None:
        message = message_texts([(n.kind, n.params, n.message)])[0]
    reference = n.complaint.reference if n.complaint_id and n.complaint else None
    pairs = n.items if n.items is not None else [[reference, None]]
    return {
        "id": n.pk,
        "kind": n.kind,
        "kind_label": kind_label(n.kind),
        "message": message,
        "complaint": reference,
        "alerts": [{"reference": ref, "clock": clock} for ref, clock in pairs],
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
    }


def unread_replies(user: Any) -> set[int]:
    """The ids of the complaints whose customer wrote back since `user` (their handler) last opened them:
    one query of this person's rows (a handful: each goes when the complaint is opened)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(UnreadReply.objects.filter(user=user).values_list("complaint_id", flat=True))


def preferences_of(user: Any) -> list[dict[str, Any]]:
    """Each hand-off kind with this person's choice (or the default): kind, label, in_app, email."""
    chosen = {p.kind: p for p in Preference.objects.filter(user=user)}
    rows = []
    for kind, handoff in HANDOFFS.items():
        row = chosen.get(kind)
        rows.append(
            {
                "kind": kind,
                "kind_label": str(handoff.label),
                "in_app": row.in_app if row else True,
                "email": row.email if row else handoff.email,
            }
        )
    return rows


def email_language_of(user: Any) -> str | None:
    """The language this person chose for their e-mails (None: not chosen, the site's)."""
    return Recipient.objects.filter(user=user).values_list("language", flat=True).first()
