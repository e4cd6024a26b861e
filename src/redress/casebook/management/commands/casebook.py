"""redress casebook training --year YYYY [--department CODE] [--format csv|json] [--output FILE] --as USERNAME
| mark REFERENCE --lesson TEXT --as USERNAME [--required-for-year YYYY]
— the training records of a year, and marking a closed complaint as a teaching case, from the command line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone, translation

from redress.accounts.models import Role, User
from redress.casebook import selectors, services
from redress.casebook.presenters import training_csv, training_json
from redress.core.errors import ApplicationError


def _person(username: str | None) -> User:
    """Who the command acts as: a named member of staff (rights as theirs), else the first active administrator."""
    people = User.objects.filter(is_active=True)
    found = people.filter(username=username).first() if username else people.filter(role=Role.ADMIN).first()
    if found is None:
        raise CommandError(f"No active user {username!r}." if username else "No active administrator: give --as.")
    return found


def _error(exc: ApplicationError) -> CommandError:
    detail = exc.detail
    if isinstance(detail, dict):
        detail = "; ".join(f"{field}: {' '.join(map(str, msgs))}" for field, msgs in detail.items())
    return CommandError(str(detail))


class Command(BaseCommand):
    help = "Case library: the training records of a year; mark a closed complaint as a teaching case."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        training = sub.add_parser("training", help="who has and has not read the year's required guides and cases")
        training.add_argument("--year", type=int, default=0, help="the year (default: this year)")
        training.add_argument("--department", default="", help='a department code, or "none"')
        training.add_argument("--format", choices=["csv", "json"], default="csv")
        training.add_argument("--output", default="", help="write to this file (default: standard output)")
        training.add_argument("--as", dest="as_user", default="", help="whose rights (default: an administrator)")
        training.add_argument("--language", default="", help="zh-hans, zh-hant or en (default: the site's)")
        mark = sub.add_parser("mark", help="make a closed complaint a teaching case")
        mark.add_argument("reference")
        mark.add_argument("--lesson", required=True)
        mark.add_argument("--required-for-year", type=int, default=None)
        mark.add_argument("--as", dest="as_user", required=True, help="a compliance officer or a manager")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("language") or translation.get_language() or "zh-hans"
        with translation.override(language):
            if options["what"] == "mark":
                self._mark(options)
            else:
                self._training(options)

    def _mark(self, options: dict[str, Any]) -> None:
        try:
            case = services.case_mark(
                user=_person(options["as_user"]),
                reference=options["reference"],
                lesson=options["lesson"],
                required_for_year=options["required_for_year"],
            )
        except ApplicationError as exc:
            raise _error(exc) from exc
        self.stdout.write(f"Teaching case {case.pk} marked.")

    def _training(self, options: dict[str, Any]) -> None:
        year = options["year"] or timezone.localdate().year
        if not 2000 <= year <= 2100:
            raise CommandError(f"--year {year}: give a year such as 2026.")
        try:
            report = selectors.training_report(
                user=_person(options["as_user"]), year=year, department=options["department"]
            )
        except ApplicationError as exc:
            raise _error(exc) from exc
        if options["format"] == "json":
            text = json.dumps(
                training_json(report, year=year, required=selectors.required_reading(year)),
                ensure_ascii=False,
                indent=2,
            )
        else:
            text = training_csv(report)
        if options["output"]:
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Written to {options['output']}.")
        else:
            self.stdout.write(text.removeprefix("\ufeff"), ending="" if text.endswith("\n") else "\n")
