"""redress ready — the `/readyz` checks from the command line (a container's health check, a cron job):
prints the report as JSON, exit status 1 when a check is red."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from redress.operations.readiness import readiness, readiness_report


class Command(BaseCommand):
    help = "Run the readiness checks of /readyz; print them as JSON, exit status 1 when one is red."

    def handle(self, *args: Any, **options: Any) -> None:
        report = readiness_report(readiness())
        self.stdout.write(json.dumps(report, indent=2))
        if report["failing"]:
            raise SystemExit(1)
