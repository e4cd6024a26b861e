"""redress restore FILE [--force]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.backup.errors import BackupError
from redress.backup.services import backup_restore


class Command(BaseCommand):
    help = (
        "Restore a `redress backup` archive into this installation's database and REDRESS_HOME (stop the "
        "server and the worker first), then apply the migrations it lacks."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", type=Path, help="the archive `redress backup` wrote")
        parser.add_argument(
            "--force", action="store_true", help="replace a database that already holds data, and its files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            summary = backup_restore(archive=options["archive"], force=options["force"])
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        manifest = summary.manifest
        self.stdout.write(
            f"Restored the backup made {manifest.created_at} by redress {manifest.redress_version}: the "
            f"{manifest.database_vendor} database and {len(manifest.files)} files, every SHA-256 checked; "
            f"{summary.migrations_applied} migrations applied since. Check it with `redress audit verify`."
        )
