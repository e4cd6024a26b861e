"""redress accounts unlock [USER] [--address IP] — lift a sign-in lockout before its cool-off ends."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from redress.accounts.security.lockout import lockout_clear


class Command(BaseCommand):
    help = "Staff accounts: `unlock USER` (or `unlock --address IP`) lifts a lockout after failed sign-ins."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True)
        unlock = actions.add_parser("unlock", help="lift the lockout of an account and/or an address")
        unlock.add_argument("username", nargs="?", default="", help="the account's username")
        unlock.add_argument("--address", default="", help="a client address locked out (e.g. 203.0.113.7)")

    def handle(self, *args: Any, **options: Any) -> None:
        username: str = options["username"].strip()
        address: str = options["address"].strip()
        if not username and not address:
            raise CommandError("Name the account to unlock (or --address for an address).")
        lockout_clear(username=username or None, address=address or None)
        what = " and ".join(
            part
            for part in (f"account {username}" if username else "", f"address {address}" if address else "")
            if part
        )
        self.stdout.write(f"Unlocked {what}.")
