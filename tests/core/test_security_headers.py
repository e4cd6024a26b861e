"""What a browser is told to refuse, and what the API documentation loads: nothing from elsewhere."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

REDRESS = str(Path(sys.executable).with_name("redress"))


def policy(response: Any) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {d.split()[0]: d.split()[1:] for d in (x.strip() for x in header.split(";")) if d}


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy_without_inline_script(people: Any) -> None:
    client = Client()
    client.force_login(people["handler"])
    for url in ("/login/", "/", "/api/docs/"):
        response = client.get(url)
        assert response.status_code == 200, url
        directives = policy(response)
        assert directives["script-src"] == ["'self'"], url
        assert directives["frame-ancestors"] == ["'none'"] and directives["object-src"] == ["'none'"]
        assert directives["default-src"] == ["'self'"] and directives["form-action"] == ["'self'"]


@pytest.mark.django_db
def test_the_api_documentation_loads_only_files_of_this_server(people: Any) -> None:
    client = Client()
    client.force_login(people["handler"])
    page = client.get("/api/docs/").content.decode()
    assert "<script>" not in page.replace(" ", "")  # the configuration is a file of its own (CSP)
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/") and not s.startswith("//") for s in sources), sources
    for source in sources:
        assert client.get(source).status_code == 200, source


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REDRESS_")}
    env |= {
        "REDRESS_ENV": "production",
        "SECRET_KEY": "x" * 60 + "-production-secret-for-the-deploy-check",
        "REDRESS_DATA_KEY": "A" * 43 + "=",
        "REDRESS_AUDIT_ANCHOR_FILE": "/var/log/redress-audit/anchor.jsonl",  # written at the first checkpoint
        "DATABASE_URL": env.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres"),
        **extra,
    }
    return env


def test_check_deploy_is_clean_with_production_settings() -> None:
    result = subprocess.run(
        [REDRESS, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_and_the_https_redirect_are_settings() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SECURE_SSL_REDIRECT, s.SECURE_PROXY_SSL_HEADER)"
    )
    shown = subprocess.run(
        [REDRESS, "shell", "--no-imports", "-c", code],
        env=production_env(REDRESS_HSTS_SECONDS="600", REDRESS_SSL_REDIRECT="false", REDRESS_TLS_PROXY="true"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert shown.stdout.split() == ["600", "False", "('HTTP_X_FORWARDED_PROTO',", "'https')"], shown.stderr
    # Turned off on purpose: the deploy check does not warn of it again.
    checked = subprocess.run(
        [REDRESS, "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(REDRESS_SSL_REDIRECT="false", REDRESS_HSTS_PRELOAD="false"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
