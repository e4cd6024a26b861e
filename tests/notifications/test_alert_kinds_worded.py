"""Spike alerts, urgent complaints and improvement actions are kept as kind + parameters and worded in each
reader's language when read (page, API, command line) and in each recipient's language by e-mail."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from redress.accounts.models import Department, User
from redress.analytics.models import SpikeAlert
from redress.analytics.spike_scan import spike_params
from redress.complaints.lifecycle import register
from redress.correspondence.models import OutboxMessage
from redress.improvements.notices import plan_params, reminder_params
from redress.notifications.models import Notification, Recipient
from redress.notifications.services import staff_notify

pytestmark = pytest.mark.django_db

URGENT = "我母亲今年80岁，她的银行卡被盗刷了6万元，再不处理我们就去金融监管总局投诉。"

SPIKE = {
    "en": "Complaint spike: Bank cards on 2026-11-20: 30 (expected 8.50); "
    "Card centre on 2026-11-20: 12 (expected 3.00)",
    "zh-hans": "投诉量异常：银行卡 2026-11-20：30 件（预期 8.50）；信用卡中心 2026-11-20：12 件（预期 3.00）",
    "zh-hant": "投訴量異常：銀行卡 2026-11-20：30 件（預期 8.50）；信用卡中心 2026-11-20：12 件（預期 3.00）",
}
PLAN = {
    "en": "Improvement actions #7, #8 of CMP-20261120-000001 are yours",
    "zh-hans": "投诉 CMP-20261120-000001 的改进措施 #7, #8 由您负责",
    "zh-hant": "投訴 CMP-20261120-000001 的改進措施 #7, #8 由您負責",
}
REMINDER = {
    "en": "Improvement actions: 1 overdue, 2 due within 7 days",
    "zh-hans": "改进措施：1 项已逾期，2 项将在 7 天内到期",
    "zh-hant": "改進措施：1 項已逾期，2 項將在 7 天內到期",
}
URGENT_WORDS = {
    "en": ("Urgent complaint", "Suspected fraud"),
    "zh-hans": ("紧急投诉", "疑似欺诈"),
    "zh-hant": ("緊急投訴", "疑似詐騙"),
}


def _alerts() -> list[SpikeAlert]:
    cards = Department.objects.get(code="cards")
    day = date(2026, 11, 20)
    return [
        SpikeAlert(day=day, dimension="business", key="bank_card", count=30, expected=Decimal("8.50"), level="red"),
        SpikeAlert(day=day, dimension="department", key=str(cards.pk), count=12, expected=Decimal("3.00"), level="red"),
    ]


def _kinds(people: dict[str, User]) -> None:
    manager = people["manager"]
    staff_notify(users=[manager], kind="spike_alert", params=spike_params(_alerts()))
    staff_notify(users=[manager], kind="improvement_owner", params=plan_params("CMP-20261120-000001", [7, 8]))
    staff_notify(users=[manager], kind="improvement_reminder", params=reminder_params(2, 1, 7))
    register(by=people["intake"], description=URGENT, product="")


def _messages(results: list[dict[str, Any]]) -> dict[str, str]:
    return {n["kind"]: n["message"] for n in results}


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_api_words_each_kind_in_the_callers_language(api: Any, people: dict[str, User], language: str) -> None:
    _kinds(people)
    assert not Notification.objects.exclude(message="").exists()  # no sentence stored, only parameters
    body = api("manager").get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE=language).json()
    words = _messages(body["results"])
    assert words["spike_alert"] == SPIKE[language]
    assert words["improvement_owner"] == PLAN[language]
    assert words["improvement_reminder"] == REMINDER[language]
    heading, flag = URGENT_WORDS[language]
    assert words["urgent_complaint"].startswith(heading) and flag in words["urgent_complaint"]


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_page_and_the_command_line_word_them_for_the_reader(people: dict[str, User], language: str) -> None:
    _kinds(people)
    client = Client()
    client.force_login(people["manager"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = client.get("/notifications/").content.decode()
    assert SPIKE[language] in page and PLAN[language] in page and REMINDER[language] in page
    with translation.override(language):
        out = StringIO()
        call_command("notifications", "list", "manager", "--json", stdout=out)
    listed = _messages(json.loads(out.getvalue())["results"])
    assert listed["spike_alert"] == SPIKE[language]


def test_the_urgent_e_mail_is_in_each_managers_language(people: dict[str, User]) -> None:
    Recipient.objects.create(user=people["manager"], language="zh-hant")
    complaint = register(by=people["intake"], description=URGENT, product="")
    mail = next(m for m in OutboxMessage.objects.all() if m.to_address == people["manager"].email)
    assert mail.subject == f"[redress] 緊急投訴 {complaint.reference}"
    assert "疑似詐騙" in mail.body and "Suspected fraud" not in mail.body and "疑似欺诈" not in mail.body
    assert f"/complaints/{complaint.reference}/" in mail.body


def test_the_spike_e_mail_is_in_each_recipients_language(people: dict[str, User], settings: Any) -> None:
    from redress.analytics import spike_scan

    Recipient.objects.create(user=people["manager"], language="zh-hans")
    spike_scan._email([people["manager"], people["compliance"]], _alerts())
    by_person = {m.to_address: m for m in OutboxMessage.objects.all()}
    chinese, english = by_person[people["manager"].email], by_person[people["compliance"].email]
    assert chinese.subject == "redress：2 项投诉量异常" and "银行卡 2026-11-20：30 件（预期 8.50）" in chinese.body
    assert english.subject == "redress: 2 complaint spikes" and "Bank cards on 2026-11-20: 30" in english.body
    assert "/analytics/" in english.body


def test_rows_stored_as_sentences_get_their_parameters(people: dict[str, User]) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("redress.notifications.migrations.0003_alert_kinds_keep_parameters")
    manager = people["manager"]
    complaint = register(by=people["intake"], description=URGENT, product="")
    Notification.objects.all().delete()
    old = {
        "reminder": Notification.objects.create(
            user=manager,
            kind="improvement_reminder",
            message="改进措施：1 项已逾期，2 项将在 7 天内到期 / Improvement actions: 1 overdue, 2 due within 7 days",
        ),
        "plan": Notification.objects.create(
            user=manager,
            kind="improvement_owner",
            message="投诉 X 的改进措施 #7, #8 由您负责 / Improvements #7, #8 of CMP-20261120-000001 are yours",
        ),
        "urgent": Notification.objects.create(
            user=manager, complaint=complaint, kind="urgent_complaint", message="紧急投诉 / Urgent complaint"
        ),
        "spike": Notification.objects.create(user=manager, kind="spike_alert", message="投诉量异常 / Complaint spike"),
    }
    migration.forwards(apps, None)
    got = {k: Notification.objects.get(pk=n.pk).params for k, n in old.items()}
    assert got["reminder"] == {"overdue": 1, "soon": 2, "days": 7}
    assert got["plan"] == {"reference": "CMP-20261120-000001", "actions": [7, 8]}
    assert got["urgent"] == {"reference": complaint.reference, "flags": complaint.triage_suggestion.flags}
    assert got["spike"] is None  # its series cannot be read back: it keeps showing its words


def _department_reads(queries: CaptureQueriesContext) -> int:
    return sum('"accounts_department"' in q["sql"] for q in queries.captured_queries)


def _many_spikes(people: dict[str, User]) -> list[SpikeAlert]:
    """Three spike notifications for the manager, each naming every department (one series each)."""
    day = date(2026, 11, 20)
    alerts = [
        SpikeAlert(day=day, dimension="department", key=str(d.pk), count=12, expected=Decimal("3.00"), level="red")
        for d in Department.objects.order_by("code")
    ]
    assert len(alerts) >= 2
    for _ in range(3):
        staff_notify(users=[people["manager"]], kind="spike_alert", params=spike_params(alerts))
    return alerts


def test_a_page_of_spike_notifications_reads_the_departments_once(api: Any, people: dict[str, User]) -> None:
    alerts = _many_spikes(people)
    named = Department.objects.get(pk=int(alerts[0].key)).label("en")
    client = api("manager")
    with CaptureQueriesContext(connection) as queries:
        body = client.get("/api/v1/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert _department_reads(queries) == 1
    assert all(named in n["message"] for n in body["results"] if n["kind"] == "spike_alert")
    page = Client()
    page.force_login(people["manager"])
    with CaptureQueriesContext(connection) as queries:
        assert named in page.get("/notifications/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert _department_reads(queries) == 1
    with CaptureQueriesContext(connection) as queries, translation.override("en"):
        out = StringIO()
        call_command("notifications", "list", "manager", stdout=out)
    assert _department_reads(queries) == 1 and out.getvalue().count(named) == 3


def test_the_spike_e_mails_read_the_departments_once(people: dict[str, User]) -> None:
    from redress.analytics import spike_scan

    alerts = _many_spikes(people)
    with CaptureQueriesContext(connection) as queries:
        spike_scan._email([people["manager"], people["compliance"]], alerts)
    assert _department_reads(queries) == 1
    named = Department.objects.get(pk=int(alerts[0].key))
    assert all(named.label("en") in m.body or named.name in m.body for m in OutboxMessage.objects.all())


def test_a_malformed_spike_notification_keeps_its_words_and_the_others_theirs(people: dict[str, User]) -> None:
    from redress.notifications.kinds import message_texts

    good = spike_params(_alerts())
    with translation.override("en"):
        texts = message_texts([("spike_alert", {"alerts": [{}]}, "stored words"), ("spike_alert", good, "")])
    assert texts == ["stored words", SPIKE["en"]]
