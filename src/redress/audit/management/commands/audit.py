"""redress audit verify [--anchor-file FILE] | checkpoint | keygen FILE"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.audit.anchor import AnchorError, keygen
from redress.audit.services import checkpoint_anchored
from redress.audit.verify import Report, verify_audit


class Command(BaseCommand):
    help = (
        "Verify the hash-chained audit record (non-zero exit on a break), write a checkpoint, "
        "or make a key to sign checkpoints with."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["verify", "checkpoint", "keygen"])
        parser.add_argument("file", nargs="?", help="keygen: where to write the new private key (FILE.pub: public)")
        parser.add_argument("--anchor-file", help="verify: check against this copy of the anchor file")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["what"] == "keygen":
                self._keygen(options["file"])
            elif options["what"] == "checkpoint":
                checkpoint = checkpoint_anchored()
                self.stdout.write(
                    f"Checkpoint {checkpoint.pk}: {checkpoint.heads_count} chain heads"
                    + (", signed." if checkpoint.signature else ".")
                    if checkpoint
                    else "Nothing new to checkpoint."
                )
            else:
                self._verify(options["anchor_file"])
        except AnchorError as exc:
            raise CommandError(str(exc)) from exc

    def _verify(self, anchor_file: str | None) -> None:
        report = verify_audit(anchor_file=anchor_file)
        if not report.ok:
            raise CommandError(f"Audit record broken at {report.first_break}")
        self.stdout.write(
            f"Audit record intact: {report.chains} complaints, {report.events} events, "
            f"{report.checkpoints} checkpoints.{_anchors(report)}"
        )

    def _keygen(self, file: str | None) -> None:
        if not file:
            raise CommandError("Name the file to write the private key to: redress audit keygen FILE")
        path = Path(file).resolve()
        if path.is_relative_to(Path(settings.HOME).resolve()):
            raise CommandError(
                f"{path} is inside REDRESS_HOME: keep the signing key where the database and its backups are not."
            )
        key, public = keygen(path)
        self.stdout.write(
            f"Signing key {key} written to {path} (private: keep it there, readable by redress only) "
            f"and its public key to {path}.pub.\nSet REDRESS_AUDIT_SIGNING_KEY_FILE={path}\n{public.decode('ascii')}"
        )


def _anchors(report: Report) -> str:
    signed = (
        f" {report.signed} signatures checked."
        if report.signatures_checked
        else " Signatures not checked (no REDRESS_AUDIT_SIGNING_KEY_FILE or REDRESS_AUDIT_VERIFY_KEY_FILE)."
    )
    return signed + (f" {report.anchored} checkpoints match the anchor file." if report.anchored else "")
