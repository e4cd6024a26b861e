"""API: the dashboard's charts, one GET each, as JSON or (`format=csv`) as CSV."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.analytics import selectors, spike_selectors
from redress.analytics.api import serializers as out
from redress.analytics.filters import Filters, may_see_analytics, parse_filters, parse_interval
from redress.analytics.presenters import BY_KEY, to_csv, with_band
from redress.core.api import error_responses


class CsvRenderer(BaseRenderer):
    """Lets `?format=csv` through DRF's negotiation; the view writes the CSV itself. An error goes out as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode()


class MaySeeAnalytics(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return may_see_analytics(request.user)


class ChartView(APIView):
    """One chart: `chart` names it (path, title, columns), `read` computes its rows."""

    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, MaySeeAnalytics]  # type: ignore[misc]
    renderer_classes: ClassVar[list[type[BaseRenderer]]] = [JSONRenderer, CsvRenderer]  # type: ignore[misc]
    chart: ClassVar[str]

    def rows(self, request: Request, filters: Filters) -> list[dict[str, Any]]:
        raise NotImplementedError

    def head(self, request: Request, filters: Filters, rows: list[dict[str, Any]]) -> dict[str, Any]:
        return {}

    def get(self, request: Request) -> HttpResponse:
        params = request.query_params
        filters = selectors.checked_filters(parse_filters(params))
        rows = self.rows(request, filters)
        head = self.head(request, filters, rows)
        if params.get("format") == "csv":
            if head.get("expected"):
                rows = with_band(rows, head["expected"])
            response = HttpResponse(to_csv(BY_KEY[self.chart], rows), content_type="text/csv; charset=utf-8")
            stamp = timezone.localdate().isoformat()
            response["Content-Disposition"] = f'attachment; filename="{self.chart}-{stamp}.csv"'
            return response
        return Response({**head, "rows": rows})


def _schema(name: str, summary: str, answer: type[serializers.Serializer[Any]], query: Any = None) -> Any:
    return extend_schema(
        operation_id=f"analytics_{name.replace('-', '_')}",
        summary=summary,
        description="On the complaints the caller may count (a manager with a department: that department's). "
        "`format=csv`: the same rows as a CSV file, headed in the reader's language.",
        parameters=[query or out.AnalyticsQuery],
        responses={
            (200, "application/json"): OpenApiResponse(answer, description="The chart's rows."),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="With format=csv: the rows as CSV."),
            **{(code, "application/json"): answer for code, answer in error_responses(400, 401, 403).items()},
        },
    )


def _simple(name: str, summary: str, answer: type[serializers.Serializer[Any]], read: Callable[..., Any]) -> Any:
    """A chart view whose rows need only the person and the filters."""

    class View(ChartView):
        chart = name

        @_schema(name, summary, answer)
        def get(self, request: Request) -> HttpResponse:
            return super().get(request)

        def rows(self, request: Request, filters: Filters) -> list[dict[str, Any]]:
            return read(user=user_of(request), filters=filters)

    View.__name__ = View.__qualname__ = "".join(p.title() for p in name.split("-")) + "Chart"
    View.__doc__ = summary
    return View


class VolumeChart(ChartView):
    """Complaints received and closed per day, week or month."""

    chart = "volume"

    @_schema("volume", "Complaints received and closed per day, week or month", out.VolumeOut, out.VolumeQuery)
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)

    def head(self, request: Request, filters: Filters, rows: list[dict[str, Any]]) -> dict[str, Any]:
        return spike_selectors.volume_head(user_of(request), filters, parse_interval(request.query_params), rows)

    def rows(self, request: Request, filters: Filters) -> list[dict[str, Any]]:
        interval = parse_interval(request.query_params)
        return selectors.volume(user=user_of(request), filters=filters, interval=interval)


class SpikesList(ChartView):
    """The spike alerts of the period inside the filters."""

    chart = "spikes"

    @_schema("spikes", "Spike alerts: days well above what the recent past predicts", out.SpikesOut)
    def get(self, request: Request) -> HttpResponse:
        return super().get(request)

    def rows(self, request: Request, filters: Filters) -> list[dict[str, Any]]:
        return spike_selectors.spike_alerts(user=user_of(request), filters=filters)


BusinessReasonChart = _simple(
    "business-reason", "Complaints by business line and reason", out.BusinessReasonOut, selectors.business_reason
)
ParetoChart = _simple("pareto", "Complaints by reason, most frequent first (Pareto)", out.ParetoOut, selectors.pareto)
TimelinessChart = _simple(
    "timeliness",
    "Timeliness by jurisdiction: closed in time, open near or past the deadline",
    out.TimelinessOut,
    selectors.timeliness,
)
OutcomesChart = _simple(
    "outcomes", "Outcome rates and redress paid by business line", out.OutcomesOut, selectors.outcomes
)
AgeingChart = _simple("ageing", "Open complaints by days since receipt", out.AgeingOut, selectors.ageing)
SatisfactionChart = _simple(
    "satisfaction", "Customer satisfaction and review requests per month", out.SatisfactionOut, selectors.satisfaction
)
EnquiriesChart = _simple(
    "enquiries",
    "Enquiries staff found were not complaints, by channel (in no other chart)",
    out.EnquiriesOut,
    selectors.enquiries,
)
