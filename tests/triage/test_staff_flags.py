"""Flags as staff labels: set at registration from the first assessment, decided in `triage` (API and page),
kept on the timeline, learnt by the next model, and measured flag by flag by `redress triage evaluate`."""

from __future__ import annotations

import importlib
import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection
from django.test import Client

from redress.accounts.models import User
from redress.audit.models import Event
from redress.audit.services import event_append
from redress.complaints.forms import action_form
from redress.complaints.lifecycle import act, register
from redress.complaints.models import Complaint
from redress.complaints.workflow import SYSTEM_ACTOR
from redress.core.errors import InvalidInput
from redress.triage.datasets import staff_examples
from redress.triage.ml.examples import Example
from redress.triage.ml.triage_model import TriageModel
from redress.triage.models import TriageSuggestion
from redress.triage.runtime import artifact_path
from redress.triage.training import train_version
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db

# The rules alone raise these four flags on this text (no model: the flags are the rules' only).
URGENT = "我母亲今年80岁，她的银行卡被盗刷了6万元，再不处理我们就去金融监管总局投诉。"
URGENT_FLAGS = ["fraud", "regulator", "vulnerable", "large_amount"]
PLAIN = "信用卡年费乱收，请退还"


@pytest.fixture(autouse=True)
def rules_only(settings: Any) -> None:
    settings.REDRESS_TRIAGE_SHIPPED_MODEL = ""


