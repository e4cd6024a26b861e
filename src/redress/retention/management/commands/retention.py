"""redress retention purge [--dry-run]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from redress.retention.services import retention_purge


class Command(BaseCommand):
    help = (
        "Erase the personal data of ended complaints kept past their retention date (not those on legal hold); "
        "--dry-run lists them and changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["purge"])
        parser.add_argument("--dry-run", action="store_true", help="List what would be erased; change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        report = retention_purge(dry_run=options["dry_run"])
        verb = "Would erase" if report.dry_run else "Erased"
        self.stdout.write(f"{verb} {len(report.erased)} complaints: {', '.join(report.erased) or '-'}")
        self.stdout.write(f"On legal hold, skipped: {len(report.held)}: {', '.join(report.held) or '-'}")
