"""redress createuser NAME --role ROLE [--department D] [--approval-limit N] [--token]"""

from __future__ import annotations

import getpass
import sys
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.accounts.models import Role
from redress.accounts.services import user_create


class Command(BaseCommand):
    help = "Create a staff user with a role (and print an API token with --token)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("name")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--department", default="", help="department code (created if new)")
        parser.add_argument(
            "--approval-limit",
            action="append",
            default=[],
            help="e.g. 50000 or 50000CNY; repeat it for a limit in each currency (50000CNY 5000GBP)",
        )
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
        default_currency: str = options["currency"].upper()
        limits: dict[str, Decimal] = {}
        for text in options["approval_limit"]:
            amount, currency = _limit(text, default_currency)
            if currency in limits:
                raise CommandError(f"--approval-limit names {currency} twice.")
            limits[currency] = amount
        first = next(iter(limits.items()), None)
        password = options["password"]
        if password is None and not options["token"] and self.stdin_is_tty():
            password = getpass.getpass("Password: ")
        try:
            user, token = user_create(
                username=options["name"],
                role=options["role"],
                department_code=options["department"] or None,
                approval_limit=first[1] if first else None,
                approval_currency=(first[0] if first else default_currency) or None,
                more_approval_limits=dict(list(limits.items())[1:]),
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


def _limit(text: str, default_currency: str) -> tuple[Decimal, str]:
    """`50000CNY`, `50,000 GBP` or `50000` (in --currency, else the institution's) → (amount, currency)."""
    number, currency = text.strip(), default_currency
    if number[-3:].isalpha():
        number, currency = number[:-3].strip(), number[-3:].upper()
    try:
        amount = Decimal(number.replace(",", ""))
    except InvalidOperation as exc:
        raise CommandError(f"--approval-limit must be a number, not {text!r}.") from exc
    if not amount.is_finite():
        raise CommandError(f"--approval-limit must be a number, not {text!r}.")
    return amount, currency or settings.REDRESS_DEFAULT_CURRENCY
