"""redress routing-rules [--inactive]

List the routing rules in the order they apply (priority, then the more specific, then the oldest): what
each matches (a blank field matches anything), the department it sends to, and whether it names a handler.
The rules are edited in the admin (Complaints › Routing rules).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from redress.complaints.selectors import routing_rules


class Command(BaseCommand):
    help = "List the routing rules in the order they apply."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--inactive", action="store_true", help="list the inactive rules too")

    def handle(self, *args: Any, **options: Any) -> None:
        rules = routing_rules(active_only=not options["inactive"])
        if not rules:
            self.stdout.write(_("No routing rules: complaints are assigned by hand."))
            return
        any_value = _("any")
        for rule in rules:
            match = ", ".join(
                f"{label}={getattr(rule, name) or any_value}"
                for name, label in (
                    ("business", _("business line")),
                    ("product", _("product")),
                    ("jurisdiction", _("jurisdiction")),
                    ("channel", _("channel")),
                )
            )
            handler = _("fewest open complaints") if rule.assign_handler else _("department only")
            state = "" if rule.active else f" ({_('inactive')})"
            self.stdout.write(f"{rule.priority:>5}  {rule.name}{state}: {match} → {rule.department.code} [{handler}]")
