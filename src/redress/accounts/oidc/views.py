"""Start the provider's sign-in and take its answer back (signing out: `signout`).

Imported on the first request to these URLs (`core.lazyviews`): mozilla-django-oidc and requests are not in a
web process that never sees single sign-on (bench/README.md, "Web worker memory").
"""

from __future__ import annotations

import logging
from typing import Any

import requests
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from redress.accounts.oidc.backend import MFA_ATTRIBUTE, SignInRefused
from redress.accounts.oidc.config import (
    MFA_SESSION_KEY,
    SSO_SESSION_KEY,
    ProviderUnavailable,
    oidc_setting,
    sso_enabled,
)

log = logging.getLogger("redress.security")


def _unavailable(request: HttpRequest) -> HttpResponse:
    messages.error(request, _("The identity provider cannot be reached. Try again in a moment."))
    return HttpResponseRedirect(reverse("login"))


class StartView(OIDCAuthenticationRequestView):
    """Send the person to the provider with a fresh state, nonce and PKCE challenge (kept in the session)."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # endpoints are read when a request comes
        super(OIDCAuthenticationRequestView, self).__init__(*args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as exc:
            log.warning("single sign-on: %s", exc)
            return _unavailable(request)
        self.OIDC_RP_CLIENT_ID = settings.REDRESS_OIDC_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class CallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: refused with a message on the sign-in page, or signed in."""

    get_settings = staticmethod(oidc_setting)

    @property
    def failure_url(self) -> str:
        return reverse("login")

    @property
    def success_url(self) -> str:
        return str(self.request.session.get("oidc_login_next") or resolve_url(settings.LOGIN_REDIRECT_URL))

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except SignInRefused as exc:
            log.warning("single sign-on refused: %s", exc.reason)
            messages.error(request, str(exc.message))
            return HttpResponseRedirect(self.failure_url)
        except SuspiciousOperation as exc:  # state not ours, nonce wrong, no key for the token
            log.warning("single sign-on refused: %s", exc)
            messages.error(request, _("The sign-in could not be checked. Start again from the sign-in page."))
            return HttpResponseRedirect(self.failure_url)
        except requests.HTTPError as exc:  # the token or userinfo endpoint said no (a code used, PKCE wrong)
            log.warning("single sign-on refused by the provider: %s", exc)
            messages.error(request, _("The identity provider did not accept the sign-in. Start again."))
            return HttpResponseRedirect(self.failure_url)
        except (requests.RequestException, ProviderUnavailable) as exc:
            log.warning("single sign-on: provider error: %s", exc)
            return _unavailable(request)
        return response

    def login_failure(self) -> HttpResponse:
        if self.request.GET.get("error") == "access_denied":
            messages.error(self.request, _("The identity provider did not sign you in."))
        else:
            messages.error(self.request, _("The sign-in could not be checked. Start again from the sign-in page."))
        return HttpResponseRedirect(self.failure_url)

    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        self.request.session[SSO_SESSION_KEY] = True
        self.request.session[MFA_SESSION_KEY] = bool(getattr(self.request, MFA_ATTRIBUTE, False))
        self.request.session.pop("oidc_login_next", None)
        return response
