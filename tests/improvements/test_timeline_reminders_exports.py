"""The hash-chained timeline, the owners' reminders, the CSV export, the board pack and the command line."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics.returns import RETURNS
from redress.correspondence.models import OutboxMessage
from redress.improvements.events import chains_verify
from redress.improvements.models import ActionEvent
from redress.improvements.reminders import reminders_send
from redress.notifications.models import Notification


def _approved(api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]], due: date, **kw: Any) -> int:
    pk = int(suggest("handler", **kw)["id"])
    body = {"to": "approved", "owner": people["handler"].pk, "due_on": due.isoformat()}
    assert api("manager").post(f"/api/v1/improvements/{pk}/transition/", body, format="json").status_code == 200
    return pk


def test_the_timeline_verifies_and_an_edit_is_found(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    pk = _approved(api, people, suggest, date(2027, 1, 31))
    api("handler").post(f"/api/v1/improvements/{pk}/comment/", {"note": "On it"}, format="json")
    checked, found = chains_verify()
    assert (checked, found) == (3, None)
    out = StringIO()
    call_command("improvements", "verify", stdout=out)
    assert "OK: 3 events" in out.getvalue()

    ActionEvent.objects.filter(action_id=pk, seq=2).update(data={"from": "proposed", "to": "approved", "owner": 1})
    _checked, found = chains_verify()
    assert found is not None
    assert (found.action_id, found.seq) == (pk, 2)
    assert "edited" in found.problem
    with pytest.raises(CommandError, match="edited"):
        call_command("improvements", "verify", stdout=StringIO())


def test_a_deleted_event_is_found(api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]) -> None:
    pk = _approved(api, people, suggest, date(2027, 1, 31))
    api("handler").post(f"/api/v1/improvements/{pk}/comment/", {"note": "On it"}, format="json")
    ActionEvent.objects.filter(action_id=pk, seq=2).delete()
    _checked, found = chains_verify()
    assert found is not None
    assert "missing" in found.problem


def test_owners_are_reminded_once_a_day(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]], settings: Any
) -> None:
    settings.LANGUAGE_CODE = "zh-hant"
    settings.REDRESS_PUBLIC_URL = "https://complaints.bank.example"
    today = timezone.localdate()
    people["handler"].email = "li.na@example.com"
    people["handler"].save()
    _approved(api, people, suggest, today - timedelta(days=2), title="Late one")
    _approved(api, people, suggest, today + timedelta(days=3), title="Soon one")
    _approved(api, people, suggest, today + timedelta(days=30), title="Later one")
    assert reminders_send(day=today) == 1
    notes = Notification.objects.filter(user=people["handler"], kind="improvement_reminder")
    assert notes.count() == 1
    assert notes.get().params == {"overdue": 1, "soon": 1, "days": 7}
    [email] = [m for m in OutboxMessage.objects.all() if m.to_address == "li.na@example.com"]
    assert "Late one" in email.body and "Soon one" in email.body and "Later one" not in email.body
    # in the owner's language (the site's: zh-hant here), each action with its link
    assert "改進措施 1 項已逾期，1 項即將到期" in email.subject
    assert "已逾期：" in email.body and "https://complaints.bank.example/improvements/" in email.body
    assert reminders_send(day=today) == 0  # the same day: told already
    assert notes.count() == 1
    out = StringIO()
    call_command("improvements", "remind", "--date", (today + timedelta(days=1)).isoformat(), stdout=out)
    assert "1 owner(s) reminded" in out.getvalue()
    assert notes.count() == 2


def test_the_list_exports_as_csv_with_labels(
    api: Any, browser: Callable[[str], Any], people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    _approved(api, people, suggest, date(2020, 1, 1), title="Fee batch", reason=["pricing_fees"])
    answer = api("compliance").get("/api/v1/improvements/?format=csv")
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/csv")
    lines = answer.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Id / 编号,Title / 标题,Status / 状态,Owner / 负责人")
    assert "Fee batch" in lines[1] and "Approved" in lines[1] and "yes / 是" in lines[1]
    assert "pricing_fees" not in answer.content.decode()  # the reason's label, never its code
    page = browser("compliance").get("/improvements/?overdue=on&format=csv")
    assert page.content.decode("utf-8-sig").splitlines()[1] == lines[1]


def test_the_board_pack_lists_actions_done_and_overdue(
    api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    late = _approved(api, people, suggest, date(2026, 11, 10), title="Late one")
    done = _approved(api, people, suggest, date(2027, 1, 31), title="Done one", reason=["pricing_fees"])
    api("handler").post(f"/api/v1/improvements/{done}/transition/", {"to": "in_progress"}, format="json")
    api("handler").post(
        f"/api/v1/improvements/{done}/transition/", {"to": "done", "went_live_on": "2026-11-05"}, format="json"
    )
    totals = RETURNS["board-mi"].totals(date(2026, 11, 1), date(2026, 11, 30), None)
    section = totals["sections"]["improvements"]
    assert [d["id"] for d in section["done"]] == [done]
    assert section["done"][0]["effect"]["state"] == "too_early"  # 3 full weeks to the end of the period
    assert [o["id"] for o in section["overdue"]] == [late]
    assert section["title"] == "Improvement actions"
    assert len(section["rows"]) == 2
    answer = api("compliance").get("/api/v1/reports/returns/board-mi/?from=2026-11-01&to=2026-11-30")
    assert answer.status_code == 200
    assert answer.json()["totals"]["sections"]["improvements"]["rows"][0][0] == f"#{done} Done one"
    from redress.analytics.returns.board_pdf import board_html

    html = board_html(date(2026, 11, 1), date(2026, 11, 30))
    assert f"#{late} Late one" in html


def test_the_command_lists_actions(api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]) -> None:
    pk = _approved(api, people, suggest, date(2027, 1, 31), title="Listed")
    suggest("handler", title="Still proposed")
    out = StringIO()
    call_command("improvements", "list", "--status", "approved", "--json", stdout=out)
    rows = [line for line in out.getvalue().splitlines() if line]
    assert len(rows) == 1
    assert f'"id": {pk}' in rows[0] and '"status": "approved"' in rows[0]
    out = StringIO()
    call_command("improvements", "list", stdout=out)
    assert "Still proposed" in out.getvalue() and "Listed" in out.getvalue()


def test_the_daily_task_is_scheduled_and_found_by_the_worker(
    settings: Any, api: Any, people: dict[str, User], suggest: Callable[..., dict[str, Any]]
) -> None:
    from redress.config.celery import app
    from redress.improvements.tasks import improvements_remind

    task = settings.CELERY_BEAT_SCHEDULE["improvements-remind"]["task"]
    app.loader.import_default_modules()
    assert task in app.tasks and "redress.analytics.tasks.analytics_spikes" in app.tasks
    _approved(api, people, suggest, timezone.localdate(), title="Due today")
    assert improvements_remind.delay().get() == 1
    assert improvements_remind.delay().get() == 0
