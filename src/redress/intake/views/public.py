"""Public pages (no sign-in): the complaint form and tracking."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_http_methods

from redress.accounts.security.addresses import client_address
from redress.accounts.security.limits import rate_limited
from redress.intake.adapters.web import PublicComplaintForm, web_submit
from redress.intake.services import tracking_lookup
from redress.intake.views.tracking import case_page, tracking_open


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "intake/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def complaint_new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        form = PublicComplaintForm(initial={"language": request.LANGUAGE_CODE})
        return render(request, "intake/new.html", {"form": form})
    form = PublicComplaintForm(request.POST, request.FILES)
    if form.is_bot:
        return render(request, "intake/thanks.html", {"complaint": None})
    if rate_limited(scope="web", client=client_address(request.META), limit=settings.REDRESS_INTAKE_WEB_PER_HOUR):
        return _too_many(request)
    if not form.is_valid():
        return render(request, "intake/new.html", {"form": form}, status=400)
    complaint, secret = web_submit(form)
    return render(request, "intake/thanks.html", {"complaint": complaint, "secret": secret})


@never_cache
@csrf_protect
@require_http_methods(["GET", "POST"])
def complaint_track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "intake/track.html", {"reference": request.GET.get("reference", "")})
    if rate_limited(scope="track", client=client_address(request.META), limit=settings.REDRESS_INTAKE_TRACK_PER_HOUR):
        return _too_many(request)
    reference = request.POST.get("reference", "").strip()[:40]
    complaint = tracking_lookup(reference=reference, secret=request.POST.get("secret", "")[:64])
    if complaint is None:
        return render(
            request,
            "intake/track.html",
            {"reference": reference, "not_found": _("We found no complaint with this reference and tracking code.")},
            status=404,
        )
    tracking_open(request, complaint)
    return case_page(request, complaint)
