"""The Celery app: RabbitMQ or Redis in production, an SQLite-backed broker when embedded."""

import os

from celery import Celery

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
        "redress.improvements",
        "redress.operations",
    ]
)
