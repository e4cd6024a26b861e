"""Two-factor sign-in walked in Chromium: sign in, set up the authenticator from the page's key, keep the
recovery codes, sign out, sign in again with a code from the app, then once with a recovery code."""

from __future__ import annotations

import time
from base64 import b32decode
from typing import Any

import pytest
from django_otp.oath import TOTP

from redress.accounts.personas import ensure_personas

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "correct horse battery staple"


def app_code(secret: str, steps_ahead: int = 0) -> str:
    """What an authenticator app shows for this key (RFC 6238: 30-second steps, six digits)."""
    totp = TOTP(b32decode(secret))
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def sign_in(page: Any, base: str) -> None:
    page.goto(f"{base}/login/")
    page.get_by_label("Username").fill("handler")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.slow
def test_a_person_sets_up_two_factor_sign_in_and_signs_in_with_a_code(
    live_server: Any, browser_page: Any, settings: Any
) -> None:
    settings.REDRESS_REQUIRE_2FA = True
    ensure_personas(password=PASSWORD)
    page, base = browser_page, live_server.url

    sign_in(page, base)
    page.wait_for_url(f"{base}/account/two-factor/setup/?next=%2F")
    assert page.locator("h1").inner_text() == "Set up two-factor sign-in"
    assert page.locator("figure.qr svg").count() == 1
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert secret and page.locator("#totp-secret").inner_text().replace(" ", "") == secret
    page.get_by_label("Code from the app").fill(app_code(secret))
    page.get_by_role("button", name="Confirm").click()

    page.wait_for_selector("text=Your recovery codes")
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10 and len(set(codes)) == 10
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="My queue").count() == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/login/")

    # Again: now a code is asked for. The code of the setup was used; the app's next one is accepted.
    sign_in(page, base)
    page.wait_for_url(f"{base}/account/two-factor/?next=%2F")
    assert page.get_by_role("link", name="My queue").count() == 0
    page.get_by_label("Code").fill("000000" if app_code(secret, 1) != "000000" else "111111")
    page.get_by_role("button", name="Verify").click()
    page.wait_for_selector("text=This code is not right, or it has been used already.")
    page.wait_for_timeout(1100)  # the wait a wrong code imposes (a second after the first)
    page.get_by_label("Code").fill(app_code(secret, 1))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")
    assert page.get_by_role("link", name="My queue").count() == 1

    # The security page, then a sign-in with a recovery code, which then is used up.
    page.get_by_role("link", name="李娜").click()
    page.wait_for_selector("text=Recovery codes left: 10")
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{base}/login/")
    sign_in(page, base)
    page.get_by_label("Code").fill(codes[0])
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/account/security/")
    page.wait_for_selector("text=Recovery codes left: 9")
