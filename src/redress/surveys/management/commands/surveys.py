"""redress surveys close-unanswered — close as "no response" the decisions whose survey went unanswered."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.surveys.services import unanswered_close


class Command(BaseCommand):
    help = "Satisfaction surveys: close as no response the complaints whose survey expired unanswered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["close-unanswered"])

    def handle(self, *args: Any, **options: Any) -> None:
        closed = unanswered_close()
        self.stdout.write(f"Closed as no response: {closed}.")
