from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache

PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def _fresh_counters(db: None) -> Iterator[None]:
    """Failures and rate limits start at zero in every test (the cache table outlives a rolled-back test only
    in transactional tests, but start clean all the same)."""
    cache.clear()
    yield
    cache.clear()


def sign_in(client: Any, username: str, password: str, address: str = "198.51.100.1", **extra: Any) -> Any:
    return client.post("/login/", {"username": username, "password": password}, REMOTE_ADDR=address, **extra)


def fresh_cache_client() -> Any:
    """A new client of the configured default cache, sharing nothing in memory with the one in use."""
    from django.core.cache import caches

    return caches.create_connection("default")
