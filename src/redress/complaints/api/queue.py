"""The queue's API beyond the list: export of a list (CSV, XLSX), one action on many complaints, saved views."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.complaints.api.serializers import QueueQuery
from redress.complaints.models import SavedView
from redress.complaints.queue_selectors import saved_views
from redress.complaints.selectors import complaint_list
from redress.complaints.services.bulk import BULK_ACTIONS, BULK_MAX, complaints_bulk_act
from redress.complaints.services.saved_views import saved_view_create, saved_view_delete, saved_view_update
from redress.complaints.views.queue_actions import refusal_text
from redress.complaints.views.queue_export import CSV_TYPE, XLSX_TYPE, export_response
from redress.core.api import error_responses
from redress.core.errors import ApplicationError, InvalidInput


def list_filters(request: Request) -> dict[str, Any]:
    """The filters of `complaint_list` from a query string (`flag` may be repeated)."""
    filters: dict[str, Any] = request.query_params.dict()
    if "flag" in request.query_params:
        filters["flag"] = request.query_params.getlist("flag")
    return filters


class _ListExport(APIView):
    kind = "csv"

    def get(self, request: Request) -> HttpResponse | StreamingHttpResponse | FileResponse:
        user = user_of(request)
        return export_response(complaint_list(user=user, filters=list_filters(request)), user, self.kind)


class ComplaintListCsv(_ListExport):
    kind = "csv"

    @extend_schema(
        operation_id="complaints_export_csv",
        summary="The queue's list as CSV (every page), streamed",
        description="The filters and `sort` of GET /complaints/; the customer's name and the summary masked for "
        "roles that see personal data masked. UTF-8 with a byte-order mark.",
        parameters=[QueueQuery],
        responses={(200, CSV_TYPE.split(";")[0]): OpenApiTypes.BINARY, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> HttpResponse | StreamingHttpResponse | FileResponse:
        return super().get(request)


class ComplaintListXlsx(_ListExport):
    kind = "xlsx"

    @extend_schema(
        operation_id="complaints_export_xlsx",
        summary="The queue's list as an Excel workbook (every page), streamed",
        description="As the CSV export, in one sheet of text cells, sent as it is written.",
        parameters=[QueueQuery],
        responses={(200, XLSX_TYPE): OpenApiTypes.BINARY, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> HttpResponse | StreamingHttpResponse | FileResponse:
        return super().get(request)


class BulkIn(serializers.Serializer[Any]):
    action = serializers.ChoiceField(choices=list(BULK_ACTIONS))
    references = serializers.ListField(child=serializers.CharField(max_length=32), min_length=1, max_length=BULK_MAX)
    payload = serializers.DictField(required=False, default=dict, help_text="The action's body, as for one complaint.")


class BulkFailureOut(serializers.Serializer[Any]):
    reference = serializers.CharField()
    code = serializers.CharField()
    detail = serializers.CharField(help_text="Why, in the caller's language.")
    field_errors = serializers.DictField(help_text="The payload's refused fields, when that was why (else empty).")


class BulkOut(serializers.Serializer[Any]):
    done = serializers.ListField(child=serializers.CharField())
    failed = BulkFailureOut(many=True)


def _failure(reference: str, exc: ApplicationError) -> dict[str, Any]:
    body: dict[str, Any] = {"reference": reference, "code": exc.code, "detail": refusal_text(exc), "field_errors": {}}
    if isinstance(exc.detail, dict):
        body["field_errors"] = {key: [str(m) for m in value] for key, value in exc.detail.items()}
        body["detail"] = " ".join(m for messages in body["field_errors"].values() for m in messages)
    return body


class ComplaintBulk(APIView):
    @extend_schema(
        operation_id="complaints_bulk_action",
        summary="One action on several complaints",
        description="assign, add_note or extend_deadline on each of `references`, each as POST .../actions/{action}/ "
        "would (roles, recusal, states); 200 with what was done and what was refused, with why.",
        request=BulkIn,
        responses={200: BulkOut, **error_responses(400, 401)},
    )
    def post(self, request: Request) -> Response:
        incoming = BulkIn(data=request.data)
        if not incoming.is_valid():
            raise InvalidInput(incoming.errors)
        data = incoming.validated_data
        result = complaints_bulk_act(
            user=user_of(request), references=data["references"], action=data["action"], payload=data["payload"]
        )
        return Response({"done": result.done, "failed": [_failure(f.reference, f.error) for f in result.failed]})


class SavedViewIn(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80)
    query = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")
    shared = serializers.BooleanField(required=False, default=False)


class SavedViewPatch(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=80, required=False)
    query = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, help_text="The new filters and sort, as a query string."
    )
    shared = serializers.BooleanField(required=False, help_text="Share with everyone (managers only) or not.")


class SavedViewOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    query = serializers.CharField(help_text="The filters, as a query string of GET /complaints/.")
    shared = serializers.BooleanField()
    owner = serializers.CharField()
    mine = serializers.BooleanField()


class SavedViewsOut(serializers.Serializer[Any]):
    results = SavedViewOut(many=True)


def _view(view: SavedView, mine: bool) -> dict[str, Any]:
    return {
        "id": view.pk,
        "name": view.name,
        "query": view.query,
        "shared": view.shared,
        "owner": view.owner.username,
        "mine": mine,
    }


class SavedViews(APIView):
    @extend_schema(
        operation_id="saved_views_list",
        summary="The caller's saved views and those shared with everyone",
        responses={200: SavedViewsOut, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        mine, shared = saved_views(user_of(request))
        return Response({"results": [_view(v, True) for v in mine] + [_view(v, False) for v in shared]})

    @extend_schema(
        operation_id="saved_views_create",
        summary="Save a view (shared: managers only)",
        request=SavedViewIn,
        responses={201: SavedViewOut, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        incoming = SavedViewIn(data=request.data)
        if not incoming.is_valid():
            raise InvalidInput(incoming.errors)
        data = incoming.validated_data
        view = saved_view_create(user=user_of(request), name=data["name"], query=data["query"], shared=data["shared"])
        return Response(_view(view, True), status=status.HTTP_201_CREATED)


class SavedViewDetail(APIView):
    @extend_schema(
        operation_id="saved_views_update",
        summary="Change one of the caller's saved views: rename it, new filters or sort, shared or personal",
        description="Only what is given changes. Sharing a view with everyone is for managers; 404 for a view "
        "that is not the caller's own.",
        request=SavedViewPatch,
        responses={200: SavedViewOut, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        incoming = SavedViewPatch(data=request.data)
        if not incoming.is_valid():
            raise InvalidInput(incoming.errors)
        data = incoming.validated_data
        view = saved_view_update(
            user=user_of(request), pk=pk, name=data.get("name"), query=data.get("query"), shared=data.get("shared")
        )
        return Response(_view(view, True))

    @extend_schema(
        operation_id="saved_views_delete",
        summary="Delete one of the caller's saved views",
        request=None,
        responses={204: None, **error_responses(401, 404)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        saved_view_delete(user=user_of(request), pk=pk)
        return Response(status=status.HTTP_204_NO_CONTENT)
