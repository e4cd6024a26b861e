from __future__ import annotations

import email
import socket
from collections.abc import Callable, Iterator
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint


@pytest.fixture(autouse=True)
def _forget_letter_templates() -> Iterator[None]:
    """Templates are cached per process: a test that edits them must not leave its rolled-back edits behind."""
    from redress.correspondence.rendering import forget_templates

    forget_templates()
    yield
    forget_templates()


@pytest.fixture
def browser(people: dict[str, User]) -> Callable[..., Client]:
    """browser("handler") → a Django test client signed in as that persona."""

    def client_for(username: str | None) -> Client:
        client = Client()
        if username:
            client.force_login(people[username])
        return client

    return client_for


@pytest.fixture
def complaint_in(people: dict[str, User]) -> Callable[..., Complaint]:
    """complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en") → walked along the happy path."""

    def make(state: str = "received", **overrides: Any) -> Complaint:
        return walk(register(by=people["intake"], **overrides), state, people)

    return make


def notify(api: Any, complaint: Complaint, body: dict[str, Any], who: str = "handler") -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/notify_customer/", body, format="json")


class Collector:
    def __init__(self) -> None:
        self.messages: list[Message] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted"


def message_id(message: Message) -> str:
    return "".join(str(message["Message-ID"]).split())  # long headers are folded


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class SMTPServer:
    """A real SMTP server on a fixed port that a test can start after the outbox found it down."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.collector = Collector()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.collector, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp(settings: Any) -> Iterator[SMTPServer]:
    server = SMTPServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", server.port, 5
    settings.EMAIL_USE_TLS = False
    yield server
    server.stop()
