"""redress keys rotate [--new-key-file FILE] [--limit N] | redress keys status"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.operations.keyrotation import BATCH, LEGACY, keys_rotate, keys_status
from redress.privacy.crypto import check_key, current_key_id, key_id, writing_with

NEW_KEY_ENV = "REDRESS_NEW_DATA_KEY"


def _new_key(path: str | None) -> str | None:
    """The key to rotate to: from --new-key-file, else REDRESS_NEW_DATA_KEY; None: REDRESS_DATA_KEY is the new key."""
    if path:
        try:
            key = Path(path).read_text().strip()
        except OSError as exc:
            raise CommandError(f"The new key file {path} cannot be read: {exc.strerror}.") from exc
        source = f"The new key file {path}"
    else:
        key, source = os.environ.get(NEW_KEY_ENV, "").strip(), NEW_KEY_ENV
        if not key:
            return None
    if not key:
        raise CommandError(f"{source} is empty.")
    try:
        check_key(key)
    except ImproperlyConfigured as exc:
        raise CommandError(f"{source} does not hold a data key: 32 random bytes, urlsafe base64 ({exc}).") from exc
    return key


class Command(BaseCommand):
    help = (
        "rotate: re-encrypt every encrypted value and file under a new data key (from --new-key-file or "
        f"{NEW_KEY_ENV}; without either, under REDRESS_DATA_KEY, the old ones in REDRESS_OLD_DATA_KEYS) and "
        "recompute the blind indexes; resumable. status: how many values are under each key."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["rotate", "status"])
        parser.add_argument("--new-key-file", help="A file holding the new data key (urlsafe base64 of 32 bytes).")
        parser.add_argument("--limit", type=int, help="Stop after re-encrypting this many rows and files.")
        parser.add_argument("--batch-size", type=int, default=BATCH, help="Rows per transaction.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "status":
            self._status()
            return
        if options["limit"] is not None and options["limit"] < 1:
            raise CommandError("--limit must be at least 1.")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size must be at least 1.")
        new_key = _new_key(options["new_key_file"])
        if new_key is None:
            self._rotate(options)
        else:
            with writing_with(new_key):
                self._rotate(options)

    def _rotate(self, options: dict[str, Any]) -> None:
        report = keys_rotate(limit=options["limit"], batch=options["batch_size"])
        self.stdout.write(
            f"Re-encrypted under key {report.key_id}: {report.values} values in {report.rows} rows, "
            f"{report.files} files."
        )
        for label, count in sorted(report.per_table.items()):
            self.stdout.write(f"  {label}: {count}")
        left = sum(n for table in keys_status().values() for k, n in table.items() if k != report.key_id)
        if left:
            self.stdout.write(
                f"Not finished: {left} values or files are still under another key "
                f"({report.skipped} rows changed meanwhile). Run `redress keys rotate` again with the same key."
            )
            return
        self.stdout.write(
            f"Done: everything is under key {report.key_id}. Set it as REDRESS_DATA_KEY (or REDRESS_DATA_KEY_FILE), "
            "restart, then retire the old key: remove it from REDRESS_OLD_DATA_KEYS and destroy its copies. "
            "Tracking secrets issued before the rotation work only while the old key is kept: issue new ones."
        )

    def _status(self) -> None:
        current = current_key_id()
        names = {key_id(k): "old key" for k in settings.REDRESS_OLD_DATA_KEYS}
        names[current] = "REDRESS_DATA_KEY"
        names[LEGACY] = "written before key ids, read with any configured key"
        totals: dict[str, int] = {}
        for label, tally in keys_status().items():
            for kid, count in sorted(tally.items()):
                self.stdout.write(f"{label}: {kid} ({names.get(kid, 'unknown key')}): {count}")
                totals[kid] = totals.get(kid, 0) + count
        self.stdout.write("Total:")
        for kid, count in sorted(totals.items()):
            self.stdout.write(f"  {kid} ({names.get(kid, 'unknown key')}): {count}")
        if not totals:
            self.stdout.write("  nothing encrypted yet")
