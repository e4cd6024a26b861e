"""The provider: whether single sign-on is on, its name, and its endpoints from discovery (cached)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings

DISCOVERY_PATH = "/.well-known/openid-configuration"
TIMEOUT_SECONDS = 10
_CACHE_SECONDS = 3600
_cache: dict[str, tuple[float, Provider]] = {}


class ProviderUnavailable(Exception):
    """Discovery failed: the provider did not answer, or answered something that is not its configuration."""


@dataclass(frozen=True)
class Provider:
    issuer: str
    authorization_endpoint: str
    token_endpoint: str
    jwks_uri: str
    userinfo_endpoint: str
    end_session_endpoint: str | None


def sso_enabled() -> bool:
    return bool(settings.REDRESS_OIDC_ISSUER and settings.REDRESS_OIDC_CLIENT_ID)


def password_login_enabled() -> bool:
    return bool(settings.REDRESS_PASSWORD_LOGIN)


def provider_name() -> str:
    """What the button says after "Sign in with": REDRESS_OIDC_PROVIDER_NAME, else the issuer's host."""
    return settings.REDRESS_OIDC_PROVIDER_NAME or urlsplit(settings.REDRESS_OIDC_ISSUER).hostname or ""


def sign_in_choices() -> dict[str, Any]:
    """What the sign-in page offers: the password form, the provider's button (context for its template)."""
    enabled = sso_enabled()
    return {
        "password_login": password_login_enabled(),
        "sso_enabled": enabled,
        "sso_name": provider_name() if enabled else "",
    }


def discover() -> Provider:
    """The provider's configuration from `<issuer>/.well-known/openid-configuration`, kept an hour."""
    issuer = settings.REDRESS_OIDC_ISSUER.rstrip("/")
    cached = _cache.get(issuer)
    if cached is not None and time.monotonic() - cached[0] < _CACHE_SECONDS:
        return cached[1]
    import requests  # here: a web process without single sign-on never loads it (bench/README.md, memory)

    try:
        answer = requests.get(issuer + DISCOVERY_PATH, timeout=TIMEOUT_SECONDS)
        answer.raise_for_status()
        document: dict[str, Any] = answer.json()
    except (requests.RequestException, ValueError) as exc:
        raise ProviderUnavailable(f"discovery at {issuer} failed: {exc}") from exc
    if str(document.get("issuer", "")).rstrip("/") != issuer:
        # OpenID Connect Discovery 4.3: the issuer in the document must be the one asked.
        raise ProviderUnavailable(f"discovery at {issuer} names another issuer: {document.get('issuer')!r}")
    try:
        provider = Provider(
            issuer=document["issuer"],
            authorization_endpoint=document["authorization_endpoint"],
            token_endpoint=document["token_endpoint"],
            jwks_uri=document["jwks_uri"],
            userinfo_endpoint=document["userinfo_endpoint"],
            end_session_endpoint=document.get("end_session_endpoint"),
        )
    except KeyError as exc:
        raise ProviderUnavailable(f"discovery at {issuer} lacks {exc.args[0]}") from exc
    _cache[issuer] = (time.monotonic(), provider)
    return provider


def forget_discovery() -> None:
    _cache.clear()


_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}


def oidc_setting(attr: str, *default: Any) -> Any:
    """mozilla-django-oidc's settings, made from redress's: endpoints by discovery, PKCE and nonce always on."""
    if attr in _ENDPOINTS:
        return getattr(discover(), _ENDPOINTS[attr])
    fixed: dict[str, Any] = {
        "OIDC_RP_CLIENT_ID": settings.REDRESS_OIDC_CLIENT_ID,
        "OIDC_RP_CLIENT_SECRET": settings.REDRESS_OIDC_CLIENT_SECRET,
        "OIDC_RP_SIGN_ALGO": "RS256",
        "OIDC_RP_IDP_SIGN_KEY": None,
        "OIDC_RP_SCOPES": settings.REDRESS_OIDC_SCOPES,
        "OIDC_USE_NONCE": True,
        "OIDC_USE_PKCE": True,
        "OIDC_PKCE_CODE_CHALLENGE_METHOD": "S256",
        "OIDC_VERIFY_KID": True,
        "OIDC_ALLOW_UNSECURED_JWT": False,
        "OIDC_AUTHENTICATION_CALLBACK_URL": "oidc:callback",
        "OIDC_STORE_ID_TOKEN": bool(settings.REDRESS_OIDC_LOGOUT),
        "OIDC_STORE_ACCESS_TOKEN": False,
        "OIDC_CREATE_USER": bool(settings.REDRESS_OIDC_CREATE_USERS),
        "OIDC_TIMEOUT": TIMEOUT_SECONDS,
        "OIDC_VERIFY_SSL": True,
    }
    if attr in fixed:
        return fixed[attr]
    if default:
        return getattr(settings, attr, default[0])
    return getattr(settings, attr)


# Set on a session signed in through the provider, and when the provider's MFA stands for redress's own.
SSO_SESSION_KEY = "redress_sso"
MFA_SESSION_KEY = "redress_sso_mfa"
