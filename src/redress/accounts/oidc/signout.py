"""Sign out: the redress session, and with REDRESS_OIDC_LOGOUT the provider's too."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from redress.accounts.oidc.config import ProviderUnavailable, discover, provider_name, sso_enabled


def provider_logout_url(request: HttpRequest) -> str | None:
    """RP-initiated logout (REDRESS_OIDC_LOGOUT): the provider's end_session_endpoint with the ID token."""
    id_token = request.session.get("oidc_id_token")
    if not (settings.REDRESS_OIDC_LOGOUT and id_token and sso_enabled()):
        return None
    try:
        endpoint = discover().end_session_endpoint
    except ProviderUnavailable:
        return None
    if not endpoint:
        return None
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": settings.REDRESS_OIDC_CLIENT_ID,
            "post_logout_redirect_uri": request.build_absolute_uri(reverse("login")),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


class SignOutView(auth_views.LogoutView):
    """Ends the redress session; with REDRESS_OIDC_LOGOUT, then the provider's too."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        at_provider = provider_logout_url(request)
        response = super().post(request, *args, **kwargs)
        if not at_provider:
            return response
        # A page that moves on, not a redirect: the sign-out is a form, and the CSP's form-action keeps a
        # form's redirects on redress.
        context = {"provider_logout_url": at_provider, "provider_name": provider_name()}
        return render(request, "accounts/signed_out_at_provider.html", context)
