"""redress accounts reset-2fa USER"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.accounts.twofactor.selectors import user_named
from redress.accounts.twofactor.services import two_factor_reset


class Command(BaseCommand):
    help = "Staff accounts: reset-2fa USER removes a person's second factors (they set one up at next sign-in)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True)
        reset = commands.add_parser("reset-2fa", help="remove the person's authenticator and recovery codes")
        reset.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "reset-2fa":
            user = user_named(options["username"])
            if user is None:
                raise CommandError(f"No user named {options['username']!r}.")
            removed = two_factor_reset(user=user, actor=None)
            self.stdout.write(
                f"Two-factor sign-in reset for {user.username} ({removed} devices removed): "
                "they set it up again at their next sign-in."
            )
