"""The one place where errors become HTTP responses: `{"error": code, "detail": ...}`, and what every app's API
shares in its schema: that envelope, the time format, a period of dates."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from redress.core.errors import ApplicationError

_DRF_CODES = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.ParseError: "malformed_request",
    exceptions.ValidationError: "invalid",
    exceptions.Throttled: "throttled",
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return Response({"error": exc.code, "detail": exc.detail}, status=exc.status)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
    response.data = {"error": code, "detail": detail}
    if response.status_code == status.HTTP_401_UNAUTHORIZED and "WWW-Authenticate" not in response:
        response["WWW-Authenticate"] = "Token"
    return response


def iso(value: datetime | None) -> str | None:
    """Times go out in the institution's zone, with the offset: never naive."""
    return timezone.localtime(value).isoformat() if value is not None else None


@extend_schema_field(
    {
        "oneOf": [
            {"type": "string"},
            {"type": "object", "additionalProperties": {}},
            {"type": "array", "items": {}},
        ],
        "description": "A sentence, or the messages of each invalid field by its name (nested as the input is).",
    }
)
class _ErrorDetail(serializers.JSONField):
    pass


class ErrorOut(serializers.Serializer[Any]):
    """Every error the API answers: a stable code for programs, a readable detail for people."""

    error = serializers.CharField(help_text="A stable code: invalid, not_found, forbidden, conflict, or a finer one.")
    detail = _ErrorDetail()


_ERRORS = {
    400: "The input is invalid or malformed (`invalid`, `malformed_request`, or the code of the refusal).",
    401: "Not signed in, or the credentials are wrong.",
    403: "The caller's role, or a rule of the workflow, forbids it.",
    404: "No such thing, or not one the caller may see.",
    409: "The complaint's state does not allow it now.",
}


def error_responses(*statuses: int) -> dict[int, OpenApiResponse]:
    """The error answers an operation gives, for its schema: each the `ErrorOut` envelope."""
    return {code: OpenApiResponse(ErrorOut, description=_ERRORS[code]) for code in statuses}


class PeriodQuery(serializers.Serializer[Any]):
    """A period of days, both ends included: `from` and `to` (ISO dates), each optional."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        return {
            "from": serializers.DateField(required=False, help_text="The first day (YYYY-MM-DD)."),
            "to": serializers.DateField(required=False, help_text="The last day (YYYY-MM-DD); default today."),
        }


class PeriodOut(serializers.Serializer[Any]):
    """The period a report covers; subclasses add the figures."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `from` is a Python keyword, so it cannot be declared as a class attribute.
        return {"from": serializers.DateField(), "to": serializers.DateField(), **super().get_fields()}
