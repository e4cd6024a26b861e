"""Password reset by e-mail: the same answer for any address, a link that works once and expires."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.test import Client

from redress.accounts.models import User
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db

NEW = "paper lantern harbour 9"


@pytest.fixture
def handler(people: dict[str, User]) -> User:
    user = people["handler"]
    user.email = "li.na@bank.example"
    user.save()
    return user


def ask(address: str, client_address: str = "198.51.100.1") -> Any:
    return Client().post("/password/reset/", {"email": address}, REMOTE_ADDR=client_address)


def link_in(message: Any) -> str:
    found = re.search(r"https?://[^/\s]+(/password/reset/[^\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


def test_the_page_does_not_tell_whether_an_address_exists(handler: User) -> None:
    known = ask("li.na@bank.example")
    unknown = ask("nobody@bank.example")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/password/reset/sent/"
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["li.na@bank.example"]
    page = Client().get("/password/reset/sent/")
    assert "If the address belongs to a staff account" in page.content.decode()


def test_a_reset_end_to_end(handler: User, settings: Any) -> None:
    settings.REDRESS_INSTITUTION_NAME = "Example Bank"
    ask("li.na@bank.example")
    message = mail.outbox[0]
    assert "Example Bank" in message.subject
    assert "handler" in message.body
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    url = link_in(message)
    client = Client()
    form = client.get(url, follow=True)
    assert form.status_code == 200 and 'name="new_password1"' in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    weak = client.post(set_url, {"new_password1": "short", "new_password2": "short"})
    assert "at least 12 characters" in weak.content.decode()
    done = client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert done.status_code == 302 and done["Location"] == "/password/reset/done/"
    assert sign_in(Client(), "handler", PASSWORD).status_code == 200  # the old password no longer works
    assert sign_in(Client(), "handler", NEW, "198.51.100.2").status_code == 302
    # the link works once
    again = Client().get(url, follow=True)
    assert "has expired or has been used already" in again.content.decode()


def test_the_link_expires(handler: User, settings: Any, monkeypatch: Any) -> None:
    ask("li.na@bank.example")
    url = link_in(mail.outbox[0])
    later = PasswordResetTokenGenerator()._now() + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT + 5)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)
    page = Client().get(url, follow=True)
    assert "has expired or has been used already" in page.content.decode()
    assert 'name="new_password1"' not in page.content.decode()


def test_a_reset_lifts_a_lockout_of_the_account(handler: User) -> None:
    for n in range(5):
        sign_in(Client(), "handler", "wrong", f"198.51.100.{10 + n}")
    assert sign_in(Client(), "handler", PASSWORD, "198.51.100.30").status_code == 429
    ask("li.na@bank.example")
    client = Client()
    set_url = client.get(link_in(mail.outbox[0]), follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": NEW, "new_password2": NEW})
    assert sign_in(Client(), "handler", NEW, "198.51.100.30").status_code == 302


def test_requests_from_one_address_are_limited(handler: User, settings: Any) -> None:
    settings.REDRESS_PASSWORD_RESET_PER_HOUR = 2
    assert ask("li.na@bank.example", "198.51.100.9").status_code == 302
    assert ask("li.na@bank.example", "198.51.100.9").status_code == 302
    refused = ask("li.na@bank.example", "198.51.100.9")
    assert refused.status_code == 429 and "Too many reset requests" in refused.content.decode()
    assert len(mail.outbox) == 2
    assert ask("li.na@bank.example", "198.51.100.10").status_code == 302


def test_the_sign_in_page_links_to_the_reset() -> None:
    assert 'href="/password/reset/"' in Client().get("/login/").content.decode()
