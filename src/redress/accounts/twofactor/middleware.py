"""Nothing staff-only answers a session that has not given its second factor yet.

Runs after django-otp's OTPMiddleware (which knows whether the session is verified). A signed-in but
unverified person is sent to enter a code, or to set up an authenticator if they have none; the
session API answers 403 `two_factor_required`. Pages anyone may open (sign-in and out, the language
switch, the customer's form, tracking and survey pages, the two-factor pages themselves) stay open.
API calls that carry a token (`Authorization: Token …`) are left to the token check: a token is a
credential of its own, issued by an administrator to a service, not a password typed by a person.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from redress.accounts.oidc.config import MFA_SESSION_KEY
from redress.accounts.twofactor.selectors import two_factor_enrolled, two_factor_required

# Views (by name) an unverified session may still open.
OPEN_VIEWS = frozenset(
    {
        "login",
        "logout",
        "set_language",
        "admin:logout",
        "twofactor:verify",
        "twofactor:setup",
        "oidc:start",
        "oidc:callback",
        "intake:new",
        "intake:track",
        "surveys:survey",
        "surveys:review",
        "api-intake-social",
    }
)


class RequireVerifiedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        user: Any = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.session.get(MFA_SESSION_KEY):  # the identity provider checked a second factor
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if not two_factor_required(user):
            return None
        if request.path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Token "):
                return None
            return JsonResponse(
                {"error": "two_factor_required", "detail": _("Sign in with your second factor first.")}, status=403
            )
        target = reverse("twofactor:verify" if two_factor_enrolled(user) else "twofactor:setup")
        url = f"{target}?{urlencode({'next': request.get_full_path()})}"
        if getattr(request, "htmx", False):
            return HttpResponseClientRedirect(url)
        return HttpResponseRedirect(url)
