from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User


@pytest.fixture
def browser(people: dict[str, User]) -> Callable[[str | None], Client]:
    """browser("handler") → a Django test client signed in as that persona (None: signed out)."""

    def client_for(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(people[username])
        return client

    return client_for


@pytest.fixture
def suggest(api: Any) -> Callable[..., dict[str, Any]]:
    """suggest("handler", title=..., ...) → the new action's JSON, filed through the API."""

    def file(username: str = "handler", **body: Any) -> dict[str, Any]:
        response = api(username).post("/api/v1/improvements/", {"title": "Fix the fee batch", **body}, format="json")
        assert response.status_code == 201, response.json()
        return dict(response.json())

    return file
