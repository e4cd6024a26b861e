"""Failed sign-ins and lockouts (django-axes, counting in the shared cache): the page, the log, the unlock.

Every failure and every lockout is logged on `redress.security` with the account name tried and the
client's address, never the password. A lockout answers the sign-in page with a message (429).
"""

from __future__ import annotations

import logging
from typing import Any

from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from redress.accounts.oidc.config import sign_in_choices
from redress.accounts.security.addresses import client_address

log = logging.getLogger("redress.security")


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The sign-in page again, saying the sign-in is locked for a while (no word on whether the account exists)."""
    username = str((credentials or {}).get("username", "") or request.POST.get("username", ""))
    form = AuthenticationForm(request, initial={"username": username})
    context = {"form": form, "locked_out": True, "lockout_minutes": lockout_minutes(), "next": "", **sign_in_choices()}
    response = TemplateResponse(request, "accounts/login.html", context, status=429)
    response.render()
    return response


@receiver(user_login_failed, dispatch_uid="redress-log-sign-in-failure")
def log_sign_in_failure(sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **_: Any) -> None:
    # Django has already cleansed the password out of `credentials`; only the name is read here.
    address = client_address(request.META) if request is not None else "unknown"
    log.warning("Sign-in failed for account %r from %s.", str(credentials.get("username", "")), address)


@receiver(user_locked_out, dispatch_uid="redress-log-lockout")
def log_lockout(sender: Any, request: HttpRequest, username: str | None, ip_address: str | None, **_: Any) -> None:
    log.warning(
        "Sign-in locked for %d minutes: account %r, address %s (%d failures).",
        lockout_minutes(),
        username or "",
        ip_address or "unknown",
        settings.AXES_FAILURE_LIMIT,
    )


def lockout_clear(*, username: str | None = None, address: str | None = None) -> int:
    """Unlock an account and/or an address at once; the number of counters removed."""
    if not username and not address:
        raise ValueError("Name an account or an address to unlock.")
    removed = 0
    if username:
        removed += reset(username=username)
    if address:
        removed += reset(ip=address)
    log.warning("Sign-in lockout cleared: account %r, address %s.", username or "", address or "-")
    return removed
