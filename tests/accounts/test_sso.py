"""Single sign-on with OpenID Connect against a real provider (django-oidc-provider in its own process):
redirect there, password at the provider, back with a code; the token exchange, the JWKS and userinfo are
real HTTP on 127.0.0.1 and the ID tokens are really signed (RS256)."""

from __future__ import annotations

import html
import re
import time
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from django.test import Client

from redress.accounts.models import Department, Role, User
from redress.accounts.oidc.config import MFA_SESSION_KEY, SSO_SESSION_KEY
from redress.accounts.security.sessions import LAST_SEEN
from tests.accounts.sso import (
    REDRESS,
    IdentityProvider,
    at_provider,
    configure,
    identity_provider,
    sign_in_with_provider,
    start,
)

pytestmark = [pytest.mark.slow, pytest.mark.django_db]
__all__ = ["identity_provider"]  # the fixture, imported for pytest


@pytest.fixture
def sso(settings: Any, identity_provider: IdentityProvider, db: None) -> IdentityProvider:
    configure(settings, identity_provider)
    Department.objects.create(code="retail", name="零售", name_en="Retail")
    for username in ("hana", "ivan", "mfa-mei", "late", "mallory", "garbled", "nogroup"):
        User.objects.create_user(username, email=f"{username}@bank.example", role=Role.INTAKE_AGENT)
    return identity_provider


def signed_in_as(client: Client) -> str | None:
    user = client.get("/login/").wsgi_request.user  # type: ignore[attr-defined]
    return user.username if user.is_authenticated else None


def note_after(answer: Any, client: Client) -> str:
    assert answer.status_code == 302 and answer["Location"] == "/login/", answer
    return client.get("/login/").content.decode()


def test_the_sign_in_asks_the_provider_with_state_nonce_and_pkce(sso: IdentityProvider, client: Client) -> None:
    url = start(client)
    query = parse_qs(urlsplit(url).query)
    assert url.startswith(f"{sso.issuer}/authorize?")
    assert query["response_type"] == ["code"] and query["client_id"] == ["redress"]
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
    assert query["state"][0] and query["nonce"][0]
    assert query["redirect_uri"] == [f"{REDRESS}/sso/callback/"]


def test_a_person_signs_in_at_the_provider_and_gets_the_role_of_their_groups(
    sso: IdentityProvider, client: Client
) -> None:
    answer = sign_in_with_provider(client, "hana")
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert signed_in_as(client) == "hana"
    hana = User.objects.get(username="hana")
    assert hana.role == Role.HANDLER and hana.department is not None and hana.department.code == "retail"
    assert client.session[SSO_SESSION_KEY] is True
    home = client.get("/")
    assert home.status_code == 200
    assert "Change password" not in home.content.decode()  # hana has no password of her own here


def test_the_role_follows_the_groups_at_every_sign_in(sso: IdentityProvider, client: Client) -> None:
    User.objects.filter(username="ivan").update(role=Role.ADMIN, is_staff=True, is_superuser=True)
    sign_in_with_provider(client, "ivan")
    ivan = User.objects.get(username="ivan")
    assert (ivan.role, ivan.is_staff, ivan.is_superuser) == (Role.APPROVER, False, False)


def test_someone_in_no_mapped_group_is_refused(sso: IdentityProvider, client: Client) -> None:
    page = note_after(sign_in_with_provider(client, "nogroup"), client)
    assert "in no group that may use redress" in page
    assert signed_in_as(client) is None


def test_the_page_asked_for_comes_after_the_sign_in(sso: IdentityProvider, client: Client) -> None:
    back = at_provider(start(client, next_url="/notifications/"), "hana")
    answer = client.get(back.removeprefix(REDRESS))
    assert answer["Location"] == "/notifications/"


