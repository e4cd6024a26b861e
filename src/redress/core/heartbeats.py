"""Heartbeats: a job records that it ran; the readiness checks and the metrics read when it last did."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from redress.core.models import Heartbeat

WORKER = "worker"  # the beat-scheduled heartbeat task: the scheduler and a worker are both running
DEADLINE_SWEEP = "deadline_sweep"  # the last deadline sweep that ran to its end


def heartbeat_record(*, name: str, at: datetime | None = None) -> None:
    Heartbeat.objects.update_or_create(name=name, defaults={"at": at or timezone.now()})


def heartbeat_last(name: str) -> datetime | None:
    return Heartbeat.objects.filter(name=name).values_list("at", flat=True).first()


def heartbeats_all() -> dict[str, datetime]:
    return dict(Heartbeat.objects.values_list("name", "at"))
