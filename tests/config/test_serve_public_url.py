"""`redress serve`: REDRESS_PUBLIC_URL follows the address served unless it is set, with a warning where the
links sent to customers would likely be wrong (production, or a wildcard bind)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest

from redress.site.management.commands.serve import Command


def public_url(host: str, port: int) -> tuple[str, str]:
    command = Command(stdout=StringIO(), stderr=StringIO())
    url = command._public_url(host, port)
    return url, command.stderr._out.getvalue()  # type: ignore[attr-defined]


@pytest.fixture
def unset(monkeypatch: Any, settings: Any) -> Any:
    monkeypatch.delenv("REDRESS_PUBLIC_URL", raising=False)
    settings.PRODUCTION = False
    return settings


def test_it_follows_the_port_served(unset: Any) -> None:
    url, warning = public_url("127.0.0.1", 8123)
    assert url == "http://127.0.0.1:8123"
    assert url == unset.REDRESS_PUBLIC_URL  # the demo's letters, written in this process, link there too
    assert warning == ""


def test_a_wildcard_bind_links_to_the_loopback_and_warns(unset: Any) -> None:
    url, warning = public_url("0.0.0.0", 9000)  # noqa: S104
    assert url == "http://127.0.0.1:9000"
    assert "REDRESS_PUBLIC_URL is not set" in warning


def test_production_without_it_warns_at_start(unset: Any) -> None:
    unset.PRODUCTION = True
    url, warning = public_url("10.0.0.5", 8443)
    assert url == "http://10.0.0.5:8443"
    assert "REDRESS_PUBLIC_URL is not set" in warning and url in warning


def test_a_set_address_is_kept_whatever_the_port(monkeypatch: Any, settings: Any) -> None:
    monkeypatch.setenv("REDRESS_PUBLIC_URL", "https://complaints.bank.example")
    settings.REDRESS_PUBLIC_URL = "https://complaints.bank.example"
    settings.PRODUCTION = True
    url, warning = public_url("0.0.0.0", 9000)  # noqa: S104
    assert url == "https://complaints.bank.example"
    assert warning == ""


@pytest.mark.django_db
def test_unset_and_not_under_serve_links_follow_the_request(people: Any, settings: Any) -> None:
    from django.test import Client

    from redress.complaints.lifecycle import register, walk

    settings.REDRESS_PUBLIC_URL = ""
    complaint = walk(register(by=people["intake"], language="en"), "resolution_approved", people)
    client = Client(HTTP_HOST="localhost:8123")
    client.force_login(people["handler"])
    response = client.post(
        f"/complaints/{complaint.reference}/act/notify_customer/", {"notify_customer-channel": "email"}
    )
    assert response.status_code == 302
    letter = complaint.letters.get(kind="final_decision")
    assert "http://localhost:8123/survey/" in letter.body
