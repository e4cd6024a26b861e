"""`/healthz`, `/readyz` and `/metrics`: no sign-in, no CSRF (GET and HEAD only), no rate limit, no personal
data. `/readyz` and `/metrics` answer only the addresses an operator allowed (a 404 to anyone else)."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe
from prometheus_client import CONTENT_TYPE_LATEST

from redress.operations.access import address_allowed
from redress.operations.readiness import readiness, readiness_report
from redress.operations.scrape import metrics_text


@csrf_exempt
@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """The process is up and answers; nothing else is asked (not even the database)."""
    return JsonResponse({"status": "ok"})


@csrf_exempt
@require_safe
@never_cache
def readyz(request: HttpRequest) -> HttpResponse:
    if not address_allowed(request, settings.REDRESS_READYZ_ALLOWED):
        raise Http404
    report = readiness_report(readiness())
    return JsonResponse(report, status=200 if not report["failing"] else 503)


@csrf_exempt
@require_safe
@never_cache
def metrics(request: HttpRequest) -> HttpResponse:
    if not address_allowed(request, settings.REDRESS_METRICS_ALLOWED):
        raise Http404
    return HttpResponse(metrics_text(), content_type=CONTENT_TYPE_LATEST)
