from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint


@pytest.fixture(autouse=True)
def _forget_letter_templates() -> Iterator[None]:
    """Templates are cached per process: a test that edits them must not leave its rolled-back edits behind."""
    from redress.correspondence.rendering import forget_templates

    forget_templates()
    yield
    forget_templates()


@pytest.fixture
def browser(people: dict[str, User]) -> Callable[..., Client]:
    """browser("handler") → a Django test client signed in as that persona."""

    def client_for(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(people[username])
        return client

    return client_for


@pytest.fixture
def complaint_in(people: dict[str, User]) -> Callable[..., Complaint]:
    """complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en") → walked along the happy path."""

    def make(state: str = "received", **overrides: Any) -> Complaint:
        return walk(register(by=people["intake"], **overrides), state, people)

    return make


def notify(api: Any, complaint: Complaint, body: dict[str, Any], who: str = "handler") -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/notify_customer/", body, format="json")
