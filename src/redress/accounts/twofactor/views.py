"""The two-factor pages: enter a code, set up an authenticator, the person's sign-in security page."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from redress.accounts.twofactor.forms import CodeForm
from redress.accounts.twofactor.qr import qr_svg
from redress.accounts.twofactor.selectors import (
    authenticator_of,
    recovery_codes_left,
    two_factor_enrolled,
    two_factor_required,
)
from redress.accounts.twofactor.services import (
    authenticator_confirm,
    authenticator_start,
    recovery_codes_regenerate,
    two_factor_reset,
    two_factor_verify,
)


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _grouped(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_verified() or not two_factor_required(user):
        return redirect(_next(request))
    if not two_factor_enrolled(user):
        return redirect(f"{reverse('twofactor:setup')}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = two_factor_verify(user=user, code=form.cleaned_data["code"])
        if result.device is not None:
            django_otp.login(request, result.device)
            request.session.cycle_key()  # a new session id for the now fully signed-in session
            return redirect(_next(request))
        form.add_error(
            "code",
            _("Too many wrong codes. Wait a minute and try again.")
            if result.throttled
            else _("This code is not right, or it has been used already."),
        )
    return render(
        request, "accounts/twofactor/verify.html", {"form": form, "next": _next(request), "two_factor_pending": True}
    )


@never_cache
@login_required
def setup(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if two_factor_enrolled(user) and not user.is_verified():
        # Only a verified session may replace an authenticator: a password alone must not.
        return redirect(f"{reverse('twofactor:verify')}?{request.GET.urlencode()}")
    device = authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = authenticator_confirm(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            django_otp.login(request, device)
            request.session.cycle_key()
            return _recovery_codes_page(request, codes, first=True)
        form.add_error("code", _("This code is not right. Check the time on your phone and try the newest code."))
    secret = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "accounts/twofactor/setup.html",
        {
            "form": form,
            "next": _next(request),
            "qr": qr_svg(device.config_url),
            "secret": secret,
            "secret_grouped": _grouped(secret),
            "two_factor_pending": not user.is_verified() and two_factor_required(user),
        },
    )


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    authenticator = authenticator_of(user)
    return render(
        request,
        "accounts/twofactor/security.html",
        {
            "authenticator": authenticator,
            "enrolled": two_factor_enrolled(user),
            "codes_left": recovery_codes_left(user),
            "required": settings.REDRESS_REQUIRE_2FA,
        },
    )


@never_cache
@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if not two_factor_enrolled(user):
        return redirect("twofactor:security")
    return _recovery_codes_page(request, recovery_codes_regenerate(user=user), first=False)


@login_required
@require_POST
def disable(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if settings.REDRESS_REQUIRE_2FA:
        messages.error(request, _("Two-factor sign-in is required here: it cannot be turned off."))
    else:
        two_factor_reset(user=user, actor=user)
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("twofactor:security")


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, first: bool) -> HttpResponse:
    # Shown in the answer to the POST that made them, and nowhere else: never stored in a session (and the
    # views that call this are never_cache: no-store).
    return render(
        request, "accounts/twofactor/recovery_codes.html", {"codes": codes, "first": first, "next": _next(request)}
    )
