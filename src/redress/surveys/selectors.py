"""Reads: the follow-up visits to make, and the satisfaction figures (in SQL, for a period)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Avg, Count, Q, QuerySet

from redress.accounts.models import User
from redress.complaints.models import Complaint
from redress.surveys.models import FollowUpTask, Survey, TaskStatus


def followups_open(*, user: User, mine: bool = False) -> QuerySet[FollowUpTask]:
    """Open visits on complaints the person may see, soonest first; `mine`: assigned to them."""
    tasks = FollowUpTask.objects.filter(
        status=TaskStatus.OPEN, complaint__in=Complaint.objects.restrict(user, "view")
    ).select_related("complaint", "assignee")
    if mine:
        tasks = tasks.filter(assignee=user)
    return tasks.order_by("due_on", "id")


def period_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, end+1 00:00) in the institution's time zone."""
    zone = ZoneInfo(settings.TIME_ZONE)
    return datetime.combine(start, time.min, zone), datetime.combine(end + timedelta(days=1), time.min, zone)


def _rate(part: int, whole: int) -> str | None:
    if not whole:
        return None
    return str((Decimal(part) * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def _mean(value: Any) -> str | None:
    return None if value is None else str(Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def satisfaction_report(*, user: User, start: date, end: date) -> dict[str, Any]:
    """Satisfaction of the complaints closed in the period (what was recorded, from the survey or by the
    handler), the surveys sent in it, and the follow-up visits made in it; complaints the person may see."""
    lo, hi = period_bounds(start, end)
    visible = Complaint.objects.restrict(user, "view")
    closed = visible.filter(closed_at__gte=lo, closed_at__lt=hi).exclude(satisfaction="")
    answers = closed.aggregate(
        satisfied=Count("id", filter=Q(satisfaction="satisfied")),
        dissatisfied=Count("id", filter=Q(satisfaction="dissatisfied")),
        no_response=Count("id", filter=Q(satisfaction="no_response")),
        mean_score=Avg("satisfaction_score"),
    )
    answered = answers["satisfied"] + answers["dissatisfied"]
    surveys = Survey.objects.filter(complaint__in=visible, created_at__gte=lo, created_at__lt=hi).aggregate(
        sent=Count("id"),
        answered=Count("id", filter=Q(answered_at__isnull=False)),
        reviews=Count("id", filter=Q(review_requested_at__isnull=False)),
    )
    visits = FollowUpTask.objects.filter(complaint__in=visible, done_at__gte=lo, done_at__lt=hi).aggregate(
        done=Count("id"),
        reached=Count("id", filter=Q(reached=True)),
        satisfied=Count("id", filter=Q(result="satisfied")),
        dissatisfied=Count("id", filter=Q(result="dissatisfied")),
        mean_score=Avg("score"),
    )
    overdue = FollowUpTask.objects.filter(
        complaint__in=visible, status=TaskStatus.OPEN, due_on__lt=end + timedelta(days=1)
    ).count()
    visit_answers = visits["satisfied"] + visits["dissatisfied"]
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "closed": {
            **{k: answers[k] for k in ("satisfied", "dissatisfied", "no_response")},
            "satisfaction_rate": _rate(answers["satisfied"], answered),
            "mean_score": _mean(answers["mean_score"]),
        },
        "surveys": {**surveys, "response_rate": _rate(surveys["answered"], surveys["sent"])},
        "follow_ups": {
            **{k: visits[k] for k in ("done", "reached", "satisfied", "dissatisfied")},
            "satisfaction_rate": _rate(visits["satisfied"], visit_answers),
            "mean_score": _mean(visits["mean_score"]),
            "open_due": overdue,
        },
    }


def complaint_aftercare(complaint: Complaint) -> dict[str, Any]:
    """For the complaint page: the latest survey and follow-up visit, if any."""
    return {
        "survey": complaint.surveys.order_by("-created_at", "-id").first(),
        "follow_up": complaint.follow_ups.select_related("assignee", "done_by").order_by("-id").first(),
    }
