"""redress accounts reset-2fa USER | unlock [USER] [--address IP]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.accounts.security.lockout import lockout_clear
from redress.accounts.twofactor.selectors import user_named
from redress.accounts.twofactor.services import two_factor_reset


class Command(BaseCommand):
    help = (
        "Staff accounts: `reset-2fa USER` removes a person's second factors (they set one up at next sign-in); "
        "`unlock USER` (or `unlock --address IP`) lifts a lockout after failed sign-ins."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="what", required=True)
        reset = commands.add_parser("reset-2fa", help="remove the person's authenticator and recovery codes")
        reset.add_argument("username")
        unlock = commands.add_parser("unlock", help="lift the lockout of an account and/or an address")
        unlock.add_argument("username", nargs="?", default="", help="the account's username")
        unlock.add_argument("--address", default="", help="a client address locked out (e.g. 203.0.113.7)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["what"] == "reset-2fa":
            self._reset(options["username"])
        else:
            self._unlock(options["username"].strip(), options["address"].strip())

    def _reset(self, username: str) -> None:
        user = user_named(username)
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        removed = two_factor_reset(user=user, actor=None)
        self.stdout.write(
            f"Two-factor sign-in reset for {user.username} ({removed} devices removed): "
            "they set it up again at their next sign-in."
        )

    def _unlock(self, username: str, address: str) -> None:
        if not username and not address:
            raise CommandError("Name the account to unlock (or --address for an address).")
        lockout_clear(username=username or None, address=address or None)
        parts = (f"account {username}" if username else "", f"address {address}" if address else "")
        self.stdout.write(f"Unlocked {' and '.join(p for p in parts if p)}.")
