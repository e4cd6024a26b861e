"""API: the regulator returns and the management pack of a period, as JSON, CSV, XLSX (and board-mi as PDF)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.models import Role
from redress.accounts.presenters import user_of
from redress.analytics.api.returns_serializers import RETURN_OUT, ReturnQuery
from redress.analytics.returns import RETURNS, export
from redress.analytics.returns.columns import parse_period
from redress.core.api import error_responses
from redress.core.errors import Forbidden, InvalidInput, NotFound

READERS = {Role.COMPLIANCE, Role.ANALYST, Role.AUDITOR, Role.ADMIN}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _JsonOnly(BaseContentNegotiation):
    """`format` names the file to make, not a renderer: answer JSON (the data and the errors) whatever it says."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type

    def select_parser(self, request: Any, parsers: Any) -> Any:
        return parsers[0] if parsers else None


def _answer(request: Request, kind: str) -> Response | HttpResponseBase:
    user = user_of(request)
    if user.role not in READERS:
        raise Forbidden(_("Only compliance, analysts, auditors and administrators read the returns."))
    ret = RETURNS.get(kind)
    if ret is None:
        raise NotFound(_("There is no return of that kind."))
    start, end = parse_period(request.query_params.get("from"), request.query_params.get("to"))
    fmt = request.query_params.get("format") or "json"
    if fmt == "json":
        return Response(export.as_json(ret, start, end))
    response: HttpResponseBase
    if fmt == "csv":
        response = StreamingHttpResponse(export.csv_lines(ret, start, end), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        spool = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 — FileResponse closes (and so deletes) it
        export.write_xlsx(ret, start, end, Path(spool.name))
        spool.seek(0)
        response = FileResponse(spool, content_type=XLSX)
    elif fmt == "pdf" and kind == "board-mi":
        from redress.analytics.returns.board_pdf import board_pdf

        response = HttpResponse(board_pdf(start, end), content_type="application/pdf")
    else:
        raise InvalidInput({"format": [_("Give json, csv or xlsx (pdf for board-mi).")]})
    response["Content-Disposition"] = f'attachment; filename="{export.filename(ret, start, end, fmt)}"'
    return response


def _view(kind: str) -> type[APIView]:
    media: dict[Any, Any] = {
        (200, "application/json"): RETURN_OUT[kind],
        (200, "text/csv"): OpenApiTypes.BINARY,
        (200, XLSX): OpenApiTypes.BINARY,
    }
    if kind == "board-mi":
        media[(200, "application/pdf")] = OpenApiTypes.BINARY

    class ReturnView(APIView):
        content_negotiation_class = _JsonOnly

        @extend_schema(
            operation_id=f"report_return_{kind.replace('-', '_')}",
            summary=f"The {kind} return of a period",
            description=(
                "From `from` to `to` (both required, both included). `format`: json (default), csv or xlsx "
                "(bilingual headers)" + (", pdf" if kind == "board-mi" else "") + ". Compliance, analysts, "
                "auditors and administrators."
            ),
            parameters=[ReturnQuery],
            responses={**media, **error_responses(400, 401, 403)},
        )
        def get(self, request: Request) -> Response | HttpResponseBase:
            return _answer(request, kind)

    ReturnView.__name__ = ReturnView.__qualname__ = f"{RETURN_OUT[kind].__name__.removesuffix('Out')}View"
    return ReturnView


VIEWS: dict[str, type[APIView]] = {kind: _view(kind) for kind in RETURNS}


class UnknownReturn(APIView):
    """Any other kind: a 404 naming none."""

    content_negotiation_class = _JsonOnly

    @extend_schema(exclude=True)
    def get(self, request: Request, kind: str) -> Response | HttpResponseBase:
        return _answer(request, kind)
