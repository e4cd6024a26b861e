"""The retention page: legal holds and customers' erasure requests, each step a form posted to a service."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from redress.accounts.presenters import user_of
from redress.core.errors import ApplicationError
from redress.retention import selectors, services
from redress.retention.models import IdentityKind

LIST_MAX = 200


def _message(exc: ApplicationError) -> str:
    if isinstance(exc.detail, dict):
        return " ".join(f"{name}: {m}" for name, errors in exc.detail.items() for m in errors)
    return str(exc.detail)


@login_required
@require_GET
def page(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not selectors.may_view(user):
        raise PermissionDenied
    return render(
        request,
        "retention/page.html",
        {
            "holds": selectors.holds()[:LIST_MAX],
            "requests": selectors.erasure_requests()[:LIST_MAX],
            "identity_kinds": IdentityKind.choices,
            "is_compliance": user.role == "compliance",
        },
    )


def _post(request: HttpRequest, step: Callable[[], object], done: str) -> HttpResponse:
    try:
        step()
    except ApplicationError as exc:
        messages.error(request, _message(exc))
    else:
        messages.success(request, done)
    return redirect("retention:page")


@login_required
@require_POST
def hold_set(request: HttpRequest) -> HttpResponse:
    return _post(
        request,
        lambda: services.legal_hold_set(
            user=user_of(request),
            reference=request.POST.get("complaint", "").strip().upper(),
            reason=request.POST.get("reason", ""),
        ),
        _("Legal hold set."),
    )


@login_required
@require_POST
def hold_clear(request: HttpRequest, reference: str) -> HttpResponse:
    return _post(
        request,
        lambda: services.legal_hold_clear(
            user=user_of(request), reference=reference, reason=request.POST.get("reason", "")
        ),
        _("Legal hold cleared."),
    )


@login_required
@require_POST
def request_create(request: HttpRequest) -> HttpResponse:
    return _post(
        request,
        lambda: services.erasure_request_create(
            user=user_of(request),
            identity_kind=request.POST.get("identity_kind", ""),
            identity_value=request.POST.get("identity_value", ""),
            reason=request.POST.get("reason", ""),
        ),
        _("Erasure request recorded; a second person in compliance decides it."),
    )


@login_required
@require_POST
def request_approve(request: HttpRequest, request_id: int) -> HttpResponse:
    return _post(
        request,
        lambda: services.erasure_request_approve(
            user=user_of(request), request_id=request_id, note=request.POST.get("note", "")
        ),
        _("Erasure request approved."),
    )


@login_required
@require_POST
def request_reject(request: HttpRequest, request_id: int) -> HttpResponse:
    return _post(
        request,
        lambda: services.erasure_request_reject(
            user=user_of(request), request_id=request_id, reason=request.POST.get("reason", "")
        ),
        _("Erasure request rejected."),
    )
