"""redress backup [--output FILE]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.backup.errors import BackupError
from redress.backup.services import backup_create, default_archive_name


class Command(BaseCommand):
    help = (
        "Write one encrypted archive of the database, the evidence and the other data files of REDRESS_HOME "
        "(never the data key: keep it apart)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output", type=Path, help="the archive to write (default: redress-backup-<UTC time>.redress-backup here)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        output = options["output"] or Path(default_archive_name())
        try:
            summary = backup_create(output=output)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = summary.manifest
        self.stdout.write(
            f"Backup written to {summary.path} ({summary.size} bytes): the {manifest.database_vendor} database "
            f"({len(manifest.migrations)} migrations applied) and {len(manifest.files)} files, "
            f"made {manifest.created_at}."
        )