def test_a_callback_with_another_state_is_refused(sso: IdentityProvider, client: Client) -> None:
    back = at_provider(start(client), "hana")
    code = parse_qs(urlsplit(back).query)["code"][0]
    answer = client.get("/sso/callback/", {"code": code, "state": "not-the-state-we-sent"})
    assert "The sign-in could not be checked" in note_after(answer, client)
    assert signed_in_as(client) is None


def test_a_callback_from_another_browser_is_refused(sso: IdentityProvider, client: Client) -> None:
    back = at_provider(start(client), "hana")
    stranger = Client()
    answer = stranger.get(back.removeprefix(REDRESS))
    assert "The sign-in could not be checked" in note_after(answer, stranger)
    assert signed_in_as(stranger) is None


def test_a_callback_cannot_be_replayed(sso: IdentityProvider, client: Client) -> None:
    back = at_provider(start(client), "hana").removeprefix(REDRESS)
    assert client.get(back)["Location"] == "/"
    client.post("/logout/")
    assert "The sign-in could not be checked" in note_after(client.get(back), client)
    assert signed_in_as(client) is None


def test_the_provider_checks_the_pkce_verifier(sso: IdentityProvider, client: Client) -> None:
    back = at_provider(start(client), "hana")
    state = parse_qs(urlsplit(back).query)["state"][0]
    session = client.session
    session["oidc_states"][state]["code_verifier"] = "x" * 64  # not the one the challenge was made from
    session.save()
    page = note_after(client.get(back.removeprefix(REDRESS)), client)
    assert "The identity provider did not accept the sign-in" in page
    assert signed_in_as(client) is None


def test_an_id_token_altered_in_transit_is_refused(sso: IdentityProvider, client: Client) -> None:
    page = note_after(sign_in_with_provider(client, "mallory"), client)
    assert "could not be verified" in page
    assert signed_in_as(client) is None
    assert User.objects.get(username="mallory").role == Role.INTAKE_AGENT  # not raised to admin


def test_an_id_token_that_is_no_jwt_is_refused(sso: IdentityProvider, client: Client) -> None:
    assert "could not be verified" in note_after(sign_in_with_provider(client, "garbled"), client)
    assert signed_in_as(client) is None


def test_an_expired_id_token_is_refused(sso: IdentityProvider, client: Client) -> None:
    page = note_after(sign_in_with_provider(client, "late"), client)
    assert "has expired" in page
    assert signed_in_as(client) is None


def test_an_unknown_person_is_refused_when_accounts_are_not_made(sso: IdentityProvider, client: Client) -> None:
    page = note_after(sign_in_with_provider(client, "newcomer"), client)
    assert "There is no redress account for newcomer. Ask an administrator to create one." in page
    assert not User.objects.filter(username="newcomer").exists()


def test_an_unknown_person_gets_an_account_when_asked(sso: IdentityProvider, client: Client, settings: Any) -> None:
    settings.REDRESS_OIDC_CREATE_USERS = True
    assert sign_in_with_provider(client, "newcomer")["Location"] == "/"
    newcomer = User.objects.get(username="newcomer")
    assert (newcomer.role, newcomer.email, newcomer.has_usable_password()) == (
        Role.HANDLER,
        "newcomer@bank.example",
        False,
    )


def test_accounts_can_be_matched_by_email(sso: IdentityProvider, client: Client, settings: Any) -> None:
    settings.REDRESS_OIDC_MATCH_BY = "email"
    User.objects.create_user("h.tanaka", email="HANA@bank.example", role=Role.INTAKE_AGENT)
    User.objects.filter(username="hana").update(email="")
    sign_in_with_provider(client, "hana")
    assert signed_in_as(client) == "h.tanaka"


def test_an_inactive_account_is_refused(sso: IdentityProvider, client: Client) -> None:
    User.objects.filter(username="hana").update(is_active=False)
    assert "switched off" in note_after(sign_in_with_provider(client, "hana"), client)
    assert signed_in_as(client) is None


