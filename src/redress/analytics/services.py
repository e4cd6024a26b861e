"""Keep the facts up to date: each complaint changed since the last refresh is counted again.

`facts_refresh` runs on every analytics read (cheap when nothing changed: one index lookup), from the
scheduler every minute, and from `redress analytics refresh`. A complaint whose transaction commits after a
later one's (its `updated_at` older than the mark) is still seen: the mark stays `_LAG` behind the newest
change, and the rows in that window are looked at again (counted again when their fact is not of that change:
a late commit; left alone otherwise, so a read does not write). Once the newest change
is older than the lag, the mark is that change itself (its time and id), and nothing is counted again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import cache
from typing import Any

from django.db import transaction
from django.utils import timezone

from redress.analytics import sources, totals
from redress.analytics.models import ComplaintFact, DailyRedress, DailyTotal, RefreshMark
from redress.complaints.choices import Outcome, RedressType, Status
from redress.complaints.selectors import complaints_changed_since
from redress.deadlines.calendar import WorkCalendar, working_days_between
from redress.deadlines.policies import calendar_for, policies

_LAG = timedelta(seconds=5)
_BATCH = 1000
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# A merged complaint is counted in the one it joined; an enquiry is not a complaint (counted apart: `enquiries`).
_NOT_COUNTED = {Status.MERGED, Status.ENQUIRY}
_FINAL = {Status.CUSTOMER_NOTIFIED, Status.CLOSED, Status.ARCHIVED}
_ENDED = {Status.CLOSED, Status.ARCHIVED, Status.WITHDRAWN, Status.DECLINED}
_UPHELD = {Outcome.UPHELD, Outcome.PARTLY_UPHELD}
_FIELDS = [f.name for f in ComplaintFact._meta.concrete_fields if not f.primary_key]
assert RedressType.NON_MONETARY  # plan totals already leave non-monetary items out


@cache
def _calendar(jurisdiction: str) -> WorkCalendar | None:
    found = policies().get(jurisdiction)
    return calendar_for(found[0]) if found else None


def forget_calendars() -> None:
    _calendar.cache_clear()


def _local_day(value: datetime, cal: WorkCalendar | None) -> date:
    return timezone.localtime(value, cal.tz if cal else None).date()


def fact_of(row: dict[str, Any], batch: sources.Batch) -> ComplaintFact | None:
    """The fact row of one complaint, as the reports count it (None: not counted, e.g. merged)."""
    if row["status"] in _NOT_COUNTED:
        return None
    cid = row["id"]
    cal = _calendar(row["jurisdiction"])
    received = _local_day(row["received_at"], cal)
    closed: date | None = None
    if row["status"] in _FINAL and row["notified_at"]:
        closed = _local_day(row["notified_at"], cal)
    elif row["status"] in _ENDED and row["closed_at"]:
        closed = _local_day(row["closed_at"], cal)
    due = batch.decision_due.get(cid)
    due_on = _local_day(due, cal) if due else None
    currency, total = batch.redress.get(cid, ("", Decimal("0")))
    return ComplaintFact(
        complaint_id=cid,
        reference=row["reference"],
        jurisdiction=row["jurisdiction"],
        department_id=row["department_id"],
        channel=row["channel"],
        business=row["business"],
        product=row["product"],
        reason=row["reason"],
        root_cause=row["root_cause"],
        language=row["language"],
        received_on=received,
        closed_on=closed,
        is_open=closed is None,
        status=row["status"],
        outcome=row["outcome"] if closed else "",
        upheld=bool(closed) and row["outcome"] in _UPHELD,
        redress_currency=currency if closed else "",
        redress_paid=total if closed else Decimal("0"),
        days_to_close=(closed - received).days if closed else None,
        business_days_to_close=working_days_between(received, closed, cal) if closed and cal else None,
        decision_due_on=due_on,
        within_deadline=(row["notified_at"] <= due) if closed and due and row["notified_at"] else None,
        vulnerable="vulnerable" in (batch.flags.get(cid) or []),
        forwarded_by_regulator=row["forwarded_by_regulator"],
        repeat=bool(row.get("repeat")),
        review_requested=row["previous_handler_id"] is not None,
        satisfaction=row["satisfaction"],
        source_updated_at=row["updated_at"],
    )


def facts_write(ids: list[int]) -> int:
    """Count these complaints again: their fact rows replaced (a merged one's removed), the daily totals with them."""
    if not ids:
        return 0
    with transaction.atomic():
        totals.lock()  # read after the last writer committed, so its facts are the old ones here
        batch = sources.batch(ids)
        facts = [f for f in (fact_of(row, batch) for row in batch.complaints) if f is not None]
        return facts_store(facts, ids)


def facts_store(facts: list[ComplaintFact], ids: list[int] | None = None) -> int:
    """Write these facts (and remove those of `ids` that have none), adding the difference to the daily totals."""
    every = set(ids or ()) | {f.complaint_id for f in facts}
    gone = every - {f.complaint_id for f in facts}
    with transaction.atomic():
        totals.lock()
        old = list(ComplaintFact.objects.select_for_update().filter(complaint_id__in=every).only(*totals.FACT_FIELDS))
        change = totals.Change().add(old, -1).add(facts, +1)
        if gone := gone & {f.complaint_id for f in old}:  # a merged one's fact, if it still has one
            ComplaintFact.objects.filter(complaint_id__in=gone).delete()
        ComplaintFact.objects.bulk_create(
            facts, update_conflicts=True, unique_fields=["complaint"], update_fields=_FIELDS
        )
        totals.apply(change)
    return len(facts)


def totals_rebuild() -> int:
    """Count the daily totals again from the facts (the full refresh ends with it); returns the rows written."""
    return totals.rebuild(ComplaintFact, DailyTotal, DailyRedress)


def changed_ids(changed: list[tuple[int, datetime]]) -> list[int]:
    """The complaints whose fact is not of this very change (the lag window's: counted already, left alone, so a
    read within it does not write)."""
    seen = dict(
        ComplaintFact.objects.filter(complaint_id__in=[pk for pk, _ in changed]).values_list(
            "complaint_id", "source_updated_at"
        )
    )
    return [pk for pk, at in changed if seen.get(pk) != at]


def facts_refresh(*, full: bool = False) -> int:
    """Bring the facts up to date; returns how many complaints were counted again."""
    mark, _ = RefreshMark.objects.get_or_create(name="facts", defaults={"through": _EPOCH})
    before = (mark.through, mark.last_id)
    after: tuple[datetime, int] | None = None if full else before
    counted = 0
    newest = before
    while True:
        changed = complaints_changed_since(after, _BATCH)
        if not changed:
            break
        counted += facts_write(changed_ids(changed) if not full else [pk for pk, _ in changed])
        after = (changed[-1][1], changed[-1][0])
        newest = max(newest, after)
    if full:
        totals_rebuild()
    # Past the lag every change up to the newest has committed: the next refresh starts after it (the same
    # second's complaints are not counted again on every read). Within the lag it starts at the lag's edge.
    cut = timezone.now() - _LAG
    through = newest if newest[0] <= cut else (cut, 0)
    if through > before:
        RefreshMark.objects.filter(name="facts").update(through=through[0], last_id=through[1])
    return counted
