"""redress report returns KIND --from YYYY-MM-DD --to YYYY-MM-DD [--format json|csv|xlsx|pdf] [--output FILE]
[--language zh-hans|zh-hant|en]."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

from redress.analytics.returns import RETURNS, export
from redress.analytics.returns.columns import Return, parse_period
from redress.core.errors import InvalidInput


class Command(BaseCommand):
    help = (
        "Regulator returns and the board pack of a period: uk-disp, cn-stats, us-cfpb, board-mi. "
        "JSON and CSV go to standard output unless --output names a file; XLSX and PDF (board-mi) need --output."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["returns"])
        parser.add_argument("kind", choices=sorted(RETURNS))
        parser.add_argument("--from", dest="start", required=True, help="The first day (YYYY-MM-DD).")
        parser.add_argument("--to", dest="end", required=True, help="The last day (YYYY-MM-DD), included.")
        parser.add_argument("--format", dest="fmt", choices=[*export.FORMATS, "pdf"], default="json")
        parser.add_argument("--output", help="The file to write (default: standard output, for json and csv).")
        parser.add_argument(
            "--language",
            default="",
            help="zh-hans, zh-hant or en: the Chinese of the csv and xlsx headers (default: the site's).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        with translation.override(options.get("language") or translation.get_language() or settings.LANGUAGE_CODE):
            self._report(options)

    def _report(self, options: dict[str, Any]) -> None:
        ret = RETURNS[options["kind"]]
        fmt, output = options["fmt"], options["output"]
        try:
            start, end = parse_period(options["start"], options["end"])
        except InvalidInput as exc:
            detail = "; ".join(f"--{field}: {' '.join(map(str, msgs))}" for field, msgs in exc.detail.items())
            raise CommandError(detail, returncode=2) from exc
        if fmt == "pdf" and ret.kind != "board-mi":
            raise CommandError("--format pdf is for board-mi only.", returncode=2)
        if fmt in ("xlsx", "pdf") and not output:
            raise CommandError(f"--format {fmt} writes a file: give --output FILE.", returncode=2)
        if fmt == "xlsx":
            export.write_xlsx(ret, start, end, Path(output))
        elif fmt == "pdf":
            from redress.analytics.returns.board_pdf import board_pdf

            Path(output).write_bytes(board_pdf(start, end))
        elif output:
            with Path(output).open("w", encoding="utf-8", newline="") as out:
                self._write_text(out, ret, start, end, fmt)
        else:
            self._write_text(self.stdout, ret, start, end, fmt)

    def _write_text(self, out: Any, ret: Return, start: date, end: date, fmt: str) -> None:
        to_stdout = out is self.stdout
        if fmt == "json":
            text = json.dumps(export.as_json(ret, start, end), ensure_ascii=False, indent=2)
            out.write(text, ending="\n") if to_stdout else out.write(text + "\n")
            return
        for line in export.csv_lines(ret, start, end):
            if to_stdout:
                self.stdout.write(line.removeprefix("\ufeff"), ending="")  # a terminal or a pipe: no BOM
            else:
                out.write(line)
