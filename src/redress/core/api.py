"""The one place where errors become HTTP responses: `{"error": code, "detail": ...}`, and what every app's API
shares in its schema: that envelope, the time format, a period of dates. What DRF never sees — an unknown
`/api/` path, a body too large before a view reads it — gets the same envelope from `api_not_found` and
`api_bad_request` (the URLconf's handler404 and handler400); other paths keep Django's pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from redress.core.errors import ApplicationError, refusal_detail

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


def _too_large() -> dict[str, str]:
    return {"error": "request_too_large", "detail": _("The request body is larger than this server accepts.")}


class ErrorResponse(Response):
    """An error goes out as JSON whatever the view negotiated: a view that also answers CSV or a PDF (`?format=csv`)
    says `application/json` of its errors, as the schema does."""

    @property
    def rendered_content(self) -> Any:
        self.accepted_renderer = JSONRenderer()
        self.accepted_media_type = JSONRenderer.media_type
        return super().rendered_content


# The headers DRF's handler sets on an error, kept on its answer.
_ERROR_HEADERS = ("WWW-Authenticate", "Retry-After")


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, ApplicationError):
        return ErrorResponse({"error": exc.code, "detail": refusal_detail(exc)}, status=exc.status)
    if isinstance(exc, RequestDataTooBig):
        return ErrorResponse(_too_large(), status=status.HTTP_413_REQUEST_ENTITY_TOO_LARGE)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    detail = response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data
    headers = {name: response[name] for name in _ERROR_HEADERS if name in response}
    if response.status_code == status.HTTP_401_UNAUTHORIZED:
        headers.setdefault("WWW-Authenticate", "Token")
    return ErrorResponse({"error": code, "detail": detail}, status=response.status_code, headers=headers)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: an unknown `/api/` path answers the envelope; a page, Django's 404 page."""
    if _is_api(request):
        return JsonResponse({"error": "not_found", "detail": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


def api_bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400 (Django's answer to a SuspiciousOperation outside DRF): on `/api/` the envelope, a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE a 413; a page, Django's 400 page."""
    if not _is_api(request):
        return defaults.bad_request(request, exception)  # type: ignore[arg-type]
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(_too_large(), status=413)
    return JsonResponse({"error": "malformed_request", "detail": _("The request is malformed.")}, status=400)


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
    403: "The caller's role, or a rule of the workflow, forbids it (`forbidden`, `recused`, or the code of the "
    "refusal); a session's POST without its CSRF token.",
    404: "No such thing, or not one the caller may see.",
    409: "The complaint's state does not allow it now.",
    413: "The request body is larger than the server accepts (`request_too_large`).",
    415: "The body is of a media type this operation does not read (`unsupported_media_type`).",
    429: "Too many requests from this caller; try again later (`throttled`).",
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
