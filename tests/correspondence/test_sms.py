"""Text messages through the configured backend: the log backend by default (masked), an HTTP gateway tested
against a real local HTTP server (JSON, token, retries, errors kept on the message), at most once."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.conf import settings as django_settings

from redress.correspondence import tasks
from redress.correspondence.models import SmsMessage
from redress.correspondence.services import sms_queue
from redress.correspondence.sms import HttpGatewayBackend, sms_deliver

pytestmark = pytest.mark.django_db


class Gateway:
    """A local HTTP gateway: answers each POST with the next status of `script` (then 200), keeps what it got."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.script: list[int] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                gateway.received.append(
                    {
                        "body": json.loads(self.rfile.read(length)),
                        "auth": self.headers.get("Authorization"),
                        "type": self.headers.get("Content-Type"),
                    }
                )
                status = gateway.script.pop(0) if gateway.script else 200
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(json.dumps({"id": f"gw-{len(gateway.received)}"}).encode())

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> Gateway:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings: Any) -> Iterator[Gateway]:
    with Gateway() as running:
        settings.REDRESS_SMS_BACKEND = "redress.correspondence.sms.HttpGatewayBackend"
        settings.REDRESS_SMS_GATEWAY_URL = running.url
        settings.REDRESS_SMS_GATEWAY_TOKEN = "s3cret-token"
        settings.REDRESS_SMS_GATEWAY_ATTEMPTS = 3
        settings.REDRESS_SMS_GATEWAY_TIMEOUT = 5
        yield running


def queued(django_capture_on_commit_callbacks: Any, text: str = "Your code is ABCD-EFGH-JKMN-PQRS") -> SmsMessage:
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_queue(to="13812345678", text=text, purpose="tracking_code")
    message.refresh_from_db()
    return message


def test_the_default_backend_logs_masked_and_sends_nothing(
    caplog: Any, django_capture_on_commit_callbacks: Any
) -> None:
    assert django_settings.REDRESS_SMS_BACKEND == "redress.correspondence.sms.LogBackend"
    with caplog.at_level(logging.INFO, logger="redress.correspondence.sms"):
        message = queued(django_capture_on_commit_callbacks)
    assert message.status == "sent" and message.backend.endswith("LogBackend")
    logged = caplog.text
    assert "13812345678" not in logged and "ABCD-EFGH" not in logged
    assert "5678" in logged  # the masked number


def test_the_http_gateway_gets_json_with_the_token(gateway: Gateway, django_capture_on_commit_callbacks: Any) -> None:
    message = queued(django_capture_on_commit_callbacks)
    assert (message.status, message.last_error) == ("sent", "")
    assert message.sent_at is not None
    assert gateway.received == [
        {
            "body": {"to": "13812345678", "text": "Your code is ABCD-EFGH-JKMN-PQRS", "reference": ""},
            "auth": "Bearer s3cret-token",
            "type": "application/json",
        }
    ]


def test_a_gateway_error_is_tried_again_then_sent(gateway: Gateway, django_capture_on_commit_callbacks: Any) -> None:
    gateway.script = [503, 502]
    message = queued(django_capture_on_commit_callbacks)
    assert message.status == "sent"
    assert len(gateway.received) == 3


def test_a_refusal_is_not_retried_and_the_error_is_kept(
    gateway: Gateway, django_capture_on_commit_callbacks: Any
) -> None:
    gateway.script = [400]
    message = queued(django_capture_on_commit_callbacks)
    assert message.status == "failed" and "HTTP 400" in message.last_error
    assert len(gateway.received) == 1


def test_an_unreachable_gateway_is_recorded(settings: Any, django_capture_on_commit_callbacks: Any) -> None:
    settings.REDRESS_SMS_BACKEND = "redress.correspondence.sms.HttpGatewayBackend"
    with Gateway() as stopped:
        url = stopped.url
    settings.REDRESS_SMS_GATEWAY_URL = url  # nothing listens there any more
    settings.REDRESS_SMS_GATEWAY_ATTEMPTS = 2
    message = queued(django_capture_on_commit_callbacks)
    assert message.status == "failed" and "unreachable" in message.last_error


def test_a_message_is_handed_over_at_most_once(gateway: Gateway, django_capture_on_commit_callbacks: Any) -> None:
    message = queued(django_capture_on_commit_callbacks)
    assert sms_deliver(message.pk) == ""  # already claimed and sent: nothing happens
    assert len(gateway.received) == 1


def test_the_gateway_needs_its_url(settings: Any) -> None:
    settings.REDRESS_SMS_GATEWAY_URL = ""
    with pytest.raises(Exception, match="REDRESS_SMS_GATEWAY_URL"):
        HttpGatewayBackend().send(to="1", text="x", reference="")


def test_registration_only_queues_the_code_and_the_worker_sends_it_once(
    gateway: Gateway, settings: Any, api: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = False  # as in production: the kick goes to the worker
    kicks: list[dict[str, Any]] = []
    monkeypatch.setattr(tasks.outbox_deliver, "apply_async", lambda **options: kicks.append(options))
    monkeypatch.setattr(tasks, "_kicked_at", -tasks.KICK_SECONDS)
    settings.CELERY_BROKER_URL = "amqp://guest:guest@127.0.0.1:5672//"  # a broker web workers publish to
    body = {
        "channel": "api",
        "customer": {"name": "王五", "phone": "13700001111"},
        "description": "转账未到账",
        "jurisdiction": "CN-NFRA",
        "language": "zh-hans",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = api("intake").post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 201, response.json()
    message = SmsMessage.objects.get(purpose="tracking_code")
    assert message.status == "pending" and gateway.received == []  # the request did not call the gateway
    assert kicks  # it asked the worker instead
    assert tasks.outbox_deliver() >= 1  # the worker's run
    assert tasks.outbox_deliver() == 0  # the next run sends nothing again
    message.refresh_from_db()
    assert message.status == "sent"
    assert len(gateway.received) == 1 and response.json()["reference"] in gateway.received[0]["body"]["text"]
