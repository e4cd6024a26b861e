"""redress surveys close-unanswered — close as "no response" the decisions whose survey went unanswered.
redress surveys followups-due — tell the agents (else the managers) of the follow-up visits due today."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.surveys.due import followups_due_notify
from redress.surveys.services import unanswered_close


class Command(BaseCommand):
    help = "Satisfaction surveys: close as no response the complaints whose survey expired unanswered."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["close-unanswered", "followups-due"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "followups-due":
            self.stdout.write(f"Follow-up visits due, told: {followups_due_notify()}.")
            return
        closed = unanswered_close()
        self.stdout.write(f"Closed as no response: {closed}.")
