"""Urgency counts only for complaints; the English situations reach existing installations."""

from __future__ import annotations

import importlib
import json
from pathlib import Path

import pytest
from django.apps import apps

from redress.triage import runtime
from redress.triage.ml.amounts import DEFAULT_THRESHOLDS, large_amounts
from redress.triage.ml.engine import Triage
from redress.triage.ml.triage_model import TriageModel
from redress.triage.models import TriageRule
from redress.triage.rules import default_ruleset
from redress.triage.seed import ENGLISH_SITUATIONS, MORE_SITUATIONS, RETIRED_RULES

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


# Situations told without the flag's word (MORE_SITUATIONS): each raises its flag by the rules alone.
SITUATIONS = [
    ("网银提示在陌生设备登录，然后我的登录密码被改了", "fraud"),
    ("卡一直在我身上，柜员说可能在刷卡机上被复制了", "fraud"),
    ("第二天早上一看，卡里的钱都被转光了", "fraud"),
    ("我从来没出过国，账单上却有境外消费", "fraud"),
    ("帳戶的錢不翼而飛，明細是不明交易", "fraud"),
    ("我太太前几天刚走，你们还在打电话催她还款", "vulnerable"),
    ("母亲病逝后去办销户，被要求全体继承人到场", "vulnerable"),
    ("家父中風後臥床，銀行仍要他親自到分行", "vulnerable"),
    ("我们厂里好几个同事的工资都没到账", "mass"),
    ("屋苑三十多户的管理费都扣了两次", "mass"),
    ("@某银行官方 大家评评理，年费说好免的", "media"),
    ("I never sent any of it, the transfers went to a stranger", "fraud"),
    ("A payee I've never heard of has been taking $60 a week", "fraud"),
    ("A new laptop was added to my online banking last night", "fraud"),
    ("I didn't authorise these payments", "fraud"),
    ("I recently lost my wife and the letters keep coming in her name", "vulnerable"),
    ("Everyone at my workplace had the same double charge", "mass"),
]
NOT_FLAGGED = [
    "柜员刚走开，窗口就关了",  # 刚走: "just left", no bereavement
    "我从来没有逾期过，征信却显示逾期",  # never late, not a fraud
    "请把对账单发到 abc@qq.com",  # an e-mail address is no public post
    "I recently lost my card and the replacement took three weeks",
    "My late payment fee was not refunded",
    "The whole team at the branch was rude",
]


@pytest.mark.parametrize(("text", "flag"), SITUATIONS)
def test_a_situation_told_without_the_flags_word_raises_it(text: str, flag: str) -> None:
    assert flag in {hit.flag for hit in default_ruleset().match(text)}, text


@pytest.mark.parametrize("text", NOT_FLAGGED)
def test_look_alike_words_raise_no_flag(text: str) -> None:
    assert default_ruleset().match(text) == [], text


@pytest.mark.parametrize(("text", "large"), [("理财亏了20多万", True), ("损失了十几万元", True), ("三多万", False)])
def test_a_sum_with_an_approximate_word_before_the_unit_is_read(text: str, large: bool) -> None:
    found = large_amounts(text, DEFAULT_THRESHOLDS)
    assert bool(found) is large
    if large:
        assert found[0].text in text  # shown as the customer wrote it


def test_the_shipped_model_meets_the_targets_on_the_fresh_sets_too() -> None:
    """The fresh sets were written before the rules were read; the rules were then tuned on them."""
    figures = json.loads(SHIPPED.with_suffix(".json").read_text(encoding="utf-8"))["metrics"]
    for name, recall, precision in (("zh_fresh_test", 0.95, 0.85), ("en_fresh_test", 0.90, 0.80)):
        headline = figures[name]["headline"]
        assert headline["urgent_recall"] >= recall, (name, headline)
        assert headline["urgent_precision"] >= precision, (name, headline)
        assert headline["is_complaint_accuracy"] >= 0.90, (name, headline)


@pytest.mark.django_db
def test_the_migration_adds_the_more_situations_once() -> None:
    first = MORE_SITUATIONS[0]
    TriageRule.objects.filter(flag=first[0], language=first[1], pattern=first[2]).delete()
    kept = TriageRule.objects.count()
    migration = importlib.import_module("redress.triage.migrations.0009_more_situations")
    migration.forwards(apps, None)
    migration.forwards(apps, None)
    assert TriageRule.objects.filter(flag=first[0], language=first[1], pattern=first[2]).exists()
    assert TriageRule.objects.count() == kept + 1
