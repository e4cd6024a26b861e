"""Every request's time into the request latency histogram, labelled by the view's name (not the path)."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

from redress.core.metrics import REQUEST_LATENCY

UNMATCHED = "unmatched"  # no view: a 404 for an unknown path, or a middleware answered first


class RequestMetricsMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        started = time.perf_counter()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        view = (match.view_name or UNMATCHED) if match is not None else UNMATCHED
        REQUEST_LATENCY.labels(
            view=view, method=_method(request.method), status=f"{response.status_code // 100}xx"
        ).observe(time.perf_counter() - started)
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


def _method(method: str | None) -> str:
    """A client may send any method name: the unknown ones share one label."""
    return method if method in _METHODS else "other"
