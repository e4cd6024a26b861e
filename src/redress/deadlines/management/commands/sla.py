"""redress sla sweep — mark deadline warnings and breaches now (the scheduler runs it every 5 minutes)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.deadlines.sweep import sweep


class Command(BaseCommand):
    help = "Deadlines: mark warnings and breaches, write timeline events, notify assignees and managers."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["sweep"])

    def handle(self, *args: Any, **options: Any) -> None:
        result = sweep()
        self.stdout.write(f"Deadline sweep: {result.warned} warned, {result.breached} breached.")
