"""A person's notifications: /notifications/ (newest first, paged), one digest in full, mark all read."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from redress.accounts.presenters import user_of
from redress.core.presenters import choice_label
from redress.deadlines.models import ClockKind
from redress.notifications.kinds import KIND_LABELS, kind_label, message_texts
from redress.notifications.models import Notification
from redress.notifications.selectors import NOTIFICATION_FIELDS, notifications_page, unread_count
from redress.notifications.services import notifications_mark_read

# The in-app notifications' kinds, as a person reads them (every kind: `kinds.KIND_LABELS`).
NOTIFICATION_KINDS: dict[str, Promise] = KIND_LABELS


@dataclass(frozen=True)
class Item:
    """One alert of a notification: the complaint it is about (a link) and the clock, in the page's language."""

    reference: str
    clock: str  # the clock's name ("" when the notification names none: then `text` says what it is)
    text: str = ""


@dataclass(frozen=True)
class NotificationRow:
    notification: Notification
    kind: str
    items: list[Item]  # at most INLINE_ITEMS on the list; all of them on the notification's own page
    total: int
    unread: bool

    @property
    def more(self) -> int:
        return self.total - len(self.items)


# Alerts of a digest listed on the notifications page; the rest are on the notification's own page.
INLINE_ITEMS = 10
_MESSAGE = re.compile(r"^(?P<reference>[A-Z]{2,5}-[0-9]{8}-[0-9]{4,}): (?P<clock>[a-z_]+) ")


def _clock(kind: str) -> str:
    return choice_label(ClockKind, kind) if kind in ClockKind.values else ""


def _rows(page: list[Notification], limit: int | None = INLINE_ITEMS) -> list[NotificationRow]:
    """The rows of a page, their messages worded together in the reader's language (one read of what they name)."""
    texts = message_texts([(n.kind, n.params, n.message) for n in page])
    return [_row(n, text, limit) for n, text in zip(page, texts, strict=True)]


def _row(n: Notification, text: str, limit: int | None) -> NotificationRow:
    """`text`: its message, in the reader's language."""
    if n.items is not None:
        # A digest of the sweep: [reference, clock kind] for each alert of one batch.
        pairs = n.items if limit is None else n.items[:limit]
        items = [Item(reference=str(reference), clock=_clock(str(clock))) for reference, clock in pairs]
        total = len(n.items)
    else:
        # About one complaint ("REF: clock-kind words" when a clock is named); shown in the page's language.
        found = _MESSAGE.match(n.message)
        clock = _clock(found.group("clock")) if found else ""
        reference = n.complaint.reference if n.complaint else ""
        items = [Item(reference=reference, clock=clock, text="" if clock else text)]
        total = 1
    return NotificationRow(
        notification=n,
        kind=kind_label(n.kind),
        items=items,
        total=total,
        unread=n.read_at is None,
    )


@never_cache
@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        before = 0
    page, has_next = notifications_page(user, before=before, size=settings.REDRESS_QUEUE_PAGE_SIZE)
    context = {
        "rows": _rows(page),
        "next_before": page[-1].pk if has_next and page else None,
        "paged": before > 0,
        "unread": unread_count(user),
    }
    return render(request, "notifications/list.html", context)


@never_cache
@login_required
@require_GET
def notification(request: HttpRequest, pk: int) -> HttpResponse:
    """One notification with every alert it stands for (a digest lists only the first few on the list)."""
    user = user_of(request)
    n = get_object_or_404(Notification.objects.select_related("complaint").only(*NOTIFICATION_FIELDS), pk=pk, user=user)
    return render(request, "notifications/detail.html", {"row": _rows([n], limit=None)[0]})


@never_cache
@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    """Mark all of the signed-in person's notifications read (only their own; one UPDATE)."""
    user = user_of(request)
    changed = notifications_mark_read(user=user)
    if changed:
        messages.success(request, _("All notifications are marked as read."))
    return redirect("notifications:list")
