"""The Celery app: RabbitMQ or Redis in production, an SQLite-backed broker when embedded.

Imported by the Celery worker (`-A redress.config` finds it here) and where a task is published
(REDRESS_CELERY_APP); not by the web processes otherwise (bench/README.md, "Web worker memory").
"""

import os
from typing import Any

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")

app = Celery("redress")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(
    [
        "redress.audit",
        "redress.correspondence",
        "redress.deadlines",
        "redress.intake",
        "redress.surveys",
        "redress.analytics",
        "redress.intake",
        "redress.improvements",
        "redress.operations",
    ]
)


def beat_schedule(entries: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """CELERY_BEAT_SCHEDULE with its times of day (`{"crontab": {...}}`, settings' `_at`) as Celery's crontab."""
    made = {}
    for name, entry in entries.items():
        when = entry["schedule"]
        made[name] = {**entry, "schedule": crontab(**when["crontab"]) if isinstance(when, dict) else when}
    return made


@app.on_after_configure.connect
def _times_of_day(sender: Celery, **kwargs: Any) -> None:
    sender.conf.beat_schedule = beat_schedule(sender.conf.beat_schedule or {})
