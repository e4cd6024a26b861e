"""The test identity provider in a process of its own, and a person signing in at it like a browser would."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests

from tests.oidc_provider.serve import CLIENT_ID, CLIENT_SECRET, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REDRESS = "http://testserver"
CALLBACK = f"{REDRESS}/sso/callback/"
AFTER_LOGOUT = f"{REDRESS}/login/"


@dataclass(frozen=True)
class IdentityProvider:
    url: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/openid"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def running_provider(redirect_uri: str, post_logout_uri: str, workdir: Path) -> Iterator[IdentityProvider]:
    """The test identity provider in a process of its own, with redress registered at these URIs."""
    port = _free_port()
    db = workdir / "idp.sqlite3"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    log_path = workdir / "idp.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.oidc_provider.serve", str(port), str(db), redirect_uri, post_logout_uri],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        provider = IdentityProvider(url=f"http://127.0.0.1:{port}")
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    if requests.get(f"{provider.issuer}/.well-known/openid-configuration", timeout=2).ok:
                        break
                except requests.ConnectionError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the test identity provider did not start: {log_path.read_text()}")
                time.sleep(0.2)
            yield provider
        finally:
            process.terminate()
            process.wait(timeout=10)


@pytest.fixture(scope="session")
def identity_provider(tmp_path_factory: Any) -> Iterator[IdentityProvider]:
    with running_provider(CALLBACK, AFTER_LOGOUT, tmp_path_factory.mktemp("idp")) as provider:
        yield provider


def configure(settings: Any, provider: IdentityProvider, **more: Any) -> None:
    from redress.accounts.oidc.config import forget_discovery

    forget_discovery()
    settings.REDRESS_OIDC_ISSUER = provider.issuer
    settings.REDRESS_OIDC_CLIENT_ID = CLIENT_ID
    settings.REDRESS_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.REDRESS_OIDC_PROVIDER_NAME = "Bank ID"
    settings.REDRESS_OIDC_SCOPES = "openid email profile groups"
    settings.REDRESS_OIDC_ROLE_MAP = {
        "complaints-approvers": {"role": "approver"},
        "complaints-handlers": {"role": "handler"},
        "retail": {"role": "handler", "department": "retail"},
    }
    for name, value in more.items():
        setattr(settings, name, value)


def _csrf_token(html: str) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, html
    return match.group(1)


def at_provider(authorize_url: str, username: str, browser: requests.Session | None = None) -> str:
    """Follow the provider's pages from the authorize URL as a browser: sign in there with a password, and
    return the URL the provider sends back to redress (the callback with code and state)."""
    browser = browser or requests.Session()
    url = authorize_url
    for _ in range(10):
        answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "csrfmiddlewaretoken" in answer.text:  # the provider's sign-in page
            form = {
                "csrfmiddlewaretoken": _csrf_token(answer.text),
                "username": username,
                "password": PASSWORD,
                "next": parse_qs(urlsplit(answer.url).query)["next"][0],
            }
            answer = browser.post(answer.url, data=form, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, (answer.status_code, answer.text[:500])
        url = urljoin(answer.url, answer.headers["Location"])
        if url.startswith(REDRESS):
            return url
    raise AssertionError("the provider never sent the person back")


def start(client: Any, next_url: str = "") -> str:
    answer = client.get("/sso/start/" + (f"?next={next_url}" if next_url else ""))
    assert answer.status_code == 302, answer
    return str(answer["Location"])


def sign_in_with_provider(client: Any, username: str) -> Any:
    """The whole round: redress → provider (password there) → redress's callback. The callback's answer."""
    back = at_provider(start(client), username)
    return client.get(back.removeprefix(REDRESS))
