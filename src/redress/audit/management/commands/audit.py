"""redress audit verify | checkpoint"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.audit.services import checkpoint_create
from redress.audit.verify import verify_audit


class Command(BaseCommand):
    help = "Verify the hash-chained audit record (non-zero exit on a break), or write a checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify", "checkpoint"])

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "checkpoint":
            checkpoint = checkpoint_create()
            self.stdout.write(
                f"Checkpoint {checkpoint.pk}: {checkpoint.heads_count} chain heads."
                if checkpoint
                else "Nothing new to checkpoint."
            )
            return
        report = verify_audit()
        if not report.ok:
            raise CommandError(f"Audit record broken at {report.first_break}")
        self.stdout.write(
            f"Audit record intact: {report.chains} complaints, {report.events} events, "
            f"{report.checkpoints} checkpoints."
        )
