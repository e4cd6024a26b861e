"""redress import-cfpb FILE [--limit N] [--dry-run]

Bring an export of the CFPB's public complaint database (CSV or JSON, any era's columns; `-` reads
stdin) in as closed historical complaints. Importing a file again adds nothing twice. Prints what was
read, imported, already there and skipped (with why, and the first rows of each reason); exit status 2
when the file cannot be read or lacks a column the import needs.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import replace
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from redress.complaints.cfpb_files import REQUIRED, UnreadableFile, read_export
from redress.complaints.services.history import BATCH, ImportResult, SkipReason, history_import

PROGRESS_EVERY = 100_000


class Command(BaseCommand):
    help = "Import a CFPB complaint database export (CSV or JSON) as closed historical complaints."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="a CSV or JSON export of the CFPB complaint database; - reads stdin")
        parser.add_argument("--limit", type=int, default=None, help="read at most this many rows")
        parser.add_argument("--dry-run", action="store_true", help="check and count every row; write nothing")
        parser.add_argument("--batch-size", type=int, default=BATCH, help="rows written per transaction")

    def handle(self, *args: Any, **options: Any) -> None:
        path: str = options["file"]
        self._last: ImportResult | None = None
        self._verbosity = int(options["verbosity"])
        try:
            with read_export(path, options.get("stdin") or sys.stdin.buffer) as export:
                missing = export.missing()
                if missing:
                    raise CommandError(
                        _("%(file)s lacks the columns %(missing)s (an export of the CFPB needs %(required)s).")
                        % {
                            "file": export.name,
                            "missing": ", ".join(f"“{c}”" for c in missing),
                            "required": ", ".join(f"“{c}”" for c in REQUIRED),
                        },
                        returncode=2,
                    )
                result = history_import(
                    export.rows,
                    source=export.name,
                    limit=options["limit"],
                    dry_run=options["dry_run"],
                    batch_size=max(1, options["batch_size"]),
                    progress=self._progress,
                )
        except UnreadableFile as exc:
            if self._last is not None:
                self._summary(path, self._last)
                self.stderr.write(_("The rows before the fault were imported; importing again skips them."))
            message = _("Cannot read %(file)s: %(error)s") % {"file": path, "error": exc}
            raise CommandError(message, returncode=2) from exc
        self._summary(export.name, result)

    def _progress(self, result: ImportResult) -> None:
        """After each batch: a line every PROGRESS_EVERY rows, and what was written so far (kept as it is now,
        for the summary of an import the file's fault stops)."""
        before = self._last.read if self._last is not None else 0
        self._last = replace(result, skipped=Counter(result.skipped), examples=list(result.examples))
        if self._verbosity >= 1 and result.read // PROGRESS_EVERY > before // PROGRESS_EVERY:
            self.stderr.write(_("… %(read)d rows read") % {"read": result.read})

    def _summary(self, name: str, result: ImportResult) -> None:
        self.stdout.write(
            _("%(file)s: %(read)d rows read, %(imported)d imported, %(already)d already imported, %(skipped)d skipped.")
            % {
                "file": name,
                "read": result.read,
                "imported": result.imported,
                "already": result.already_imported,
                "skipped": result.skipped.total(),
            }
        )
        for reason, count in result.skipped.most_common():
            label = SkipReason(reason).label
            self.stdout.write(_("Skipped, %(reason)s: %(count)d") % {"reason": label, "count": count})
            for row in (r for r in result.examples if r.reason == reason):
                self.stdout.write(
                    "  "
                    + _("row %(row)d, Complaint ID %(id)s: %(value)s")
                    % {"row": row.row, "id": row.complaint_id or "—", "value": row.value or "—"}
                )
        if result.dry_run:
            self.stdout.write(_("Dry run: nothing was written; “imported” counts what would be."))
