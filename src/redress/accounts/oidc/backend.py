"""The authentication backend for the single sign-on callback (AUTHENTICATION_BACKENDS).

It answers only the callback (which passes `nonce`) when single sign-on is set up: a password sign-in never
reaches the provider. The callback's checks are `provider.ProviderBackend`'s (mozilla-django-oidc's backend,
made strict), imported then: Django imports every backend at each sign-in, and this one stays light, so that
mozilla-django-oidc, PyJWT and requests are not in a web process that never sees a callback.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils.functional import Promise

from redress.accounts.models import User
from redress.accounts.oidc.config import sso_enabled

LEEWAY_SECONDS = 60
MFA_ATTRIBUTE = "redress_oidc_mfa"


class SignInRefused(Exception):
    """The provider's answer does not let this person in; `message` says why, to them."""

    def __init__(self, reason: str, message: str | Promise) -> None:
        super().__init__(reason)
        self.reason = reason
        self.message = message


class OIDCBackend(ModelBackend):
    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:  # type: ignore[override]
        if request is None or "nonce" not in kwargs or not sso_enabled():
            return None
        from redress.accounts.oidc.provider import ProviderBackend

        return ProviderBackend().authenticate(request, **kwargs)

    def get_user(self, user_id: Any) -> User | None:
        user: User | None = super().get_user(user_id)  # an inactive account: none
        return user
