"""`redress mail-fetch`: process the unseen mail of the IMAP mailbox (REDRESS_IMAP_*) once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.intake.mailbox import mail_fetch


class Command(BaseCommand):
    help = "Fetch unseen mail from the IMAP mailbox named by REDRESS_IMAP_* and register it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=500, help="At most this many messages in one run.")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.REDRESS_IMAP_HOST:
            raise CommandError("Set REDRESS_IMAP_HOST (and REDRESS_IMAP_USER, REDRESS_IMAP_PASSWORD).")
        report = mail_fetch(limit=options["limit"])
        summary = ", ".join(f"{k} {v}" for k, v in sorted(report.outcomes.items())) or "nothing new"
        self.stdout.write(f"{report.seen} message(s): {summary}")
