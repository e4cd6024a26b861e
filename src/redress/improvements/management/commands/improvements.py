"""redress improvements list [--status S] [--json] | remind [--date YYYY-MM-DD] | verify
— the improvement actions, the owners' daily reminder, and a check of every action's hash-chained timeline."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from redress.improvements.choices import Status
from redress.improvements.events import chains_verify
from redress.improvements.reminders import reminders_send
from redress.improvements.selectors import action_summary, actions_all


class Command(BaseCommand):
    help = "Improvement actions: list them, remind their owners, verify their timelines."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True)
        listing = sub.add_parser("list", help="the actions, newest first")
        listing.add_argument("--status", default="", choices=["", *Status.values], help="only those in this state")
        listing.add_argument("--json", action="store_true", help="one JSON line per action")
        remind = sub.add_parser("remind", help="tell each owner their actions due soon and overdue (once a day)")
        remind.add_argument("--date", default="", help="the day (default today)")
        sub.add_parser("verify", help="check every action's hash-chained timeline")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "remind":
            day = self._day(options["date"]) if options["date"] else timezone.localdate()
            self.stdout.write(f"{reminders_send(day=day)} owner(s) reminded for {day}.")
            return
        if options["what"] == "verify":
            checked, found = chains_verify()
            if found is not None:
                raise CommandError(f"Broken after {checked} events: {found}")
            self.stdout.write(f"OK: {checked} events of the improvement actions verified.")
            return
        today = timezone.localdate()
        for action in actions_all(status=options["status"]):
            row = action_summary(action, today)
            if options["json"]:
                self.stdout.write(json.dumps(row, ensure_ascii=False))
            else:
                overdue = " OVERDUE" if row["overdue"] else ""
                self.stdout.write(
                    f"#{row['id']} [{row['status']}] {row['title']} — owner {row['owner_name'] or '-'}, "
                    f"due {row['due_on'] or '-'}{overdue}"
                )

    def _day(self, value: str) -> date:
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CommandError(f"--date {value!r}: give a date as YYYY-MM-DD.") from None
