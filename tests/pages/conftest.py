from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint


@pytest.fixture
def browser(people: dict[str, User]) -> Callable[[str | None], Client]:
    """browser("handler") → a Django test client signed in as that persona (None: signed out)."""

    def client_for(username: str | None, language: str | None = None) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language) if language else Client()
        if username:
            client.force_login(people[username])
        return client

    return client_for


@pytest.fixture
def complaint_in(people: dict[str, User]) -> Callable[..., Complaint]:
    """complaint_in("assigned") → a new complaint walked along the happy path to that state."""

    def make(state: str = "received", **overrides: Any) -> Complaint:
        complaint = register(by=people["intake"], **overrides)
        return walk(complaint, state, people)

    return make
