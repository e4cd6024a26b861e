"""Triage in the product: the suggestion at registration, the urgent alert, staff decisions as labels."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.lifecycle import act, register
from redress.complaints.models import Complaint
from redress.correspondence.models import OutboxMessage
from redress.notifications.models import Notification
from redress.triage.datasets import staff_examples
from redress.triage.ml.examples import Example
from redress.triage.models import TriageSuggestion
from redress.triage.runtime import artifact_path
from redress.triage.training import train_version

pytestmark = pytest.mark.django_db

URGENT = "我母亲今年80岁，她的银行卡被盗刷了6万元，再不处理我们就去金融监管总局投诉。"
PLAIN = "请问信用卡年费怎么减免？"


def test_registration_stores_the_suggestion(people: dict[str, User], small_examples: list[Example]) -> None:
    version = train_version(bootstrap=False, staff=False, examples=small_examples).version
    complaint = register(by=people["intake"], description="手机银行转账失败，但是钱已经被扣了", desired_outcome="退回")
    s = TriageSuggestion.objects.get(complaint=complaint)
    assert s.business == "payment"
    assert s.product == ""  # no CFPB product for Chinese text
    assert s.is_complaint is True
    assert s.urgent is False and s.flags == []
    assert s.model_version == version
    assert s.language == "zh-hans"
    assert s.explanation["terms"]["business"]
    complaint.refresh_from_db()
    assert complaint.urgent is False and complaint.business == ""  # the decision stays with staff


def test_an_urgent_suggestion_alerts_every_active_manager(
    people: dict[str, User], django_capture_on_commit_callbacks: Any
) -> None:
    other = User.objects.create(username="manager2", role="manager", email="m2@bank.example")
    User.objects.create(username="gone", role="manager", email="gone@bank.example", is_active=False)
    with django_capture_on_commit_callbacks(execute=False):
        complaint = register(by=people["intake"], description=URGENT, product="")
    s = complaint.triage_suggestion
    assert s.urgent is True
    assert s.flags == ["fraud", "regulator", "vulnerable", "large_amount"]
    notes = Notification.objects.filter(complaint=complaint, kind="urgent_complaint")
    assert {n.user.username for n in notes} == {"manager", other.username}
    assert notes[0].params == {"reference": complaint.reference, "flags": s.flags}
    mail = [m for m in OutboxMessage.objects.all() if m.subject.startswith("[redress]")]
    assert sorted(m.to_address for m in mail) == ["m2@bank.example", "manager@bank.example"]
    assert "Suspected fraud" in mail[0].body and "疑似欺诈" not in mail[0].body  # the site's language
    assert f"/complaints/{complaint.reference}/" in mail[0].body
    assert "张三" not in mail[0].body  # no personal data in an alert


def test_a_plain_question_alerts_nobody(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=PLAIN, desired_outcome="")
    assert complaint.triage_suggestion.urgent is False
    assert not Notification.objects.filter(complaint=complaint).exists()


def test_triage_can_be_switched_off(people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_TRIAGE_ENABLED = False
    complaint = register(by=people["intake"], description=URGENT)
    assert not TriageSuggestion.objects.filter(complaint=complaint).exists()
    assert not Notification.objects.filter(complaint=complaint).exists()


def test_the_api_shows_the_suggestion(api: Any, people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_TRIAGE_SHIPPED_MODEL = ""  # rules only: the flags below are the rules' alone
    complaint = register(by=people["intake"], description=URGENT)
    body = api("intake").get(f"/api/v1/complaints/{complaint.reference}/").json()
    suggestion = body["triage_suggestion"]
    assert suggestion["urgent"] is True
    assert suggestion["flags"] == ["fraud", "regulator", "vulnerable", "large_amount"]
    assert suggestion["model_version"] is None
    assert "no triage model" in suggestion["explanation"]["note"]
    assert body["urgent"] is True  # marked at once (badge, queue filter); staff can take it back in `triage`


def test_the_triage_action_records_what_staff_changed(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    act(complaint, "triage", by=people["intake"], payload={"business": "wealth", "urgent": False, "is_complaint": True})
    event = Event.objects.get(complaint=complaint, kind="triage")
    assert event.data["suggested"]["urgent"] is True
    assert event.data["suggested"]["business"] == "bank_card"
    assert event.data["suggestion_changed"] is True
    assert event.data["changed"] == ["business", "urgent"]

    same = register(by=people["intake"], description=URGENT)
    act(same, "triage", by=people["intake"], payload={"business": "bank_card", "urgent": True, "is_complaint": True})
    event = Event.objects.get(complaint=same, kind="triage")
    assert event.data["suggestion_changed"] is False and event.data["changed"] == []


def test_training_learns_from_staff_and_weighs_their_corrections_more(
    people: dict[str, User], settings: Any, small_examples: list[Example]
) -> None:
    corrected = register(by=people["intake"], description=URGENT)
    act(corrected, "triage", by=people["intake"], payload={"business": "wealth", "urgent": False, "is_complaint": True})
    confirmed = register(by=people["intake"], description="房贷利率不降，要求调整")
    act(confirmed, "triage", by=people["intake"], payload={"business": "loan", "urgent": False, "is_complaint": True})
    register(by=people["intake"], description="没有人评估过的投诉")  # no triage event: not a label

    examples, counts = staff_examples()
    by_text = {e.text.split("\n")[0]: e for e in examples}
    assert counts == {"staff": 2, "staff_corrected": 1}
    assert by_text[URGENT].business == "wealth" and by_text[URGENT].urgent is False
    assert by_text[URGENT].weight == settings.REDRESS_TRIAGE_CORRECTION_WEIGHT
    assert by_text["房贷利率不降，要求调整"].weight == settings.REDRESS_TRIAGE_STAFF_WEIGHT
    assert settings.REDRESS_TRIAGE_CORRECTION_WEIGHT > settings.REDRESS_TRIAGE_STAFF_WEIGHT

    with_staff = train_version(bootstrap=False, staff=True, examples=small_examples).model.metadata
    without = train_version(bootstrap=False, staff=False, examples=small_examples).model.metadata
    assert with_staff["sources"] == {"given": len(small_examples), "staff": 2, "staff_corrected": 1}
    assert with_staff["examples"] == without["examples"] + 2
    assert with_staff["training_data_sha256"] != without["training_data_sha256"]


def test_a_broken_model_never_stops_a_registration(people: dict[str, User], small_examples: list[Example]) -> None:
    version = train_version(bootstrap=False, staff=False, examples=small_examples).version

    artifact_path(version.artifact).write_bytes(b"not a model")
    complaint = register(by=people["intake"], description=URGENT)
    assert Complaint.objects.filter(pk=complaint.pk).exists()
    s = complaint.triage_suggestion
    assert s.model_version is None and s.urgent is True  # the shipped model stands in, and it says so
    assert s.explanation["model"] == "bootstrap"
