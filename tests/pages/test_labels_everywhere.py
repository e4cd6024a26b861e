"""Every word a person reads comes from the label catalogue, in each of the three languages.

Each persona opens every page over complaints with a varied history (every kind of timeline entry the
actions write), the notifications of every kind, the public pages, and the e-mails and letters sent;
the visible text may hold no raw code, no English word on a Chinese page, no Chinese on an English one,
and no character of the other Chinese script. Names, references and the test's own customer data are
allowed (the customer data is written in the page's language)."""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from redress.accounts.models import Department, User
from redress.analytics.models import SpikeAlert
from redress.analytics.spike_scan import spike_params
from redress.complaints.lifecycle import HAPPY_PATH, act, register, walk
from redress.complaints.models import Complaint, RedressItem
from redress.complaints.services.registration import CustomerDetails
from redress.correspondence.delivery import outbox_deliver
from redress.deadlines.models import Clock
from redress.deadlines.sweep import sweep
from redress.improvements.notices import reminder_params
from redress.notifications.models import Notification
from redress.notifications.services import managers_notify, staff_notify
from redress.surveys.models import FollowUpRule
from redress.surveys.services import survey_issue, survey_token
from redress.triage.models import TriageSuggestion
from tests.pages.helpers import html
from tests.pages.wording import problems, visible_text

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "zh-hans", "zh-hant"]

# The customer's (and staff's free-text) words, in the page's language.
DATA: dict[str, dict[str, str]] = {
    "en": {
        "name": "John Smith",
        "address": "1 High Street, London",
        "description": "The annual fee was charged twice.",
        "desired": "Refund the second fee",
        "summary": "The duplicate fee is confirmed and refunded.",
        "note": "Statement checked.",
        "contact": "Called the customer about the fee.",
        "why": "The amount needs another look.",
        "improvement": "Fix the fee batch job",
        "call": "Explained the refund on the phone.",
        "comment": "Quick and fair.",
        "hold": "Waiting for the bank statement.",
        "decline": "This is a question, not a complaint.",
    },
    "zh-hans": {
        "name": "李四",
        "address": "北京市朝阳区建国路1号",
        "description": "信用卡年费被重复扣取。",
        "desired": "退还重复扣取的年费",
        "summary": "核实重复扣费，予以退还。",
        "note": "已核对账单。",
        "contact": "致电客户说明年费情况。",
        "why": "金额需要重新核对。",
        "improvement": "修复年费批处理",
        "call": "电话说明退款安排。",
        "comment": "处理及时。",
        "hold": "等待客户提供账单。",
        "decline": "这是咨询，不是投诉。",
    },
    "zh-hant": {
        "name": "陳大文",
        "address": "香港中環皇后大道中1號",
        "description": "信用卡年費被重複扣取。",
        "desired": "退還重複扣取的年費",
        "summary": "核實重複扣費，予以退還。",
        "note": "已核對賬單。",
        "contact": "致電客戶說明年費情況。",
        "why": "金額需要重新核對。",
        "improvement": "修復年費批處理",
        "call": "電話說明退款安排。",
        "comment": "處理及時。",
        "hold": "等待客戶提供賬單。",
        "decline": "這是諮詢，不是投訴。",
    },
}


def _register(people: dict[str, User], language: str, **extra: Any) -> Complaint:
    d = DATA[language]
    return register(
        by=people["intake"],
        customer=CustomerDetails(name=d["name"], phone="13812345678", email="cust@example.com", address=d["address"]),
        description=d["description"],
        desired_outcome=d["desired"],
        language=language,
        **extra,
    )


def _plan(d: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "outcome": "upheld",
        "summary": d["summary"],
        "redress": [{"type": "refund", "amount": "680.00", "currency": "CNY"}],
        "improvements": [d["improvement"]],
        **extra,
    }


