"""/metrics: Prometheus text with request latency by view, registrations by channel, the outbox, the deadline
sweep and triage; added up over processes when they share a multiprocess directory."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from prometheus_client.parser import text_string_to_metric_families

from redress.complaints.lifecycle import register
from redress.deadlines.sweep import sweep
from redress.operations.scrape import metrics_text
from tests.complaints.test_api_register import BODY


def scrape() -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    response = Client().get("/metrics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    return samples(response.content)


def samples(text: bytes) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text.decode())
        for sample in family.samples
    }


def value(figures: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return figures.get((name, tuple(sorted(labels.items()))), 0.0)


@pytest.mark.django_db
class TestMetrics:
    def test_each_metric_is_there(self, people: Any, django_capture_on_commit_callbacks: Any) -> None:
        with django_capture_on_commit_callbacks(execute=True):
            register(by=people["intake"])
        sweep()
        Client().get("/healthz")
        names = {name for name, _labels in scrape()}
        assert {
            "redress_http_request_duration_seconds_bucket",
            "redress_complaints_registered_total",
            "redress_outbox_messages",
            "redress_deadline_sweep_duration_seconds_count",
            "redress_triage_duration_seconds_count",
            "redress_heartbeat_timestamp_seconds",
        } <= names

    def test_a_registration_counts_once_by_channel(self, api: Any, django_capture_on_commit_callbacks: Any) -> None:
        before = scrape()
        with django_capture_on_commit_callbacks(execute=True):
            first = api("intake").post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        with django_capture_on_commit_callbacks(execute=True):
            again = api("intake").post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k1")
        assert (first.status_code, again.json()["reference"]) == (201, first.json()["reference"])
        after = scrape()
        name = "redress_complaints_registered_total"
        assert value(after, name, channel="api") - value(before, name, channel="api") == 1
        assert value(after, name, channel="phone") == value(before, name, channel="phone")
        triaged = "redress_triage_duration_seconds_count"
        assert value(after, triaged) - value(before, triaged) >= 1

    def test_the_outbox_is_counted_from_the_database(self, people: Any) -> None:
        register(by=people["intake"])
        register(by=people["intake"])
        figures = scrape()
        # Each: its acknowledgement and the e-mail of its tracking code.
        assert value(figures, "redress_outbox_messages", status="pending") == 4
        assert value(figures, "redress_outbox_messages", status="failed") == 0

    def test_a_sweep_is_timed(self) -> None:
        before = value(scrape(), "redress_deadline_sweep_duration_seconds_count")
        sweep()
        assert value(scrape(), "redress_deadline_sweep_duration_seconds_count") == before + 1

    def test_requests_are_labelled_by_view_not_by_path(self, people: Any, api: Any) -> None:
        complaint = register(by=people["intake"])
        assert api("manager").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 200
        Client().get("/no/such/page/")
        text = Client().get("/metrics").content.decode()
        assert complaint.reference not in text and "/no/such" not in text
        figures = samples(text.encode())
        bucket = "redress_http_request_duration_seconds_count"
        detail = [labels for name, labels in figures if name == bucket and ("method", "GET") in labels]
        assert (("method", "GET"), ("status", "2xx"), ("view", "api-complaint")) in detail
        assert (("method", "GET"), ("status", "4xx"), ("view", "unmatched")) in detail


def test_samples_of_other_processes_are_added_up(tmp_path: Path) -> None:
    """As under gunicorn: each process writes its own file; a scrape in any process reads them all."""
    code = (
        "from redress.core.metrics import REGISTRATIONS as r; r.labels(channel='web').inc(); r.labels('email').inc(2)"
    )
    for _process in range(2):
        env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
        subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2
    figures = samples(_without_database(tmp_path))
    assert value(figures, "redress_complaints_registered_total", channel="web") == 2
    assert value(figures, "redress_complaints_registered_total", channel="email") == 4


def _without_database(path: Path) -> bytes:
    from unittest import mock

    from redress.operations import scrape

    with mock.patch.object(scrape.DatabaseGauges, "collect", return_value=iter(())):
        return metrics_text(str(path))
