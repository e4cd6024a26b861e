"""redress notifications list|read USER — a person's in-app notifications (deadline digests, review
requests, urgent complaints), as on /notifications/ and GET /api/v1/notifications/."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from redress.accounts.models import User
from redress.core.parsing import positive_int
from redress.notifications.models import Notification
from redress.notifications.selectors import (
    NOTIFICATIONS_PAGE_MAX,
    notifications_page,
    notifications_representation,
    unread_count,
)
from redress.notifications.services import notifications_mark_read


def _positive(value: str) -> int:
    number = positive_int(value)
    if number is None:
        raise CommandError(f"{value!r}: a whole number of 1 or more.")
    return number


class Command(BaseCommand):
    help = "A person's in-app notifications: list them (newest first), or mark them all read."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("what", choices=["list", "read"])
        parser.add_argument("user", help="the person's username")
        parser.add_argument("--unread", action="store_true", help="list the unread ones only")
        parser.add_argument("--limit", default="20", help=f"how many (1 to {NOTIFICATIONS_PAGE_MAX}; default 20)")
        parser.add_argument("--before", default="", help="older than this notification id (to page on)")
        parser.add_argument("--json", action="store_true", help="one JSON object, as the API answers")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"There is no user {options['user']!r}.")
        if options["what"] == "read":
            self.stdout.write(f"{notifications_mark_read(user=user)} marked read.")
            return
        limit = min(_positive(options["limit"]), NOTIFICATIONS_PAGE_MAX)
        before = _positive(options["before"]) if options["before"] else 0
        page, more = notifications_page(user, before=before, size=limit, unread_only=options["unread"])
        next_before = page[-1].pk if more and page else None
        if options["json"]:
            results = notifications_representation(page)
            body = {"results": results, "next_before": next_before, "unread": unread_count(user)}
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{user.username}: {unread_count(user)} unread.")
        if not page:
            self.stdout.write("There are no notifications here.")
        for notification, shown in zip(page, notifications_representation(page), strict=True):
            self.stdout.write(_line(notification, shown))
        if next_before:
            self.stdout.write(f"More: redress notifications list {user.username} --before {next_before}")


def _line(n: Notification, shown: dict[str, Any]) -> str:
    """#id  time (local)  unread|read  kind  message, then each complaint and clock it alerts on (`shown`: its
    `notification_representation`)."""
    when = timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M")
    state = "read" if n.read_at else "unread"
    alerts = "; ".join(" ".join(str(part) for part in (a["reference"], a["clock"]) if part) for a in shown["alerts"])
    return f"#{n.pk}  {when}  {state:<6}  {n.kind}  {shown['message']}" + (f"  [{alerts}]" if alerts else "")
