"""API: the follow-up visits to make, and the satisfaction figures of a period."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.core.api import PeriodQuery, error_responses
from redress.core.errors import InvalidInput
from redress.surveys import selectors
from redress.surveys.api.serializers import FollowUpsOut, FollowUpsQuery, SatisfactionReportOut


class FollowUps(APIView):
    """Open follow-up visits (回访) on complaints the caller may see, soonest first; `mine=1`: theirs."""

    @extend_schema(
        operation_id="follow_ups_list",
        summary="Open follow-up visits, soonest first",
        parameters=[FollowUpsQuery],
        responses={200: FollowUpsOut, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        mine = request.query_params.get("mine") in ("1", "true")
        tasks = selectors.followups_open(user=user_of(request), mine=mine)[:500]
        return Response(
            {
                "results": [
                    {
                        "id": t.pk,
                        "complaint": t.complaint.reference,
                        "due_on": t.due_on.isoformat(),
                        "rules": t.rules,
                        "assignee": t.assignee.username if t.assignee else None,
                        "satisfaction": t.complaint.satisfaction,
                    }
                    for t in tasks
                ]
            }
        )


class SatisfactionReport(APIView):
    """Satisfaction in a period (`from`, `to`: ISO dates; default the last 30 days)."""

    @extend_schema(
        operation_id="report_satisfaction",
        summary="Satisfaction in a period",
        description="From `from` to `to` (default: the last 30 days), on complaints the caller may see.",
        parameters=[PeriodQuery],
        responses={200: SatisfactionReportOut, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        try:
            start = date.fromisoformat(request.query_params.get("from") or (today - timedelta(days=29)).isoformat())
            end = date.fromisoformat(request.query_params.get("to") or today.isoformat())
        except ValueError as exc:
            raise InvalidInput({"from": [_("Dates are written YYYY-MM-DD.")]}) from exc
        if start > end:
            raise InvalidInput({"to": [_("The period ends before it starts.")]})
        return Response(selectors.satisfaction_report(user=user_of(request), start=start, end=end))
