"""Single sign-on walked in Chromium against a real OpenID Connect provider in its own process: the button,
the provider's own sign-in page, back to redress with the role of the provider's groups, and signing out at
both ends (the page that moves on to the provider, under redress's Content-Security-Policy)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from redress.accounts.models import Department, Role, User
from tests.accounts.sso import IdentityProvider, configure, running_provider
from tests.oidc_provider.serve import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(scope="module")
def provider_for_live_server(live_server: Any, tmp_path_factory: Any) -> Iterator[IdentityProvider]:
    base = live_server.url
    with running_provider(f"{base}/sso/callback/", f"{base}/login/", tmp_path_factory.mktemp("idp")) as provider:
        yield provider


@pytest.mark.slow
def test_a_person_signs_in_through_the_identity_provider_and_out_at_both(
    live_server: Any, browser_page: Any, settings: Any, provider_for_live_server: IdentityProvider
) -> None:
    configure(settings, provider_for_live_server, REDRESS_OIDC_LOGOUT=True, REDRESS_PASSWORD_LOGIN=False)
    settings.REDRESS_REQUIRE_2FA = True  # the provider's MFA stands for it
    Department.objects.get_or_create(code="retail", defaults={"name": "零售", "name_en": "Retail"})
    User.objects.create_user("mfa-mei", email="mei@bank.example", role=Role.INTAKE_AGENT)
    page, base = browser_page, live_server.url

    page.goto(f"{base}/login/")
    assert page.locator("input[name=password]").count() == 0
    page.get_by_role("link", name="Sign in with Bank ID").click()
    page.wait_for_url(f"{provider_for_live_server.url}/login/**")
    page.fill("#idp-username", "mfa-mei")
    page.fill("#idp-password", PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="My queue").count() == 1
    assert User.objects.get(username="mfa-mei").role == Role.HANDLER

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/login/")  # via the provider's end-session endpoint
    page.goto(f"{base}/")
    page.wait_for_url(f"{base}/login/?next=/")
    page.get_by_role("link", name="Sign in with Bank ID").click()
    page.wait_for_url(f"{provider_for_live_server.url}/login/**")  # signed out there too: the password again
