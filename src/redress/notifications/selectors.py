"""Reads of a person's notifications: the unread count for the header, keyset pages, their JSON."""

from __future__ import annotations

from typing import Any

from redress.notifications.models import Notification

UNREAD_CAP = 99  # the header shows 99+ beyond this


def unread_count(user: Any) -> int:
    """Unread notifications, at most UNREAD_CAP + 1: an index range scan of ids, no COUNT over the table."""
    if not getattr(user, "is_authenticated", False):
        return 0
    return len(
        Notification.objects.filter(user=user, read_at__isnull=True).values_list("id", flat=True)[: UNREAD_CAP + 1]
    )


NOTIFICATION_FIELDS = ("id", "kind", "message", "items", "created_at", "read_at", "complaint__reference")


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


def notification_representation(n: Notification) -> dict[str, Any]:
    """One notification: a digest lists every [reference, clock] it stands for; else the one complaint."""
    reference = n.complaint.reference if n.complaint_id and n.complaint else None
    pairs = n.items if n.items is not None else [[reference, None]]
    return {
        "id": n.pk,
        "kind": n.kind,
        "message": n.message,
        "complaint": reference,
        "alerts": [{"reference": ref, "clock": clock} for ref, clock in pairs],
        "created_at": n.created_at.isoformat(),
        "read_at": n.read_at.isoformat() if n.read_at else None,
    }
