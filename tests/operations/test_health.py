"""/healthz says the process is up; /readyz checks the database, the broker, the worker's heartbeat, the outbox
and the last deadline sweep, and answers 503 naming what is red; both open to no one but allowed addresses."""

from __future__ import annotations

import ipaddress
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from redress.complaints.lifecycle import register
from redress.core.heartbeats import DEADLINE_SWEEP, WORKER, heartbeat_record
from redress.correspondence.models import OutboxMessage, OutboxStatus
from redress.deadlines.sweep import sweep


def ready(client: Client | None = None, **extra: Any) -> Any:
    return (client or Client()).get("/readyz", **extra)


def beat(*, worker_ago: timedelta | None = timedelta(0), sweep_ago: timedelta | None = timedelta(0)) -> None:
    now = timezone.now()
    if worker_ago is not None:
        heartbeat_record(name=WORKER, at=now - worker_ago)
    if sweep_ago is not None:
        heartbeat_record(name=DEADLINE_SWEEP, at=now - sweep_ago)


def test_healthz_is_ok_without_the_database() -> None:
    response = Client().get("/healthz")  # no django_db mark: a query would fail the test
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
class TestReadyz:
    def test_it_is_ok_when_every_check_is(self) -> None:
        beat()
        response = ready()
        assert response.status_code == 200, response.json()
        body = response.json()
        assert body["status"] == "ok" and body["failing"] == []
        assert list(body["checks"]) == ["database", "broker", "worker", "outbox", "sweep"]
        assert all(check["ok"] for check in body["checks"].values())

    def test_no_worker_heartbeat_is_red(self) -> None:
        beat(worker_ago=None)
        response = ready()
        assert response.status_code == 503
        body = response.json()
        assert (body["status"], body["failing"]) == ("unavailable", ["worker"])
        assert body["checks"]["worker"] == {"ok": False, "last": None, "age_seconds": None, "limit_seconds": 120}

    def test_a_stale_worker_heartbeat_is_red_and_a_fresh_one_green(self, settings: Any) -> None:
        settings.REDRESS_READY_WORKER_SECONDS = 60
        beat(worker_ago=timedelta(seconds=90))
        response = ready()
        assert (response.status_code, response.json()["failing"]) == (503, ["worker"])
        assert response.json()["checks"]["worker"]["age_seconds"] == 90
        heartbeat_record(name=WORKER)
        assert ready().status_code == 200

    def test_the_heartbeat_task_records_the_worker(self) -> None:
        from redress.operations.tasks import worker_heartbeat

        beat(worker_ago=None)
        worker_heartbeat.delay()  # eager in tests: run here, as the worker would
        assert ready().status_code == 200

    def test_a_sweep_records_itself_and_an_old_one_is_red(self, settings: Any) -> None:
        settings.REDRESS_READY_SWEEP_MINUTES = 15
        beat(sweep_ago=timedelta(minutes=16))
        assert ready().json()["failing"] == ["sweep"]
        sweep()
        assert ready().status_code == 200

    def test_an_unreachable_broker_is_red_without_its_address(self, settings: Any) -> None:
        settings.CELERY_BROKER_URL = "amqp://operator:s3cret@127.0.0.1:1//"
        settings.REDRESS_READY_BROKER_TIMEOUT_SECONDS = 1
        beat()
        response = ready()
        assert (response.status_code, response.json()["failing"]) == (503, ["broker"])
        assert "s3cret" not in response.content.decode() and "127.0.0.1" not in response.content.decode()

    def test_letters_waiting_too_long_or_failed_turn_the_outbox_red(self, people: Any, settings: Any) -> None:
        beat()
        register(by=people["intake"])  # its acknowledgement (and tracking code) wait in the outbox, written just now
        assert ready().status_code == 200
        message = OutboxMessage.objects.get(letter__isnull=False)
        OutboxMessage.objects.filter(pk=message.pk).update(created_at=timezone.now() - timedelta(minutes=16))
        body = ready().json()
        assert body["failing"] == ["outbox"] and body["checks"]["outbox"]["waiting_too_long"] == 1
        OutboxMessage.objects.filter(pk=message.pk).update(status=OutboxStatus.FAILED)
        assert ready().json()["checks"]["outbox"] | {"ok": False} == {
            "ok": False,
            "waiting_too_long": 0,
            "waiting_limit_minutes": 15,
            "failed_recently": 1,
            "failed_window_hours": 24,
            "failed_limit": 0,
        }
        settings.REDRESS_READY_OUTBOX_FAILED_MAX = 1
        assert ready().status_code == 200

    def test_it_tells_no_personal_data(self, people: Any) -> None:
        register(by=people["intake"])
        text = ready().content.decode()
        for personal in ("13812345678", "zhang.san", "110101199003071234", "张三"):
            assert personal not in text


@pytest.mark.django_db
class TestWhoMayAsk:
    def test_another_address_gets_a_404(self) -> None:
        beat()
        assert ready(REMOTE_ADDR="203.0.113.9").status_code == 404
        assert Client().get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 404
        assert Client().get("/healthz", REMOTE_ADDR="203.0.113.9").status_code == 200

    def test_an_allowed_network_may(self, settings: Any) -> None:
        settings.REDRESS_METRICS_ALLOWED = [ipaddress.ip_network("10.1.0.0/16")]
        settings.REDRESS_READYZ_ALLOWED = [ipaddress.ip_network("10.1.0.0/16"), ipaddress.ip_network("::1")]
        beat()
        assert Client().get("/metrics", REMOTE_ADDR="10.1.2.3").status_code == 200
        assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1").status_code == 404
        assert ready(REMOTE_ADDR="10.1.2.3").status_code == 200
        assert ready(REMOTE_ADDR="::1").status_code == 200
        assert ready(REMOTE_ADDR="::ffff:10.1.2.3").status_code == 200

    def test_a_client_cannot_name_itself_loopback(self) -> None:
        # no proxy is trusted: a header the client sends is not read at all
        spoofed = {"REMOTE_ADDR": "203.0.113.9", "HTTP_X_FORWARDED_FOR": "127.0.0.1"}
        assert Client().get("/metrics", **spoofed).status_code == 404

    def test_behind_a_proxy_a_forged_entry_is_not_believed(self, settings: Any) -> None:
        settings.REDRESS_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
        settings.REDRESS_TRUSTED_PROXIES = ["127.0.0.1"]
        forged = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.9"}
        assert Client().get("/metrics", **forged).status_code == 404
        assert Client().get("/metrics", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1").status_code == 200

    def test_no_sign_in_csrf_or_post(self, people: Any) -> None:
        client = Client(enforce_csrf_checks=True)
        beat()
        assert client.get("/readyz").status_code == 200
        assert client.get("/metrics").status_code == 200
        assert client.head("/healthz").status_code == 200
        assert client.post("/healthz").status_code == 405

    def test_plain_http_is_not_redirected_in_production(self, settings: Any) -> None:
        settings.SECURE_SSL_REDIRECT = True
        assert Client().get("/healthz").status_code == 200
        assert Client().get("/complaints/new/").status_code == 301
