from __future__ import annotations

import os
import tempfile

os.environ.setdefault("REDRESS_HOME", tempfile.mkdtemp(prefix="redress-test-"))

from typing import Any

import pytest
from rest_framework.test import APIClient

import redress.config.celery  # noqa: F401 - the app eager tasks run in (a web process loads it to publish only)
from redress.accounts.models import User
from redress.accounts.personas import ensure_personas


def _flush_past_triggers() -> None:
    """SQLite empties tables with DELETE (after a test that commits), which the audit tables' append-only
    triggers refuse: the test database's flush drops every trigger and makes it again after.
    PostgreSQL's TRUNCATE fires no row trigger."""
    from django.db.backends.sqlite3.base import DatabaseOperations

    flush = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: DatabaseOperations, sql_list: list[str]) -> None:
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            triggers = cursor.fetchall()
            for name, _sql in triggers:
                cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            flush(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                for _name, sql in triggers:
                    cursor.execute(sql)

    DatabaseOperations.execute_sql_flush = execute_sql_flush  # type: ignore[method-assign]


_flush_past_triggers()


@pytest.fixture(autouse=True)
def _test_settings(settings: Any, tmp_path: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; tests only
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LANGUAGE_CODE = "en"
    settings.TIME_ZONE = "Asia/Shanghai"
    # Most tests sign in with force_login (no second factor); the two-factor tests turn it back on.
    settings.REDRESS_REQUIRE_2FA = False
    settings.REDRESS_PUBLIC_URL = "http://127.0.0.1:8000"  # links in letters the same whatever the request's host


@pytest.fixture
def people(db: None) -> dict[str, User]:
    return ensure_personas(password="correct horse battery staple")


@pytest.fixture
def api(people: dict[str, User]) -> Any:
    """api("handler") → an APIClient signed in as that persona."""

    def client_for(username: str | None) -> APIClient:
        client = APIClient()
        if username:
            client.force_authenticate(people[username])
        return client

    return client_for