def complaints_with_history(people: dict[str, User], language: str) -> dict[str, Complaint]:
    """Complaints in several states whose timelines hold every kind of entry the actions write."""
    d = DATA[language]
    made = {"received": _register(people, language, channel="phone", product="信用卡")}
    full = _register(people, language, channel="email", product="信用卡")
    full = act(full, "triage", by=people["intake"], payload={"business": "bank_card", "urgent": True})
    full = walk(full, "investigating", people)
    handler, approver = people["handler"], people["approver"]
    act(full, "add_note", by=handler, payload={"text": d["note"]})
    act(full, "log_contact", by=handler, payload={"channel": "phone", "summary": d["contact"], "direction": "in"})
    act(full, "hold", by=handler, payload={"reason": d["hold"], "pause_reason": "awaiting_customer"})
    act(full, "resume", by=handler)
    act(full, "classify", by=handler, payload={"reason": "pricing_fees", "root_cause": "staff_error"})
    made["investigating"] = _register(people, language, channel="web", product="信用卡")
    made["investigating"] = walk(made["investigating"], "investigating", people)
    act(full, "propose_resolution", by=handler, payload=_plan(d, reason="pricing_fees", root_cause="system_fault"))
    made["proposed"] = full
    act(full, "reject_resolution", by=approver, payload={"reason": d["why"]})
    act(full, "propose_resolution", by=handler, payload=_plan(d))
    act(full, "approve_resolution", by=approver, payload={"note": d["note"]})
    item = RedressItem.objects.filter(plan__complaint=full).order_by("-plan__version").first()
    assert item is not None
    act(
        full,
        "record_payment",
        by=handler,
        payload={"item": item.pk, "payment_reference": "PAY-1", "paid_on": date.today()},
    )
    full = act(
        full,
        "notify_customer",
        by=handler,
        payload={"channel": "phone", "call_outcome": "reached", "call_summary": d["call"]},
    )
    full = act(
        full, "record_satisfaction", by=handler, payload={"result": "satisfied", "score": 5, "comment": d["comment"]}
    )
    made["closed"] = full
    reviewed = _register(people, language, channel="phone", product="信用卡")
    reviewed = walk(reviewed, "customer_notified", people)
    made["review"] = act(reviewed, "request_review", by=people["intake"], payload={"reason": d["why"]})
    declined = _register(people, language, channel="phone", product="信用卡")
    made["declined"] = act(declined, "decline", by=people["manager"], payload={"reason": d["decline"]})
    merged = _register(people, language, channel="phone", product="信用卡")
    made["merged"] = act(merged, "merge", by=people["manager"], payload={"into": made["received"].reference})
    return made


def _notifications(people: dict[str, User], complaints: dict[str, Complaint], language: str) -> None:
    """Every kind: the sweep's warnings and breaches, a review request, a spike alert (a business line and a
    department), an urgent complaint, improvement owners (from the approved plan) and their reminder."""
    open_one = complaints["investigating"]
    clocks = Clock.objects.filter(complaint=open_one)
    clocks.update(due_at=timezone.now() - timedelta(hours=1))
    sweep()
    day, cards = date.today(), Department.objects.get(code="cards")
    alerts = [
        SpikeAlert(day=day, dimension="business", key="bank_card", count=30, expected=Decimal("8.5"), level="red"),
        SpikeAlert(day=day, dimension="department", key=str(cards.pk), count=9, expected=Decimal("2"), level="amber"),
    ]
    alerts += [
        SpikeAlert(day=day, dimension="channel", key="web", count=n, expected=Decimal(1), level="red") for n in range(5)
    ]
    told = [people["manager"], people["handler"]]
    staff_notify(users=told, kind="spike_alert", params=spike_params(alerts))
    staff_notify(users=told, kind="improvement_reminder", params=reminder_params(2, 1, 7))
    managers_notify(complaint=open_one, kind="urgent_complaint", params={"flags": ["fraud", "vulnerable"]})
    managers_notify(complaint=open_one, kind="urgent_complaint", params={"flags": []})


STAFF = ["intake", "handler", "approver", "manager", "compliance", "analyst", "auditor"]
PAGES = [
    "/",
    "/complaints/new/staff/",
    "/deadlines/board/",
    "/notifications/",
    "/analytics/",
    "/analytics/themes/",
    "/casebook/",
    "/casebook/guides/",
    "/casebook/training/",
    "/improvements/",
    "/improvements/new/",
    "/retention/",
    "/privacy/access/",
    "/follow-ups/",
    "/password/change/",
]
PUBLIC = ["/login/", "/complaints/new/", "/complaints/track/", "/password/reset/"]


def _model_words(value: Any) -> list[str]:
    """The words the triage model weighed (its own normalised text, shown as the model saw it)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [w for v in value.values() for w in _model_words(v)]
    if isinstance(value, list | tuple):
        return [w for v in value for w in _model_words(v)]
    return []


def allowed(people: dict[str, User], language: str) -> list[str]:
    """Data, not words of the catalogue: people's names, department names, the seeded rules' names, the
    customer data, the triage model's terms."""
    names = [w for p in people.values() for w in (p.username, p.first_name, p.last_name, p.email)]
    names += [d.label(language) for d in Department.objects.all()]  # each in the page's language only
    names += [part for rule in FollowUpRule.objects.all() for part in rule.name.split(" / ")]
    names += [
        w
        for e in TriageSuggestion.objects.values_list("explanation", flat=True)
        for w in _model_words(e)
        if len(w) < 12
    ]
    walked = [str(v) for *_, payload in HAPPY_PATH for v in payload.values() if isinstance(v, str)]
    walked += [i for *_, payload in HAPPY_PATH for i in payload.get("improvements", [])]
    institution = str(settings.REDRESS_INSTITUTION_NAME)
    return [*names, *DATA[language].values(), *walked, "PAY-1", "信用卡", "Admin", institution]


