"""Urgency counts only for complaints; the English situations reach existing installations."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from redress.triage import runtime
from redress.triage.ml.engine import Triage
from redress.triage.ml.triage_model import TriageModel
from redress.triage.models import TriageRule
from redress.triage.rules import default_ruleset
from redress.triage.seed import ENGLISH_SITUATIONS, RETIRED_RULES

SHIPPED = Path(runtime.__file__).resolve().parent / "model" / "bootstrap.npz"
QUESTIONS = [
    "How do I report a stolen card before anyone can use it?",
    "What is the deposit insurance limit if I keep $300,000 in a savings account?",
    "Can I add my 84-year-old mother to my account with a power of attorney?",
]
URGENT = "Someone used my card details and took $400 in payments I never made. Refund me now."


@pytest.fixture(scope="module")
def shipped() -> Triage:
    return Triage(TriageModel.load(SHIPPED), default_ruleset())


@pytest.mark.parametrize("text", QUESTIONS)
def test_a_question_is_not_urgent_and_keeps_what_the_rules_saw(shipped: Triage, text: str) -> None:
    for triage in (shipped, Triage(None, default_ruleset())):
        answer = triage.predict(text)
        assert not answer.is_complaint, text
        assert not answer.urgent and answer.flags == []
        assert answer.explanation["rules"] == []
        assert answer.explanation["set_aside"], "what the rules matched is kept"


def test_a_complaint_told_in_plain_words_is_urgent(shipped: Triage) -> None:
    answer = shipped.predict(URGENT)
    assert answer.is_complaint and answer.urgent and "fraud" in answer.flags


def test_the_shipped_model_meets_the_urgency_targets_in_both_languages() -> None:
    figures = json.loads(SHIPPED.with_suffix(".json").read_text(encoding="utf-8"))["metrics"]
    for name, recall, precision in (("zh_test", 0.95, 0.85), ("en_test", 0.90, 0.80)):
        headline = figures[name]["headline"]
        assert headline["urgent_recall"] >= recall, (name, headline)
        assert headline["urgent_precision"] >= precision, (name, headline)
        assert headline["is_complaint_accuracy"] >= 0.90, (name, headline)


@pytest.mark.django_db
def test_the_migration_adds_the_english_situations_and_retires_the_rules_they_replace() -> None:
    for flag, language, pattern, is_regex in RETIRED_RULES:
        TriageRule.objects.create(flag=flag, language=language, pattern=pattern, is_regex=is_regex)
    first = ENGLISH_SITUATIONS[0]
    TriageRule.objects.filter(flag=first[0], language=first[1], pattern=first[2]).delete()
    kept = TriageRule.objects.count()
    migration = importlib.import_module("redress.triage.migrations.0007_english_situations")
    migration.forwards(apps, None)
    assert TriageRule.objects.filter(flag=first[0], language=first[1], pattern=first[2]).exists()
    for flag, language, pattern, is_regex in RETIRED_RULES:
        assert not TriageRule.objects.filter(flag=flag, language=language, pattern=pattern, is_regex=is_regex).exists()
    assert TriageRule.objects.count() == kept + 1 - len(RETIRED_RULES)  # nothing twice
