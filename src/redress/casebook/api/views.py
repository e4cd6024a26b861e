"""API of the case library: HTTP in and out only — parse, call a service or selector, answer."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.casebook import selectors, services
from redress.casebook.api import serializers as io
from redress.casebook.models import ReadingConfirmation
from redress.casebook.presenters import case_json, case_row_json, guide_json, training_csv, training_json
from redress.core.api import error_responses, iso
from redress.core.errors import InvalidInput

PAGE_MAX = 200


def _valid(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    if not serializer.is_valid():
        raise InvalidInput(serializer.errors)
    return dict(serializer.validated_data)


def _this_year() -> int:
    return timezone.localdate().year


def _confirmed(found: ReadingConfirmation, created: bool) -> Response:
    body = {"year": found.year, "confirmed_at": iso(found.confirmed_at), "created": created}
    return Response(body, status=status.HTTP_201_CREATED if created else status.HTTP_200_OK)


class CaseList(APIView):
    """The case library: search it, or mark a closed complaint as a teaching case."""

    @extend_schema(
        operation_id="casebook_cases_list",
        summary="Teaching cases, newest first (at most 200)",
        parameters=[io.CaseQuery],
        responses={200: io.CasesOut, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        filters = _valid(io.CaseQuery(data=request.query_params))
        qs = selectors.case_list(filters=filters)
        rows = list(qs[:PAGE_MAX])
        # Counted again only when the page is full: a search for words scans the texts once, not twice.
        count = len(rows) if len(rows) < PAGE_MAX else qs.count()
        return Response({"results": [case_row_json(c) for c in rows], "count": count})

    @extend_schema(
        operation_id="casebook_cases_create",
        summary="Mark a closed complaint as a teaching case (compliance, managers)",
        request=io.CaseIn,
        responses={201: io.CaseOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = _valid(io.CaseIn(data=request.data))
        case = services.case_mark(
            user=user,
            reference=data["complaint"],
            lesson=data["lesson"],
            required_for_year=data.get("required_for_year"),
        )
        return Response(
            case_json(case, origin=selectors.may_see_origin(user), read=False), status=status.HTTP_201_CREATED
        )


class CaseDetail(APIView):
    """One teaching case; its lesson changed, or the case taken out of the library."""

    def _answer(self, request: Request, case_id: int) -> Response:
        user = user_of(request)
        case = selectors.case_get(case_id=case_id)
        read = selectors.has_read(user=user, year=_this_year(), case=case)
        return Response(case_json(case, origin=selectors.may_see_origin(user), read=read))

    @extend_schema(
        operation_id="casebook_cases_get",
        summary="A teaching case",
        responses={200: io.CaseOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, case_id: int) -> Response:
        return self._answer(request, case_id)

    @extend_schema(
        operation_id="casebook_cases_update",
        summary="Change the lesson or the year it is required reading in (compliance, managers)",
        request=io.CasePatchIn,
        responses={200: io.CaseOut, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, case_id: int) -> Response:
        data = _valid(io.CasePatchIn(data=request.data))
        changes: dict[str, Any] = {"lesson": data.get("lesson")}
        if "required_for_year" in data:
            changes["required_for_year"] = data["required_for_year"]
        services.case_update(user=user_of(request), case_id=case_id, **changes)
        return self._answer(request, case_id)

    @extend_schema(
        operation_id="casebook_cases_unmark",
        summary="Take the case out of the library (compliance, managers); its history stays",
        responses={200: io.UnmarkedOut, **error_responses(401, 403, 404)},
    )
    def delete(self, request: Request, case_id: int) -> Response:
        case = services.case_unmark(user=user_of(request), case_id=case_id)
        return Response({"id": case.pk, "unmarked_at": iso(case.unmarked_at)})


class CaseConfirm(APIView):
    @extend_schema(
        operation_id="casebook_cases_confirm",
        summary="Confirm having read the case (this year; again changes nothing)",
        request=None,
        responses={201: io.ConfirmOut, 200: io.ConfirmOut, **error_responses(401, 404)},
    )
    def post(self, request: Request, case_id: int) -> Response:
        return _confirmed(*services.reading_confirm(user=user_of(request), case=selectors.case_get(case_id=case_id)))


class GuideList(APIView):
    @extend_schema(
        operation_id="casebook_guides_list",
        summary="Published guides",
        parameters=[io.GuideQuery],
        responses={200: io.GuidesOut, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        guides = selectors.guide_list(filters=request.query_params.dict())
        return Response({"results": [guide_json(g, full=False) for g in guides]})


class GuideDetail(APIView):
    @extend_schema(
        operation_id="casebook_guides_get",
        summary="A guide, in the reader's language (else another)",
        responses={200: io.GuideOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, guide_id: int) -> Response:
        guide = selectors.guide_get(guide_id=guide_id)
        read = selectors.has_read(user=user_of(request), year=_this_year(), guide=guide)
        return Response(guide_json(guide, full=True, read=read))


class GuideConfirm(APIView):
    @extend_schema(
        operation_id="casebook_guides_confirm",
        summary="Confirm having read the guide (this year; again changes nothing)",
        request=None,
        responses={201: io.ConfirmOut, 200: io.ConfirmOut, **error_responses(401, 404)},
    )
    def post(self, request: Request, guide_id: int) -> Response:
        guide = selectors.guide_get(guide_id=guide_id)
        return _confirmed(*services.reading_confirm(user=user_of(request), guide=guide))


class CsvRenderer(BaseRenderer):
    """Lets `?format=csv` through DRF's negotiation; the view writes the CSV itself. An error goes out as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode()


class Training(APIView):
    renderer_classes: ClassVar[list[type[BaseRenderer]]] = [JSONRenderer, CsvRenderer]  # type: ignore[misc]

    @extend_schema(
        operation_id="casebook_training",
        summary="Who has read this year's required guides and cases, per department",
        description="Managers: their department; compliance and administrators: every department. "
        "`format=csv`: one line per member of staff, with headers in English and Chinese.",
        parameters=[io.TrainingQuery],
        responses={
            (200, "application/json"): OpenApiResponse(io.TrainingOut, description="The report."),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="With format=csv: as CSV."),
            **{(code, "application/json"): answer for code, answer in error_responses(400, 401, 403).items()},
        },
    )
    def get(self, request: Request) -> HttpResponse:
        query = _valid(io.TrainingQuery(data=request.query_params))
        year = query.get("year") or _this_year()
        if not 2000 <= year <= 2100:
            raise InvalidInput({"year": [_("Give a year such as 2026.")]})
        report = selectors.training_report(user=user_of(request), year=year, department=query.get("department", ""))
        if query.get("format") == "csv":
            response = HttpResponse(training_csv(report), content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = f'attachment; filename="training-{year}.csv"'
            return response
        return Response(training_json(report, year=year, required=selectors.required_reading(year)))