def report(found: dict[str, list[str]]) -> str:
    """Each problem once, with the first place it was seen and how many places show it."""
    where: dict[str, list[str]] = {}
    for place, bad in found.items():
        for b in bad:
            where.setdefault(b, []).append(place)
    return "\n".join(f"{b}  — {places[0]} (+{len(places) - 1})" for b, places in sorted(where.items()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_speaks_the_readers_language(people: dict[str, User], language: str) -> None:
    complaints = complaints_with_history(people, language)
    _notifications(people, complaints, language)
    # Every kind stores its parameters, never a sentence: each is worded for the reader.
    assert not Notification.objects.exclude(kind__startswith="deadline").exclude(message="").exists()
    ok = allowed(people, language)
    found: dict[str, list[str]] = {}
    for who in STAFF:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(people[who])
        urls = PAGES + [f"/complaints/{c.reference}/" for c in complaints.values()]
        urls += [f"/notifications/{n.pk}/" for n in Notification.objects.filter(user=people[who])[:3]]
        for url in urls:
            response = client.get(url)
            if response.status_code in (403, 404) or response.status_code == 302:
                continue
            assert response.status_code == 200, (who, url, response.status_code)
            if bad := problems(visible_text(html(response)), language, ok):
                found[f"{who} {url}"] = bad
    anonymous = Client(HTTP_ACCEPT_LANGUAGE=language)
    survey = complaints["review"].surveys.order_by("-id").first() or survey_issue(complaint=complaints["review"])
    for url in [*PUBLIC, f"/survey/{survey_token(survey)}/"]:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        if bad := problems(visible_text(html(response)), language, ok):
            found[url] = bad
    assert found == {}, report(found)


@pytest.mark.parametrize("language", LANGUAGES)
def test_letters_and_emails_speak_the_readers_language(people: dict[str, User], language: str) -> None:
    complaints = complaints_with_history(people, language)
    ok = allowed(people, language)
    found: dict[str, list[str]] = {}
    for complaint in complaints.values():
        for letter in complaint.letters.all():
            if bad := problems(f"{letter.subject}\n{letter.body}", language, ok):
                found[f"letter {letter.kind} {complaint.reference}"] = bad
    mail.outbox.clear()
    outbox_deliver(limit=1000)
    Client(HTTP_ACCEPT_LANGUAGE=language).post("/password/reset/", {"email": people["handler"].email})
    assert any("/password/reset/" in m.body for m in mail.outbox)  # the reset e-mail, in the asker's language
    for message in mail.outbox:
        if message.to and message.to[0].endswith("@bank.example") and "/password/reset/" not in message.body:
            continue  # staff alerts: in the recipient's language (tests/deadlines/test_digest_email.py)
        if bad := problems(f"{message.subject}\n{message.body}", language, ok):
            found[f"e-mail {message.subject}"] = bad
    assert found == {}, report(found)


def test_tracking_page_speaks_the_readers_language(people: dict[str, User]) -> None:
    from tests.intake.test_web import secret_of, submit, track

    for language in LANGUAGES:
        d = DATA[language]
        reference, secret = secret_of(
            submit(
                Client(HTTP_ACCEPT_LANGUAGE=language),
                language=language,
                name=d["name"],
                address=d["address"],
                description=d["description"],
                desired_outcome=d["desired"],
                ip=f"10.9.0.{len(language)}",
            )
        )
        page = track(Client(HTTP_ACCEPT_LANGUAGE=language), reference, secret, ip=f"10.8.0.{len(language)}")
        assert page.status_code == 200
        text = visible_text(html(page))
        assert problems(text, language, allowed(people, language)) == [], language
        assert re.search(r"\brunning\b", text) is None


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant"])
def test_every_timeline_kind_and_key_has_words(language: str) -> None:
    from django.utils import translation

    from redress.complaints.actions import specs
    from redress.complaints.views.labels import EVENT_LABELS, FIELD_LABELS
    from redress.complaints.views.presenters import event_label
    from redress.deadlines.sweep import _passes

    kinds = {s.name for s in specs()} | set(EVENT_LABELS) | {p.event for p in _passes(timezone.now())}
    with translation.override(language):
        words = {kind: event_label(kind) for kind in kinds} | {k: str(v) for k, v in FIELD_LABELS.items()}
    english = {k: w for k, w in words.items() if re.search(r"[a-z]{3,}", w) and "SHA" not in w}
    assert english == {}
