"""What `/metrics` answers: the counters and histograms of every process, and gauges read from the
database at scrape time (so that every web process tells the same figures)."""

from __future__ import annotations

import os
from collections.abc import Iterable

from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector

from redress.core.heartbeats import heartbeats_all
from redress.correspondence.selectors import outbox_counts


class DatabaseGauges(Collector):
    """The outbox by status, and when each heartbeat (worker, deadline sweep) was last recorded."""

    def collect(self) -> Iterable[Metric]:
        outbox = GaugeMetricFamily(
            "redress_outbox_messages", "Outbox messages not yet delivered, by status.", labels=["status"]
        )
        for status, count in outbox_counts().items():
            outbox.add_metric([status], count)
        yield outbox
        beats = GaugeMetricFamily(
            "redress_heartbeat_timestamp_seconds",
            "When a job last ran to its end (Unix time): the worker's heartbeat, the deadline sweep.",
            labels=["job"],
        )
        for name, at in sorted(heartbeats_all().items()):
            beats.add_metric([name], at.timestamp())
        yield beats


class _Scrape(Collector):
    def __init__(self, *collectors: Collector) -> None:
        self.collectors = collectors

    def collect(self) -> Iterable[Metric]:
        for collector in self.collectors:
            yield from collector.collect()


def metrics_text(multiprocess_dir: str | None = None) -> bytes:
    """The Prometheus text exposition. With a multiprocess directory (PROMETHEUS_MULTIPROC_DIR), the
    samples every process wrote there, added up; without, this process's own."""
    path = multiprocess_dir or os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if path:
        processes = CollectorRegistry()
        MultiProcessCollector(processes, path=path)
        return generate_latest(_Scrape(processes, DatabaseGauges()))
    return generate_latest(_Scrape(REGISTRY, DatabaseGauges()))
