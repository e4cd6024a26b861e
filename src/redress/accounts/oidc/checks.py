"""`redress check`: single-sign-on settings that would leave nobody able to sign in, or sign in wrongly."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured

from redress.accounts.oidc.claims import role_map
from redress.accounts.oidc.config import sso_enabled


@register(Tags.security)
def single_sign_on_settings(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    problems: list[CheckMessage] = []
    if not settings.REDRESS_PASSWORD_LOGIN and not sso_enabled():
        problems.append(
            Error(
                "REDRESS_PASSWORD_LOGIN is off and no identity provider is set: nobody can sign in.",
                hint="Set REDRESS_OIDC_ISSUER and REDRESS_OIDC_CLIENT_ID, or turn password sign-in back on.",
                id="redress.E101",
            )
        )
    if settings.REDRESS_OIDC_MATCH_BY not in {"username", "email"}:
        problems.append(Error("REDRESS_OIDC_MATCH_BY is username or email.", id="redress.E102"))
    try:
        role_map()
    except ImproperlyConfigured as exc:
        problems.append(Error(str(exc), id="redress.E103"))
    if sso_enabled() and settings.PRODUCTION and not settings.REDRESS_OIDC_ISSUER.startswith("https://"):
        problems.append(Warning("REDRESS_OIDC_ISSUER is not an https:// address.", id="redress.W101"))
    return problems
