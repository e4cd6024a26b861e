"""Secrets from the environment or from a mounted file (the single sign-on client secret, and the like)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from redress.config.env import env_json_object, env_secret


def test_a_secret_comes_from_the_variable_or_its_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    secret_file = tmp_path / "client-secret"
    secret_file.write_text("from the file\n")
    monkeypatch.delenv("REDRESS_OIDC_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("REDRESS_OIDC_CLIENT_SECRET_FILE", str(secret_file))
    assert env_secret("REDRESS_OIDC_CLIENT_SECRET") == "from the file"
    monkeypatch.setenv("REDRESS_OIDC_CLIENT_SECRET", "given")
    assert env_secret("REDRESS_OIDC_CLIENT_SECRET") == "given"


def test_a_missing_or_empty_secret_file_stops_the_process(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("REDRESS_OIDC_CLIENT_SECRET", raising=False)
    monkeypatch.setenv("REDRESS_OIDC_CLIENT_SECRET_FILE", str(tmp_path / "nowhere"))
    with pytest.raises(ImproperlyConfigured, match="REDRESS_OIDC_CLIENT_SECRET_FILE"):
        env_secret("REDRESS_OIDC_CLIENT_SECRET")
    (tmp_path / "empty").write_text("  \n")
    monkeypatch.setenv("REDRESS_OIDC_CLIENT_SECRET_FILE", str(tmp_path / "empty"))
    with pytest.raises(ImproperlyConfigured, match="is empty"):
        env_secret("REDRESS_OIDC_CLIENT_SECRET")


def test_the_role_map_is_a_json_object(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDRESS_OIDC_ROLE_MAP", '{"g": {"role": "handler"}}')
    assert env_json_object("REDRESS_OIDC_ROLE_MAP") == {"g": {"role": "handler"}}
    monkeypatch.setenv("REDRESS_OIDC_ROLE_MAP", '["g"]')
    with pytest.raises(ImproperlyConfigured, match="JSON object"):
        env_json_object("REDRESS_OIDC_ROLE_MAP")
    monkeypatch.setenv("REDRESS_OIDC_ROLE_MAP", "{nope")
    with pytest.raises(ImproperlyConfigured, match="not valid JSON"):
        env_json_object("REDRESS_OIDC_ROLE_MAP")
