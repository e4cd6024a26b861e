"""Sessions end after the idle time and after the longest session; the clock is moved in the session data."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client

from redress.accounts.security.sessions import LAST_SEEN, SIGNED_IN_AT
from tests.accounts.conftest import PASSWORD, sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(people: Any) -> Client:
    client = Client()
    assert sign_in(client, "handler", PASSWORD).status_code == 302
    return client


def move_clock(client: Client, **seconds_ago: int) -> None:
    session = client.session
    now = int(time.time())
    for key, ago in seconds_ago.items():
        session[key] = now - ago
    session.save()


def test_signing_in_starts_both_clocks(signed_in: Client) -> None:
    session = signed_in.session
    assert abs(session[SIGNED_IN_AT] - time.time()) < 5
    assert abs(session[LAST_SEEN] - time.time()) < 5


def test_an_active_session_goes_on_and_its_last_request_is_noted(signed_in: Client) -> None:
    move_clock(signed_in, **{LAST_SEEN: 29 * 60})
    assert signed_in.get("/").status_code == 200
    assert abs(signed_in.session[LAST_SEEN] - time.time()) < 5


def test_thirty_idle_minutes_end_the_session(signed_in: Client) -> None:
    move_clock(signed_in, **{LAST_SEEN: 31 * 60})
    response = signed_in.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/login/?next=")
    assert "signed out after 30 minutes without activity" in response.content.decode()
    assert signed_in.get("/").status_code == 302  # and it stays ended


def test_the_idle_time_is_a_setting(signed_in: Client, settings: Any) -> None:
    settings.REDRESS_SESSION_IDLE_MINUTES = 5
    move_clock(signed_in, **{LAST_SEEN: 6 * 60})
    assert signed_in.get("/").status_code == 302


def test_a_session_ends_after_twelve_hours_however_active(signed_in: Client) -> None:
    move_clock(signed_in, **{SIGNED_IN_AT: 12 * 3600 + 60, LAST_SEEN: 10})
    response = signed_in.get("/", follow=True)
    assert response.redirect_chain[0][0].startswith("/login/?next=")
    assert "a session lasts at most 12 hours" in response.content.decode()


def test_the_api_refuses_an_ended_session(signed_in: Client) -> None:
    assert signed_in.get("/api/v1/complaints/").status_code == 200
    move_clock(signed_in, **{LAST_SEEN: 31 * 60})
    assert signed_in.get("/api/v1/complaints/").status_code == 401
