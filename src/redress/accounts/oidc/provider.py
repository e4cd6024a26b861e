"""The single sign-on callback's authentication: mozilla-django-oidc's backend, made strict.

The ID token is checked for its RS256 signature against the provider's JWKS, its issuer, audience, expiry and
nonce; then the account is found by the username (or email) claim, refused when unknown (unless accounts are
made on first sign-in), inactive, or without the MFA the settings ask for, and its role follows the groups.
Imported by `backend.OIDCBackend` on a callback only, so that mozilla-django-oidc, PyJWT and requests are not
in a web process that never sees one (bench/README.md, "Web worker memory").
"""

from __future__ import annotations

import logging
from typing import Any

import jwt
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from redress.accounts.models import User
from redress.accounts.oidc import claims as oidc_claims
from redress.accounts.oidc import selectors, services
from redress.accounts.oidc.backend import LEEWAY_SECONDS, MFA_ATTRIBUTE, SignInRefused
from redress.accounts.oidc.config import discover, oidc_setting

log = logging.getLogger("redress.security")


class ProviderBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__()
        self.UserModel = User

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def get_user(self, user_id: Any) -> User | None:
        return ModelBackend.get_user(self, user_id)  # an inactive account: none

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        try:
            payload: dict[str, Any] = super().verify_token(token, **kwargs)
        except (KeyError, TypeError, jwt.PyJWTError) as exc:  # no token, not a JWT, no `kid` in its header
            raise SignInRefused(f"token: {exc!r}", _("The identity provider's answer could not be verified.")) from exc
        return payload

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(payload)
            if header.get("alg") != "RS256":
                raise SignInRefused("alg", _("The identity provider's answer could not be verified."))
            verified: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=["RS256"],
                audience=settings.REDRESS_OIDC_CLIENT_ID,
                issuer=discover().issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["iss", "sub", "aud", "exp", "iat"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise SignInRefused(
                "expired", _("The sign-in at the identity provider has expired. Sign in again.")
            ) from exc
        except jwt.PyJWTError as exc:
            raise SignInRefused(f"token: {exc}", _("The identity provider's answer could not be verified.")) from exc
        return verified

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> User | None:
        userinfo = self.get_userinfo(access_token, id_token, payload)
        if userinfo.get("sub") != payload.get("sub"):
            raise SignInRefused("userinfo sub", _("The identity provider's answer could not be verified."))
        claims = {**userinfo, **payload}  # what the signed ID token says wins
        mfa = oidc_claims.mfa_done(payload)
        if settings.REDRESS_OIDC_REQUIRE_MFA_CLAIM and not mfa:
            raise SignInRefused(
                "no mfa",
                _("Your identity provider did not confirm a second factor. Sign in there with it, then try again."),
            )
        try:
            user = selectors.account_for(claims)
        except selectors.AmbiguousAccount as exc:
            raise SignInRefused(
                "ambiguous", _("More than one account has this email address. Ask an administrator.")
            ) from exc
        assignment = oidc_claims.assignment_for(claims)
        if settings.REDRESS_OIDC_ROLE_MAP and assignment is None:
            raise SignInRefused(
                "no mapped group", _("Your account at the identity provider is in no group that may use redress.")
            )
        department = None
        if assignment and assignment.department_code:
            department = selectors.department_named(assignment.department_code)
            if department is None:
                log.error("REDRESS_OIDC_ROLE_MAP names department %r, which does not exist", assignment.department_code)
                raise SignInRefused("department", _("Your department is not set up in redress. Ask an administrator."))
        name = selectors.login_name(claims)
        if user is None:
            if not settings.REDRESS_OIDC_CREATE_USERS or not name:
                raise SignInRefused(
                    "unknown account",
                    _("There is no redress account for %(name)s. Ask an administrator to create one.")
                    % {"name": name or "?"},
                )
            user = services.create_account(name, claims, assignment, department)
            log.info("single sign-on made the account %s", user.username)
        if not user.is_active:
            raise SignInRefused("inactive", _("This account is switched off. Ask an administrator."))
        if assignment is not None:
            services.assign(user, assignment, department)
        setattr(self.request, MFA_ATTRIBUTE, mfa)
        return user
