"""API of retention: HTTP in and out only — parse, call a service or selector, answer."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.core.api import error_responses
from redress.core.errors import Forbidden, InvalidInput
from redress.retention import selectors, services
from redress.retention.api import serializers as io
from redress.retention.presenters import hold_json, request_json

LIST_MAX = 500


def _valid(serializer: serializers.Serializer[Any]) -> dict[str, Any]:
    if not serializer.is_valid():
        raise InvalidInput(serializer.errors)
    return dict(serializer.validated_data)


def _may_view(request: Request) -> None:
    if not selectors.may_view(user_of(request)):
        raise Forbidden(_("Only compliance, managers, intake and auditors see holds and erasure requests."))


class Holds(APIView):
    @extend_schema(
        operation_id="retention_holds_list",
        summary="Complaints on legal hold",
        responses={200: io.HoldsOut, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        _may_view(request)
        return Response({"results": [hold_json(h) for h in selectors.holds()[:LIST_MAX]]})

    @extend_schema(
        operation_id="retention_holds_create",
        summary="Put a complaint on legal hold (compliance): never erased while held",
        request=io.HoldIn,
        responses={201: io.HoldOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(io.HoldIn(data=request.data))
        hold = services.legal_hold_set(user=user_of(request), reference=data["complaint"], reason=data["reason"])
        return Response(hold_json(hold), status=status.HTTP_201_CREATED)


class HoldClear(APIView):
    @extend_schema(
        operation_id="retention_holds_clear",
        summary="Clear a complaint's legal hold (compliance)",
        request=io.ReasonIn,
        responses={200: io.HoldClearedOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, reference: str) -> Response:
        data = _valid(io.ReasonIn(data=request.data))
        services.legal_hold_clear(user=user_of(request), reference=reference, reason=data["reason"])
        return Response({"complaint": reference, "held": False})


class ErasureRequests(APIView):
    @extend_schema(
        operation_id="retention_erasure_requests_list",
        summary="Customers' erasure requests, newest first",
        responses={200: io.ErasureRequestsOut, **error_responses(401, 403)},
    )
    def get(self, request: Request) -> Response:
        _may_view(request)
        return Response({"results": [request_json(r) for r in selectors.erasure_requests()[:LIST_MAX]]})

    @extend_schema(
        operation_id="retention_erasure_requests_create",
        summary="Record a customer's erasure request; a second person in compliance approves it",
        request=io.ErasureRequestIn,
        responses={201: io.ErasureRequestOut, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        data = _valid(io.ErasureRequestIn(data=request.data))
        found = services.erasure_request_create(
            user=user_of(request),
            identity_kind=data["identity_kind"],
            identity_value=data["identity_value"],
            reason=data["reason"],
        )
        return Response(request_json(found), status=status.HTTP_201_CREATED)


class ErasureApprove(APIView):
    @extend_schema(
        operation_id="retention_erasure_requests_approve",
        summary="Approve (compliance, not the requester): erase what the law lets go, say why the rest is kept",
        request=io.NoteIn,
        responses={200: io.ErasureRequestOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, request_id: int) -> Response:
        data = _valid(io.NoteIn(data=request.data))
        found = services.erasure_request_approve(user=user_of(request), request_id=request_id, note=data["note"])
        return Response(request_json(found))


class ErasureReject(APIView):
    @extend_schema(
        operation_id="retention_erasure_requests_reject",
        summary="Reject an erasure request (compliance), with the reason",
        request=io.ReasonIn,
        responses={200: io.ErasureRequestOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, request_id: int) -> Response:
        data = _valid(io.ReasonIn(data=request.data))
        found = services.erasure_request_reject(user=user_of(request), request_id=request_id, reason=data["reason"])
        return Response(request_json(found))
