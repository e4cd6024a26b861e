"""redress notifications list|read USER: a person's in-app notifications from the command line."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from redress.accounts.models import User
from redress.notifications.models import Notification

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("notifications", *args, stdout=out)
    return out.getvalue()


def test_it_lists_a_persons_notifications_newest_first_with_every_alert(people: dict[str, User]) -> None:
    manager = people["manager"]
    older = Notification.objects.create(user=manager, kind="deadline_warning", message="due soon", items=[])
    digest = Notification.objects.create(
        user=manager,
        kind="deadline_breached",
        message="2 deadlines passed",
        items=[["CMP-2026-000001", "final_response"], ["CMP-2026-000002", "acknowledge"]],
    )
    Notification.objects.create(user=people["handler"], kind="deadline_warning", message="not theirs", items=[])
    text = run("list", "manager")
    assert text.index("2 deadlines passed") < text.index("due soon")
    assert "CMP-2026-000001 final_response" in text and "CMP-2026-000002 acknowledge" in text
    assert "not theirs" not in text
    assert "2 unread" in text
    rows = json.loads(run("list", "manager", "--json"))
    assert [row["id"] for row in rows["results"]] == [digest.pk, older.pk]
    assert rows["results"][0]["alerts"][0] == {"reference": "CMP-2026-000001", "clock": "final_response"}
    assert rows["unread"] == 2 and rows["next_before"] is None


def test_unread_only_paging_and_marking_read(people: dict[str, User]) -> None:
    manager = people["manager"]
    made = [
        Notification.objects.create(user=manager, kind="deadline_warning", message=f"n{i}", items=[]) for i in range(3)
    ]
    first = json.loads(run("list", "manager", "--limit", "2", "--json"))
    assert [r["id"] for r in first["results"]] == [made[2].pk, made[1].pk] and first["next_before"] == made[1].pk
    assert "--before" in run("list", "manager", "--limit", "2")  # the text says how to go on
    rest = json.loads(run("list", "manager", "--limit", "2", "--before", str(made[1].pk), "--json"))
    assert [r["id"] for r in rest["results"]] == [made[0].pk] and rest["next_before"] is None
    assert "3 marked read" in run("read", "manager")
    assert json.loads(run("list", "manager", "--unread", "--json"))["results"] == []
    assert "no notifications" in run("list", "manager", "--unread")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("list", "nobody"), "no user"),
        (("list", "manager", "--limit", "0"), "1 or more"),
        (("list", "manager", "--before", "-3"), "1 or more"),
    ],
)
def test_bad_input_is_a_clear_error(people: Any, args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