def test_the_providers_mfa_stands_for_redress_two_factor(sso: IdentityProvider, client: Client, settings: Any) -> None:
    settings.REDRESS_REQUIRE_2FA = True
    sign_in_with_provider(client, "mfa-mei")
    assert client.session[MFA_SESSION_KEY] is True
    assert client.get("/").status_code == 200  # no authenticator asked for


def test_without_the_providers_mfa_redress_asks_its_own_second_factor(
    sso: IdentityProvider, client: Client, settings: Any
) -> None:
    settings.REDRESS_REQUIRE_2FA = True
    sign_in_with_provider(client, "hana")
    assert client.get("/")["Location"].startswith("/account/two-factor/")


def test_the_mfa_claim_can_be_required(sso: IdentityProvider, client: Client, settings: Any) -> None:
    settings.REDRESS_OIDC_REQUIRE_MFA_CLAIM = True
    assert "did not confirm a second factor" in note_after(sign_in_with_provider(client, "hana"), client)
    assert signed_in_as(client) is None
    assert sign_in_with_provider(client, "mfa-mei")["Location"] == "/"
    assert signed_in_as(client) == "mfa-mei"


def test_the_idle_timeout_ends_a_single_sign_on_session(sso: IdentityProvider, client: Client) -> None:
    sign_in_with_provider(client, "hana")
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    assert client.get("/").status_code == 302
    assert signed_in_as(client) is None


def test_sign_out_ends_the_session_here_and_at_the_provider_when_asked(
    sso: IdentityProvider, client: Client, settings: Any
) -> None:
    settings.REDRESS_OIDC_LOGOUT = True
    browser = requests.Session()  # the browser's cookies at the provider
    back = at_provider(start(client), "hana", browser)
    client.get(back.removeprefix(REDRESS))
    answer = client.post("/logout/")
    assert signed_in_as(client) is None
    match = re.search(r'id="provider-logout" href="([^"]+)"', answer.content.decode())
    assert answer.status_code == 200 and match
    end_session = html.unescape(match.group(1))
    assert end_session.startswith(f"{sso.issuer}/end-session?") and "id_token_hint=" in end_session
    at_idp = browser.get(end_session, allow_redirects=False, timeout=10)
    assert at_idp.headers["Location"].startswith(f"{REDRESS}/login/")
    # signed out at the provider too: a new sign-in asks for the password there again
    assert "csrfmiddlewaretoken" in browser.get(start(client), timeout=10).text


def test_sign_out_without_provider_logout_stays_here(sso: IdentityProvider, client: Client) -> None:
    sign_in_with_provider(client, "hana")
    assert client.post("/logout/")["Location"] == "/login/"
    assert signed_in_as(client) is None


def test_the_sign_in_page_offers_the_provider(sso: IdentityProvider, client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert "Sign in with Bank ID" in page and 'href="/sso/start/' in page
    assert 'name="password"' in page


def test_with_password_sign_in_off_the_form_is_gone_and_a_post_refused(
    sso: IdentityProvider, client: Client, settings: Any
) -> None:
    settings.REDRESS_PASSWORD_LOGIN = False
    hana = User.objects.get(username="hana")
    hana.set_password("correct horse battery staple")
    hana.save()
    page = client.get("/login/").content.decode()
    assert 'name="password"' not in page and "Sign in with Bank ID" in page
    answer = client.post("/login/", {"username": "hana", "password": "correct horse battery staple"})
    assert answer.status_code == 403
    assert "Sign-in with a password is switched off here" in answer.content.decode()
    assert signed_in_as(client) is None
    assert client.get("/admin/login/")["Location"].startswith("/login/")
    assert client.get("/password/reset/").status_code == 404  # no password to reset
    assert "Forgot your password?" not in page


def test_without_a_provider_there_is_no_button(client: Client, db: None) -> None:
    page = client.get("/login/").content.decode()
    assert "Sign in with" not in page and 'name="password"' in page
    assert client.get("/sso/start/").status_code == 404
