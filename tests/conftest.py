from __future__ import annotations

import os
import tempfile

os.environ.setdefault("REDRESS_HOME", tempfile.mkdtemp(prefix="redress-test-"))

from typing import Any

import pytest
from rest_framework.test import APIClient

from redress.accounts.models import User
from redress.accounts.personas import ensure_personas


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
