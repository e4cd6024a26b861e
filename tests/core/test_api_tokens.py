"""API tokens: looked up on every request, or kept a few seconds in the cache every process shares (Redis with
REDIS_URL, else the database), where revoking a token or changing its user is seen by every process at once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from redress.accounts import tokens
from redress.accounts.tokens import forget_tokens
from tests.accounts.conftest import fresh_cache_client
from tests.accounts.test_shared_cache import REDIS_URL, needs_redis

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


@pytest.fixture(params=["database", "redis"])
def shared_cache(request: Any, settings: Any) -> Any:
    """The configured kind of shared cache, emptied before and after."""
    from django.core.cache import cache

    if request.param == "redis":
        needs_redis()
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def other_process(monkeypatch: Any) -> Any:
    """Run a request as another process would: with a client of the shared cache of its own, nothing in memory
    shared with this one."""
    from contextlib import contextmanager

    @contextmanager
    def as_other() -> Any:
        with monkeypatch.context() as m:
            m.setattr(tokens, "shared_cache", fresh_cache_client)
            yield

    return as_other


def test_a_token_checked_by_one_process_is_kept_for_the_others(
    shared_cache: str, token_client: Any, settings: Any, other_process: Any
) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, _token = token_client
    assert _token_lookups(client) == (200, 1)
    with other_process():
        assert _token_lookups(client) == (200, 0)


@pytest.mark.parametrize("change", ["token revoked", "user deactivated", "user's role changed"])
def test_a_change_in_one_process_is_seen_by_the_others_at_once(
    shared_cache: str, token_client: Any, settings: Any, people: Any, other_process: Any, change: str
) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, token = token_client
    with other_process():
        assert _token_lookups(client) == (200, 1)  # the other process keeps it
    assert _token_lookups(client) == (200, 0)
    if change == "token revoked":
        token.delete()
    elif change == "user deactivated":
        people["intake"].is_active = False
        people["intake"].save()
    else:
        people["intake"].role = "analyst"
        people["intake"].save()
    with other_process():
        if change == "user's role changed":
            assert _token_lookups(client) == (200, 1)  # looked up again: the new role applies
            assert _token_lookups(client) == (200, 0)
        else:
            assert _token_lookups(client)[0] == 401


def test_the_shared_cache_holds_no_token_and_no_password(shared_cache: str, token_client: Any, settings: Any) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, token = token_client
    assert _token_lookups(client) == (200, 1)
    entry_key, _generation = tokens.cache_keys(token.key)
    assert token.key not in entry_key
    _generation_seen, user, _kept = fresh_cache_client().get(entry_key)
    assert "password" not in user.__dict__  # deferred: read from the database if anything asks


def test_with_the_cache_down_tokens_are_looked_up_and_changes_still_saved(
    token_client: Any, settings: Any, people: Any, monkeypatch: Any
) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, _token = token_client

    class Down:
        def __getattr__(self, name: str) -> Any:
            raise ConnectionError("cache down")

    monkeypatch.setattr(tokens, "shared_cache", Down)
    assert _token_lookups(client) == (200, 1)
    assert _token_lookups(client) == (200, 1)
    people["intake"].is_active = False
    people["intake"].save()
    assert _token_lookups(client)[0] == 401


def test_a_revocation_holds_though_the_cache_evicts_its_generation(
    shared_cache: str, token_client: Any, settings: Any, people: Any, other_process: Any
) -> None:
    settings.REDRESS_API_TOKEN_CACHE_SECONDS = 30
    client, token = token_client
    with other_process():
        assert _token_lookups(client) == (200, 1)
    people["intake"].is_active = False
    people["intake"].save()
    fresh_cache_client().delete(tokens.cache_keys(token.key)[1])  # evicted (a full cache)
    with other_process():
        assert _token_lookups(client)[0] == 401
