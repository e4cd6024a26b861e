"""Reads of the queue beyond `selectors.complaint_list`: its orders with their keysets, the counts of its quick
filters, the rows of an export, and the saved views a person may open."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.choices import OPEN_STATUSES
from redress.complaints.models import Complaint, SavedView
from redress.complaints.selectors import UNMASKED_ROLES, complaint_list
from redress.deadlines.selectors import due_window

# --- The counts of the quick filters ------------------------------------------------------------------------

QUICK = ("overdue", "today", "week", "mine", "unassigned")
# The filters the quick ones replace: each count is of the list without them.
_QUICK_KEYS = ("due", "overdue", "assignee", "sort")


def quick_counts(*, user: User, filters: dict[str, Any]) -> dict[str, int]:
    """How many complaints each quick filter (overdue / today / week, mine / unassigned) would list, within the
    other filters in force: one aggregate query."""
    base = {k: v for k, v in filters.items() if k not in _QUICK_KEYS}
    qs = complaint_list(user=user, filters=base).order_by()
    now = timezone.now()
    open_ = Q(status__in=OPEN_STATUSES)
    due: dict[str, Q] = {}
    for name in ("overdue", "today", "week"):
        start, end = due_window(name, now)
        due[name] = open_ & Q(next_due_at__lte=end) & (Q(next_due_at__gt=start) if start else Q())
    found = qs.aggregate(
        **{name: Count("id", filter=q) for name, q in due.items()},
        mine=Count("id", filter=Q(assignee=user)),
        unassigned=Count("id", filter=Q(assignee__isnull=True)),
    )
    return {name: int(found.get(name) or 0) for name in QUICK}


# --- Export -------------------------------------------------------------------------------------------------

EXPORT_FIELDS = (
    "id",
    "reference",
    "received_at",
    "status",
    "next_due_at",
    "jurisdiction",
    "channel",
    "product",
    "urgent",
    "customer_name",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "department__code",
    "summary",
)
SUMMARY_CHARS = 160


def with_summary(qs: QuerySet[Complaint]) -> QuerySet[Complaint]:
    """The description as `summary` (the queue's summary column), decrypted: the database holds it encrypted, so
    it cannot cut its start; the rows cut it to `SUMMARY_CHARS` (`views.queue_rows.summary_text`)."""
    return qs.annotate(summary=F("description"))


def export_rows(qs: QuerySet[Complaint], chunk: int = 2000) -> Iterator[dict[str, Any]]:
    """The rows of `qs` (in its order) as `EXPORT_FIELDS` values, streamed from the database `chunk` at a time."""
    return with_summary(qs).values(*EXPORT_FIELDS).iterator(chunk_size=chunk)


def sees_names(user: User) -> bool:
    """Whether a list shows `user` the customers' names whole (else masked): the roles that see personal data.
    No list holds a complaint naming them (`restrict` leaves those out)."""
    return user.role in UNMASKED_ROLES


# --- Saved views --------------------------------------------------------------------------------------------


def saved_views(user: User) -> tuple[list[SavedView], list[SavedView]]:
    """(the person's own views, the views shared with everyone by others), each by name."""
    found = SavedView.objects.filter(Q(owner=user) | Q(shared=True)).select_related("owner").order_by("name", "id")
    mine: list[SavedView] = []
    shared: list[SavedView] = []
    for view in found:
        (mine if view.owner_id == user.pk else shared).append(view)
    return mine, shared


def saved_view_get(user: User, pk: int) -> SavedView | None:
    return SavedView.objects.filter(Q(owner=user) | Q(shared=True), pk=pk).first()
