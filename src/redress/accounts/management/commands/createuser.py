"""redress createuser NAME --role ROLE [--department D] [--approval-limit N] [--token]"""

from __future__ import annotations

import getpass
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.accounts.models import Role
from redress.accounts.services import user_create


class Command(BaseCommand):
    help = "Create a staff user with a role (and print an API token with --token)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--department", default="", help="department code (created if new)")
        parser.add_argument("--approval-limit", default="", help="e.g. 50000 or 50000CNY")
        parser.add_argument("--currency", default="", help="approval currency (default: the institution's)")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", default=None, help="default: asked for, or unusable with --token")
        parser.add_argument("--token", action="store_true", help="print an API token for this user")
        parser.add_argument(
            "--seniority", type=int, default=None, help="1 = handler (default), higher = more senior (reviews)"
        )

    def stdin_is_tty(self) -> bool:
        return sys.stdin.isatty()

    def handle(self, *args: Any, **options: Any) -> None:
        limit_text: str = options["approval_limit"].strip()
        currency: str = options["currency"].upper()
        limit = None
        if limit_text:
            if limit_text[-3:].isalpha():
                limit_text, currency = limit_text[:-3], limit_text[-3:].upper()
            try:
                limit = Decimal(limit_text.replace(",", ""))
            except InvalidOperation as exc:
                raise CommandError(f"--approval-limit must be a number, not {options['approval_limit']!r}.") from exc
        password = options["password"]
        if password is None and not options["token"] and self.stdin_is_tty():
            password = getpass.getpass("Password: ")
        try:
            user, token = user_create(
                username=options["name"],
                role=options["role"],
                department_code=options["department"] or None,
                approval_limit=limit,
                approval_currency=currency or None,
                email=options["email"],
                password=password,
                with_token=options["token"],
                seniority=options["seniority"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Created {user.username} ({user.role}).")
        if token:
            self.stdout.write(token)
