"""The Prometheus metrics redress counts as it works, defined once so that every app can record its own.

With PROMETHEUS_MULTIPROC_DIR set (by `redress serve`, or by the operator for gunicorn and celery) every
process writes its samples to files there and `/metrics` adds them up; the variable must be set before the
process starts, as prometheus_client reads it once. Gauges of what is in the database (the outbox) are
not kept here: `/metrics` counts them when scraped (redress.operations.scrape), so every process agrees.
"""

from __future__ import annotations

from prometheus_client import Counter, Histogram

# Labelled by the view's name, never by the raw path (a reference or a token in the path would make a series
# per complaint and put identifiers in the metrics).
REQUEST_LATENCY = Histogram(
    "redress_http_request_duration_seconds",
    "Time to answer an HTTP request, by view, method and status class.",
    ["view", "method", "status"],
)
REGISTRATIONS = Counter(
    "redress_complaints_registered",
    "Complaints registered (committed; an idempotent retry is not counted again), by channel.",
    ["channel"],
)
SWEEP_DURATION = Histogram(
    "redress_deadline_sweep_duration_seconds",
    "Time a deadline sweep took from start to end.",
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600),
)
TRIAGE_LATENCY = Histogram(
    "redress_triage_duration_seconds",
    "Time the first assessment (triage) of one complaint's text took.",
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5),
)
