"""Limits and lockouts count in one cache that every process shares: Redis with REDIS_URL, else the database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from redress.accounts.security.limits import rate_limited
from tests.accounts.conftest import PASSWORD, fresh_cache_client, sign_in

REDRESS = str(Path(sys.executable).with_name("redress"))
REDIS_URL = os.environ.get("REDRESS_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_reachable() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1):
            return True
    except OSError:
        return False


def needs_redis() -> None:
    if not redis_reachable():
        if os.environ.get("REDRESS_REQUIRE_REDIS"):
            pytest.fail("REDRESS_REQUIRE_REDIS is set but no Redis answers on 127.0.0.1:6379")
        pytest.skip("no Redis on 127.0.0.1:6379")


def embedded_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")}
    return {**env, "REDRESS_HOME": str(home), **extra}


def shown_cache_backend(home: Path, **extra: str) -> str:
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    shown = subprocess.run(
        [REDRESS, "shell", "--no-imports", "-c", code],
        env=embedded_env(home, **extra),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.returncode == 0, shown.stderr
    return shown.stdout.strip().splitlines()[-1]


def test_redis_is_the_cache_when_redis_url_is_set(tmp_path: Path) -> None:
    assert shown_cache_backend(tmp_path, REDIS_URL="redis://cache.internal:6379/0") == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert shown_cache_backend(tmp_path) == "redress.core.cache.AtomicDatabaseCache"


@pytest.mark.django_db
def test_a_rate_limit_counts_where_another_process_reads_it() -> None:
    for _ in range(3):
        assert not rate_limited(scope="shared", client="203.0.113.5", limit=10)
    keys = fresh_cache_client()  # not this process's memory: a new client reads the same count
    found = [key for key in _limit_keys("shared", "203.0.113.5") if keys.get(key) is not None]
    assert len(found) == 1 and keys.get(found[0]) == 3


def _limit_keys(scope: str, client: str) -> list[str]:
    import time

    bucket = int(time.time() // 3600)
    return [f"redress:limit:{scope}:{client}:{b}" for b in (bucket - 1, bucket)]


@pytest.fixture
def redis_cache(settings: Any) -> Any:
    from axes.handlers.proxy import AxesProxyHandler
    from django.core.cache import cache

    needs_redis()
    before = settings.CACHES
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    AxesProxyHandler.get_implementation(force=True)  # axes keeps the cache client it was made with
    cache.clear()
    yield cache
    cache.clear()
    settings.CACHES = before
    AxesProxyHandler.get_implementation(force=True)


@pytest.mark.django_db
def test_on_redis_the_limit_and_the_lockout_live_in_redis(redis_cache: Any, people: Any, settings: Any) -> None:
    import redis

    settings.AXES_FAILURE_LIMIT = 3
    server = redis.Redis.from_url(REDIS_URL)
    for _ in range(2):
        rate_limited(scope="redis", client="203.0.113.6", limit=10)
    assert any(b"redress:limit:redis:203.0.113.6" in key for key in server.keys("*"))
    for n in range(3):
        sign_in(Client(), "handler", "wrong", f"198.51.100.{70 + n}")
    assert sign_in(Client(), "handler", PASSWORD, "198.51.100.80").status_code == 429
    assert any(b"axes-" in key for key in server.keys("*"))


# --- Two processes, one limit -----------------------------------------------------------------

COUNTER = """
import os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
django.setup()
from redress.accounts.security.limits import rate_limited
start = float(sys.argv[2])
while time.time() < start:
    time.sleep(0.01)
print(sum(not rate_limited(scope="two-processes", client=sys.argv[1], limit=10) for _ in range(10)))
"""


def accepted_by_two_processes(env: dict[str, str]) -> list[int]:
    import time

    client = f"203.0.113.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:8]}"
    start = str(time.time() + 4)  # both have started Django by then: their attempts interleave
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", COUNTER, client, start],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    counts = []
    for process in processes:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
        counts.append(int(out.strip().splitlines()[-1]))
    return counts


@pytest.fixture
def postgres_database() -> Any:
    """A new, empty PostgreSQL database on the server DATABASE_URL names (dropped after)."""
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("DATABASE_URL does not name a PostgreSQL server")
    name = f"redress_cache_{uuid.uuid4().hex[:12]}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", "postgresql", "redis"])
def test_two_processes_share_a_limit_of_ten(tmp_path: Path, backend: str, request: Any) -> None:
    extra = {}
    if backend == "redis":
        needs_redis()
        extra["REDIS_URL"] = REDIS_URL
    if backend == "postgresql":
        extra["DATABASE_URL"] = request.getfixturevalue("postgres_database")
    env = embedded_env(tmp_path, **extra)
    made = subprocess.run([REDRESS, "createcachetable"], env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr
    counts = accepted_by_two_processes(env)
    # Each tries 10 times at once. (Django's own database cache reads, then writes back: in a trial on
    # PostgreSQL it let 80 through a limit of 50.)
    assert sum(counts) == 10, counts
