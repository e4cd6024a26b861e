"""API tokens: looked up on every request unless a process may keep them a few seconds."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from redress.accounts.tokens import forget_tokens

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_client(people: Any) -> tuple[APIClient, Token]:
    forget_tokens()
    token = Token.objects.create(user=people["intake"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client, token


def _token_lookups(client: APIClient) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get("/api/v1/complaints/").status_code
    return status, sum("authtoken_token" in q["sql"] for q in ctx.captured_queries)


def test_without_a_cache_every_request_looks_the_token_up(token_client: Any, settings: Any) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 0
    client, token = token_client
    assert _token_lookups(client) == (200, 1)
    assert _token_lookups(client) == (200, 1)
    token.user.is_active = False
    token.user.save()
    assert _token_lookups(client)[0] == 401


def test_with_a_cache_a_checked_token_is_kept(token_client: Any, settings: Any) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, _token = token_client
    assert _token_lookups(client) == (200, 1)
    assert _token_lookups(client) == (200, 0)


def test_a_deleted_token_or_a_deactivated_user_is_refused_at_once_in_this_process(
    token_client: Any, settings: Any, people: Any
) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, token = token_client
    assert _token_lookups(client) == (200, 1)
    token.delete()
    assert _token_lookups(client)[0] == 401

    again = Token.objects.create(user=people["intake"])
    client.credentials(HTTP_AUTHORIZATION=f"Token {again.key}")
    assert _token_lookups(client) == (200, 1)
    people["intake"].is_active = False
    people["intake"].save()
    assert _token_lookups(client)[0] == 401


def test_an_unknown_token_is_refused(token_client: Any, settings: Any) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, _token = token_client
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get("/api/v1/complaints/").status_code == 401
