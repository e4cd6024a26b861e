"""Failed sign-ins lock an account and an address for a while; every failure and lockout is logged."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.accounts.conftest import PASSWORD, fresh_cache_client, sign_in

pytestmark = pytest.mark.django_db

LOCKED = "Too many failed sign-ins"


@pytest.fixture(autouse=True)
def _limits(settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 5


def fail(times: int, *, username: str = "handler", addresses: list[str] | None = None, **extra: Any) -> None:
    for n in range(times):
        address = addresses[n] if addresses else "198.51.100.1"
        response = sign_in(Client(), username, f"wrong password {n}", address, **extra)
        assert response.status_code in (200, 429)


def test_an_account_is_locked_after_five_failures_from_anywhere(people: Any) -> None:
    fail(5, addresses=[f"198.51.100.{n}" for n in range(10, 15)])
    locked = sign_in(Client(), "handler", PASSWORD, "203.0.113.77")  # right password, new address
    assert locked.status_code == 429
    assert LOCKED in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert 'name="password"' in locked.content.decode()  # the form is still there, for after the wait
    assert "_auth_user_id" not in locked.wsgi_request.session
    # another account is not affected
    assert sign_in(Client(), "manager", PASSWORD, "203.0.113.78").status_code == 302


def test_four_failures_do_not_lock(people: Any) -> None:
    fail(4, addresses=[f"198.51.100.{n}" for n in range(10, 14)])
    assert sign_in(Client(), "handler", PASSWORD, "203.0.113.77").status_code == 302


def test_an_address_is_locked_after_five_failures_on_any_accounts(people: Any) -> None:
    for n, name in enumerate(["nobody", "handler2", "approver", "intake", "someone"]):
        sign_in(Client(), name, f"wrong {n}", "198.51.100.20")
    locked = sign_in(Client(), "manager", PASSWORD, "198.51.100.20")
    assert locked.status_code == 429 and LOCKED in locked.content.decode()
    assert sign_in(Client(), "manager", PASSWORD, "198.51.100.21").status_code == 302


def test_every_failure_and_the_lockout_are_logged_without_the_password(people: Any, caplog: Any) -> None:
    with caplog.at_level(logging.WARNING, logger="redress.security"):
        fail(5, addresses=[f"198.51.100.{n}" for n in range(10, 15)])
    lines = [r.getMessage() for r in caplog.records if r.name == "redress.security"]
    failures = [line for line in lines if line.startswith("Sign-in failed for account 'handler'")]
    assert len(failures) == 5
    assert "from 198.51.100.14" in failures[-1]
    assert any(line.startswith("Sign-in locked for 15 minutes: account 'handler'") for line in lines)
    assert not any("wrong password" in r.getMessage() for r in caplog.records)


def test_the_unlock_command_lifts_an_account_lockout(people: Any) -> None:
    fail(5, addresses=[f"198.51.100.{n}" for n in range(10, 15)])
    assert sign_in(Client(), "handler", PASSWORD, "203.0.113.77").status_code == 429
    call_command("accounts", "unlock", "handler")
    assert sign_in(Client(), "handler", PASSWORD, "203.0.113.77").status_code == 302


def test_the_unlock_command_lifts_an_address_lockout(people: Any) -> None:
    for name in ["a1", "a2", "a3", "a4", "a5"]:
        sign_in(Client(), name, "wrong", "198.51.100.30")
    assert sign_in(Client(), "manager", PASSWORD, "198.51.100.30").status_code == 429
    call_command("accounts", "unlock", "--address", "198.51.100.30")
    assert sign_in(Client(), "manager", PASSWORD, "198.51.100.30").status_code == 302


def test_unlock_needs_an_account_or_an_address() -> None:
    with pytest.raises(CommandError, match="Name the account"):
        call_command("accounts", "unlock")


def test_a_forged_forwarded_for_does_not_evade_the_address_lockout(people: Any, settings: Any) -> None:
    settings.REDRESS_TRUSTED_PROXIES = []
    for n, name in enumerate(["b1", "b2", "b3", "b4", "b5"]):
        sign_in(Client(), name, "wrong", "198.51.100.40", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    locked = sign_in(Client(), "manager", PASSWORD, "198.51.100.40", HTTP_X_FORWARDED_FOR="192.0.2.99")
    assert locked.status_code == 429


def test_behind_a_trusted_proxy_a_forged_leftmost_hop_does_not_evade_it(people: Any, settings: Any) -> None:
    settings.REDRESS_TRUSTED_PROXIES = ["10.9.0.1"]
    for n, name in enumerate(["c1", "c2", "c3", "c4", "c5"]):
        sign_in(Client(), name, "wrong", "10.9.0.1", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, 198.51.100.50")
    forged = sign_in(Client(), "manager", PASSWORD, "10.9.0.1", HTTP_X_FORWARDED_FOR="192.0.2.99, 198.51.100.50")
    assert forged.status_code == 429
    # another client behind the same proxy signs in
    other = sign_in(Client(), "manager", PASSWORD, "10.9.0.1", HTTP_X_FORWARDED_FOR="198.51.100.51")
    assert other.status_code == 302


def test_the_failures_are_counted_where_another_process_reads_them(people: Any, settings: Any) -> None:
    fail(3, addresses=["198.51.100.60", "198.51.100.61", "198.51.100.62"])
    # a second cache client, as another worker process would open it: the account's count is there
    assert fresh_cache_client().get("axes-" + hashlib.sha256(b"handler").hexdigest()) == 3