def signed_in(user: User, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
    return client


def triage_event(complaint: Complaint) -> Event:
    return Event.objects.get(complaint=complaint, kind="triage")


# --- The label on the complaint ------------------------------------------------------------------


def test_registration_gives_the_complaint_the_suggestions_flags(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    complaint.refresh_from_db()
    assert complaint.flags == URGENT_FLAGS == complaint.triage_suggestion.flags
    assert complaint.urgent is True
    plain = register(by=people["intake"], description=PLAIN)
    plain.refresh_from_db()
    assert plain.flags == []


def test_the_api_shows_the_flags_of_the_complaint(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    body = api("intake").get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert body["flags"] == URGENT_FLAGS
    listed = api("intake").get("/api/v1/complaints/").json()["results"]
    assert listed[0]["flags"] == URGENT_FLAGS


# --- The triage action ----------------------------------------------------------------------------


def test_triage_takes_the_flags_and_records_what_was_added_and_removed(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    answer = api("intake").post(
        f"/api/v1/complaints/{complaint.reference}/actions/triage/",
        {"business": "bank_card", "is_complaint": True, "flags": ["legal", "fraud", "vulnerable", "fraud"]},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["flags"] == ["fraud", "legal", "vulnerable"]  # the taxonomy's order, once each
    complaint.refresh_from_db()
    assert complaint.flags == ["fraud", "legal", "vulnerable"]
    event = triage_event(complaint)
    assert event.data["flags"] == ["fraud", "legal", "vulnerable"]
    assert event.data["flags_added"] == ["legal"]
    assert event.data["flags_removed"] == ["regulator", "large_amount"]
    assert event.data["suggested"]["flags"] == URGENT_FLAGS
    assert "flags" in event.data["changed"] and event.data["suggestion_changed"] is True


def test_triage_without_flags_keeps_the_complaints_flags(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    act(complaint, "triage", by=people["intake"], payload={"business": "bank_card", "urgent": True})
    complaint.refresh_from_db()
    assert complaint.flags == URGENT_FLAGS
    event = triage_event(complaint)
    assert event.data["flags"] == URGENT_FLAGS
    assert "flags_added" not in event.data and "flags_removed" not in event.data
    assert event.data["changed"] == []


@pytest.mark.parametrize(
    ("flags", "problem"),
    [(["fraud", "scam"], "scam"), ("fraud", None), ([1], None), (["fraud"] * 3 + ["x"] * 20, "x")],
)
def test_an_unknown_flag_is_refused_naming_flags(
    api: Any, people: dict[str, User], flags: Any, problem: str | None
) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    answer = api("intake").post(
        f"/api/v1/complaints/{complaint.reference}/actions/triage/", {"flags": flags}, format="json"
    )
    assert answer.status_code == 400
    body = answer.json()
    assert list(body["detail"]) == ["flags"]
    if problem:
        assert problem in json.dumps(body["detail"]["flags"])
    complaint.refresh_from_db()
    assert complaint.status == "received" and complaint.flags == URGENT_FLAGS  # nothing changed


def test_urgent_follows_the_flags_unless_staff_set_it(people: dict[str, User]) -> None:
    # Not given: urgent when a flag is left and the text is a complaint.
    flagged = register(by=people["intake"], description=PLAIN)
    act(flagged, "triage", by=people["intake"], payload={"flags": ["mass"]})
    flagged.refresh_from_db()
    assert flagged.urgent is True and flagged.flags == ["mass"]

    cleared = register(by=people["intake"], description=URGENT)
    act(cleared, "triage", by=people["intake"], payload={"flags": []})
    cleared.refresh_from_db()
    assert cleared.urgent is False and cleared.flags == []

    enquiry = register(by=people["intake"], description=PLAIN)
    act(enquiry, "triage", by=people["intake"], payload={"flags": ["fraud"], "is_complaint": False})
    enquiry.refresh_from_db()
    assert enquiry.urgent is False  # an enquiry is not urgent by its flags

    # Given: staff decide, whatever the flags.
    kept = register(by=people["intake"], description=URGENT)
    act(kept, "triage", by=people["intake"], payload={"urgent": False})
    kept.refresh_from_db()
    assert kept.urgent is False and kept.flags == URGENT_FLAGS
    raised = register(by=people["intake"], description=PLAIN)
    act(raised, "triage", by=people["intake"], payload={"urgent": True, "flags": []})
    raised.refresh_from_db()
    assert raised.urgent is True and raised.flags == []


# --- The page ---------------------------------------------------------------------------------------


def test_the_triage_form_offers_the_flags_by_label_pre_ticked_with_the_complaints(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    form = action_form("triage", complaint)
    assert form.fields["flags"].initial == URGENT_FLAGS
    Complaint.objects.filter(pk=complaint.pk).update(flags=["media"])
    complaint.refresh_from_db()
    assert action_form("triage", complaint).fields["flags"].initial == ["media"]


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("en", ["Flags", "Suspected fraud or stolen funds", "Threatens legal action", "Many people affected"]),
        ("zh-hans", ["标记", "疑似欺诈或资金被盗", "扬言诉讼或报警", "多人受影响"]),
        ("zh-hant", ["標記", "疑似詐騙或資金被盜", "揚言訴訟或報警", "多人受影響"]),
    ],
)
def test_the_page_shows_the_flags_by_label_in_each_language(
    people: dict[str, User], language: str, words: list[str]
) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    page = html(signed_in(people["manager"], language).get(f"/complaints/{complaint.reference}/"))
    form = page[page.index('data-action="triage"') :]
    form = form[: form.index("</details>")]
    for word in words:
        assert word in form, (language, word)
    assert 'name="triage-flags" value="fraud"' in form
    assert ">fraud<" not in form and ">large_amount<" not in form  # codes are values, never words on screen


def test_the_page_triages_with_flags_and_the_timeline_names_them(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    client = signed_in(people["intake"])
    response = client.post(
        f"/complaints/{complaint.reference}/act/triage/",
        {
            "triage-business": "bank_card",
            "triage-urgent": "on",
            "triage-is_complaint": "on",
            "triage-flags": ["fraud", "mass"],
        },
    )
    assert response.status_code == 302, html(response)[:2000]
    complaint.refresh_from_db()
    assert complaint.flags == ["fraud", "mass"] and complaint.urgent is True
    event = triage_event(complaint)
    assert event.data["flags_added"] == ["mass"]
    assert event.data["flags_removed"] == ["regulator", "vulnerable", "large_amount"]

    page = html(client.get(f"/complaints/{complaint.reference}/"))
    card = page[page.index('data-complaint="flags"') :]
    card = card[: card.index("</dd>")]
    assert "Suspected fraud or stolen funds" in card and "Many people affected" in card and "mass" not in card
    timeline = page[page.index('id="h-timeline"') :]
    assert "Flags added" in timeline and "Many people affected" in timeline
    assert "Flags removed" in timeline and "Threatens to go to the regulator" in timeline
    assert "large_amount" not in timeline and ">mass<" not in timeline
    assert "Vulnerable customer" in timeline  # the suggestion's flags, by label too
    chinese = html(signed_in(people["intake"], "zh-hans").get(f"/complaints/{complaint.reference}/"))
    chinese = chinese[chinese.index('id="h-timeline"') :]
    assert "多人受影响" in chinese and "扬言向监管投诉" in chinese


def test_the_page_unticking_every_flag_clears_them(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    response = signed_in(people["intake"]).post(
        f"/complaints/{complaint.reference}/act/triage/",
        {"triage-business": "bank_card", "triage-is_complaint": "on"},
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.flags == [] and complaint.urgent is False


def test_the_page_refuses_a_tampered_flag(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    response = signed_in(people["intake"]).post(
        f"/complaints/{complaint.reference}/act/triage/",
        {"triage-business": "bank_card", "triage-is_complaint": "on", "triage-flags": ["fraud", "scam"]},
    )
    assert response.status_code == 400
    complaint.refresh_from_db()
    assert complaint.status == "received" and complaint.flags == URGENT_FLAGS


# --- Training -----------------------------------------------------------------------------------------


def test_the_training_example_carries_the_staff_flags_not_the_suggestions(
    people: dict[str, User], settings: Any
) -> None:
    corrected = register(by=people["intake"], description=URGENT)
    act(corrected, "triage", by=people["intake"], payload={"business": "bank_card", "flags": ["fraud", "mass"]})
    confirmed = register(by=people["intake"], description=PLAIN)
    act(confirmed, "triage", by=people["intake"], payload={"business": "bank_card"})

    examples, counts = staff_examples()
    by_text = {e.text.split("\n")[0]: e for e in examples}
    assert by_text[URGENT].flags == ["fraud", "mass"]
    assert corrected.triage_suggestion.flags == URGENT_FLAGS
    assert by_text[URGENT].weight == settings.REDRESS_TRIAGE_CORRECTION_WEIGHT  # a correction weighs more
    assert by_text[PLAIN].flags == [] and by_text[PLAIN].weight == settings.REDRESS_TRIAGE_STAFF_WEIGHT
    assert counts == {"staff": 2, "staff_corrected": 1}


def test_a_complaint_triaged_before_flags_were_staff_labels_teaches_no_flags(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT)
    act(complaint, "triage", by=people["intake"], payload={"business": "bank_card"})
    # The event of a triage taken before staff decided the flags does not name them (events are append-only:
    # a stand-in for an old event is written as a new complaint's, without the key).
    older = register(by=people["intake"], description="房贷利率不降，要求调整")
    event_append(complaint=older, kind="triage", actor=SYSTEM_ACTOR, data={"business": "loan", "urgent": False})
    by_text = {e.text.split("\n")[0]: e for e in staff_examples()[0]}
    assert by_text[URGENT].flags == URGENT_FLAGS
    assert by_text["房贷利率不降，要求调整"].flags is None  # unknown, not "no flag"


def test_a_corrected_flag_is_learnt_by_the_next_model(people: dict[str, User], small_examples: list[Example]) -> None:
    """`mass` has no example in the small set: the flag head cannot learn it until staff correct four texts."""
    before = train_version(bootstrap=False, staff=True, examples=small_examples).model
    assert "flags" not in before.heads or "mass" not in before.heads["flags"].classes
    texts = [
        "小区业主的房贷都被银行多扣了利息，大家委托我来反映",
        "我们公司全体员工的工资卡同时被冻结，没有任何通知",
        "这栋楼的住户都收到了同样的错误扣款短信，银行一直不解释",
        "村里老人们的养老金账户都被收了管理费",
        "同一批购房者的贷款合同都被改了利率",
    ]
    for text in texts:
        complaint = register(by=people["intake"], description=text)
        assert complaint.flags == [] or "mass" not in complaint.flags  # the rules do not see it
        act(complaint, "triage", by=people["intake"], payload={"business": "loan", "flags": ["mass"]})
    result = train_version(bootstrap=False, staff=True, examples=small_examples)
    model = TriageModel.load(artifact_path(result.version.artifact))
    assert "mass" in model.heads["flags"].classes
    assert result.model.metadata["counts"]["flags"]["mass"] == len(texts)


# --- Evaluation -----------------------------------------------------------------------------------------


def test_evaluate_reports_each_flags_precision_recall_and_support(
    small_examples: list[Example], tmp_path: Path
) -> None:
    train_version(bootstrap=False, staff=False, examples=small_examples)
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"id": 1, "text": "信用卡被盗刷了两万元", "flags": ["fraud", "large_amount"]},
        {"id": 2, "text": "房贷利率不降", "flags": ["legal"]},
        {"id": 3, "text": "转账限额怎么改？", "flags": []},
    ]
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")

    out = StringIO()
    call_command("triage", "evaluate", str(gold), "--json", stdout=out)
    per_flag = json.loads(out.getvalue())["report"]["flags"]["per_flag"]
    assert list(per_flag) == ["fraud", "regulator", "media", "legal", "vulnerable", "mass", "large_amount"]
    assert per_flag["fraud"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "support": 1, "predicted": 1}
    assert per_flag["legal"]["support"] == 1 and per_flag["legal"]["recall"] == 0.0
    assert per_flag["media"] == {"precision": None, "recall": None, "f1": None, "support": 0, "predicted": 0}
    assert {"precision", "recall", "f1"} <= set(json.loads(out.getvalue())["report"]["flags"]["macro"])

    out = StringIO()
    call_command("triage", "evaluate", str(gold), stdout=out)
    text = out.getvalue()
    section = text[text.index("== flags") :]
    assert "flag           precision  recall      f1  support  predicted" in section
    assert [line.split()[0] for line in section.splitlines()[2:9]] == list(per_flag)
    fraud = next(line for line in section.splitlines() if line.startswith("fraud "))
    assert fraud.split() == ["fraud", "1.0000", "1.0000", "1.0000", "1", "1"]
    media = next(line for line in section.splitlines() if line.startswith("media "))
    assert media.split() == ["media", "—", "—", "—", "0", "0"]
    assert "macro avg (flags with support)" in section


# --- The migration --------------------------------------------------------------------------------------


def test_the_migration_gives_existing_complaints_their_suggestions_flags(people: dict[str, User]) -> None:
    flagged = register(by=people["intake"], description=URGENT)
    plain = register(by=people["intake"], description=PLAIN)
    Complaint.objects.update(flags=[])  # as they were before the field
    migration = importlib.import_module("redress.triage.migrations.0008_complaint_flags_from_suggestion")
    migration.copy_flags(apps, SimpleNamespace(connection=connection))  # it reads the editor's connection only
    flagged.refresh_from_db()
    plain.refresh_from_db()
    assert flagged.flags == URGENT_FLAGS and plain.flags == []
    assert TriageSuggestion.objects.get(complaint=plain).flags == []


def test_an_unknown_flag_is_refused_by_the_service_too(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=PLAIN)
    with pytest.raises(InvalidInput) as refused:
        act(complaint, "triage", by=people["intake"], payload={"flags": ["Fraud"]})
    assert set(refused.value.detail) == {"flags"}
