"""Every flag in Simplified Chinese, Traditional Chinese and English; amounts; rules as admin data."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from redress.triage.ml.amounts import _AFTER, _BEFORE, _NOT_MONEY, _NUMBER, _UNITS, _currency, find_amounts
from redress.triage.ml.corpus import OWN_DATA, OWN_TEST_FILES, OWN_TRAIN_FILES, read_rows
from redress.triage.ml.matching import RuleSet, words_of
from redress.triage.ml.patterns import contained_alternatives, contained_literals, required_literals
from redress.triage.models import TriageRule
from redress.triage.rules import current_ruleset, default_ruleset
from redress.triage.seed import DEFAULT_RULES

CASES = [
    ("fraud", "zh-hans", "我的信用卡昨晚被盗刷了三笔，卡一直在我身上。"),
    ("fraud", "zh-hant", "我的信用卡被盜刷了好幾筆網路消費。"),
    ("fraud", "en", "There are unauthorized charges on my account and I think it is identity theft."),
    ("regulator", "zh-hans", "如果不处理，我就向金融监管总局投诉。"),
    ("regulator", "zh-hant", "再不處理我就向金管會申訴。"),
    ("regulator", "en", "I have filed a complaint with the CFPB about this."),
    ("media", "zh-hans", "我要找记者曝光你们。"),
    ("media", "zh-hant", "我已經聯絡媒體記者了。"),
    ("media", "en", "I will go to the press and post this on social media."),
    ("legal", "zh-hans", "我已经委托律师，准备起诉。"),
    ("legal", "zh-hant", "我會請律師提告。"),
    ("legal", "en", "My attorney will file a lawsuit if this is not fixed."),
    ("vulnerable", "zh-hans", "我母亲今年78岁，不会用手机。"),
    ("vulnerable", "zh-hant", "我阿嬤八十歲了，行動不便。"),
    ("vulnerable", "en", "I am 82 years old and disabled."),
    ("mass", "zh-hans", "我们小区几十户业主都遇到了同样的问题。"),
    ("mass", "zh-hant", "我們幾十個客戶準備集體投訴。"),
    ("mass", "en", "Hundreds of customers have the same problem; I am not the only one."),
    ("large_amount", "zh-hans", "账户里的5万元不见了。"),
    ("large_amount", "zh-hant", "被轉走了新台幣四十萬元。"),
    ("large_amount", "en", "They took $12,000 from my account."),
]


# English situations told without the flag's word.
SITUATIONS = [
    ("fraud", "There are three charges on my card that I never made."),
    ("fraud", "Someone logged into my account from a phone I don't own and changed my email."),
    ("fraud", "A man claiming to be from your security team told me to move my savings to a safe account."),
    ("fraud", "A loan was opened in my name last month."),
    ("vulnerable", "I am 78 and you closed the only branch I can reach."),
    ("vulnerable", "I use a wheelchair and the branch has steps."),
    ("vulnerable", "Since my husband passed away you keep writing to him."),
    ("vulnerable", "As her support worker I am writing because she cannot read your letters."),
    ("mass", "I am writing on behalf of about 40 tenants of the building."),
    ("mass", "Several of my clients have had the same transfer stuck for weeks."),
    ("media", "@BigBank three weeks and still no refund #fail"),
    ("media", "I am posting this on Facebook so that everyone sees how you treat customers."),
    ("legal", "If this goes on I will see you in court."),
]


@pytest.mark.parametrize(("flag", "text"), SITUATIONS)
def test_english_situations_raise_their_flag_without_its_word(flag: str, text: str) -> None:
    assert flag in {h.flag for h in default_ruleset().match(text)}


@pytest.mark.parametrize(("flag", "language", "text"), CASES)
def test_every_flag_is_raised_in_every_language(flag: str, language: str, text: str) -> None:
    hits = default_ruleset().match(text)
    assert flag in {h.flag for h in hits}, hits


def test_the_seed_has_rules_for_every_flag_in_both_scripts_and_english() -> None:
    present = {(flag, language) for flag, language, _, _ in DEFAULT_RULES}
    for flag, language, _ in CASES:
        assert (flag, language) in present


@pytest.mark.parametrize(
    "text",
    [
        "请问信用卡年费怎么收？",
        "千万不要办这张卡，年费太贵了。",  # 千万 is a word here, not ten million
        "我的电话是13812345678，请回电。",  # digits of a phone number are not the 12345 hotline
        "网点门口的人行道被占了。",  # 人行道 is a sidewalk, not the PBOC (人行)
        "This issue is about my statement.",  # "sue" inside "issue" is not a lawsuit
        "5万人都知道这件事",  # people, not money
        "Please send the statement to my flat at 4 Elm Court.",  # a street, not a court of law
        "Email me at jo@example.com about the new fee.",  # an address, not an @-mention
        "I called several people at your bank about the fee.",  # staff, not many customers
    ],
)
def test_plain_text_raises_no_flag(text: str) -> None:
    assert default_ruleset().match(text) == []


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("损失5万元", "50000", "CNY"),
        ("转了50,000元", "50000", "CNY"),
        ("¥50000", "50000", "CNY"),
        ("￥50000", "50000", "CNY"),
        ("$12,000", "12000", "USD"),
        ("RMB 30000", "30000", "CNY"),
        ("被骗3萬", "30000", "CNY"),
        ("借了二十万", "200000", "CNY"),
        ("一百五十万元", "1500000", "CNY"),
        ("1.2万美元", "12000", "USD"),
        ("HK$90,000", "90000", "HKD"),
        ("新台幣四十萬元", "400000", "TWD"),
        ("{$5000.00}", "5000", "USD"),
    ],
)
def test_it_reads_amounts_in_chinese_and_english_notation(text: str, value: str, currency: str) -> None:
    amounts = find_amounts(text)
    assert any(a.value == Decimal(value) and a.currency == currency for a in amounts), amounts


def test_the_large_amount_threshold_is_configurable(settings: Any, db: None) -> None:
    text = "账户里少了3万元"
    assert "large_amount" not in {h.flag for h in current_ruleset().match(text)}
    settings.REDRESS_TRIAGE_LARGE_AMOUNTS = {"CNY": 20_000, "USD": 3_000}
    assert "large_amount" in {h.flag for h in current_ruleset().match(text)}
    assert "large_amount" in {h.flag for h in current_ruleset().match("I lost $4,000")}


def test_amounts_below_the_threshold_and_unknown_currencies_do_not_count() -> None:
    ruleset = RuleSet([], thresholds={"CNY": 50_000})
    assert ruleset.match("被扣了4万元") == []
    assert ruleset.match("I lost $90,000") == []  # no USD threshold in this rule set
    assert [h.flag for h in ruleset.match("被扣了6万元")] == ["large_amount"]


@pytest.mark.django_db
def test_rules_are_seeded_and_an_admin_edit_takes_effect_at_once() -> None:
    assert TriageRule.objects.filter(active=True).count() >= len(DEFAULT_RULES) - 5
    text = "I will complain to my member of parliament"
    assert current_ruleset().match(text) == []
    TriageRule.objects.create(flag="regulator", language="en", pattern="member of parliament")
    assert [h.flag for h in current_ruleset().match(text)] == ["regulator"]
    TriageRule.objects.filter(pattern="盗刷").update(active=False)
    TriageRule.objects.get(pattern="member of parliament").save()  # any save rebuilds the rule set
    assert "fraud" not in {h.flag for h in current_ruleset().match("有人盗刷了我的卡")}


@pytest.mark.django_db
def test_regex_rules_match_and_a_broken_regex_is_refused() -> None:
    TriageRule.objects.create(flag="mass", language="en", pattern=r"\bwhole (street|town)\b", is_regex=True)
    assert "mass" in {h.flag for h in current_ruleset().match("The whole town lost access to cash.")}
    with pytest.raises(ValidationError):
        TriageRule(flag="mass", language="en", pattern="(unclosed", is_regex=True).full_clean()
    with pytest.raises(ValidationError):
        TriageRule(flag="mass", language="en", pattern=".*", is_regex=True).full_clean()


def test_a_hit_names_the_rule_and_the_words_that_matched() -> None:
    (hit,) = [h for h in default_ruleset().match("有人盗刷了我的卡") if h.flag == "fraud"]
    assert hit.as_dict() == {"flag": "fraud", "rule": "盗刷", "language": "zh-hans", "match": "盗刷"}


def test_a_regex_runs_only_on_texts_holding_one_of_its_leading_words() -> None:
    assert required_literals(re.compile(r"\battorneys?\b(?!\s+general)", re.I)) == ("attorney",)
    assert required_literals(re.compile(r"\b(?:hundreds|thousands) of\b", re.I)) == ("hundreds", "thousands")
    assert required_literals(re.compile(r"人行(?!道)")) == ("人行",)
    # lookarounds consume nothing: the match starts with what follows them
    assert required_literals(re.compile(r"(?<!\d)(?:12378|12363)(?!\d)")) == ("123",)  # their common start
    # a small set of characters leads: each of them
    assert required_literals(re.compile(r"\b(?:6[5-9]|[7-9]\d)[- ]years?[- ]old\b", re.I)) == ("6", "7", "8", "9")
    assert required_literals(re.compile(r"\b\d+ years", re.I)) is None  # \d: every script's digits
    # in a text of ASCII only, \d is one of 0-9; a repeat starts with what it repeats
    assert required_literals(re.compile(r"\b\d{2,} years", re.I), ascii_text=True) == tuple("0123456789")
    assert required_literals(re.compile(r"[^a]bc", re.I)) is None
    assert contained_literals(re.compile(r"\b(?:6[5-9]|[7-9]\d)[- ]years?[- ]old\b", re.I)) == ("year", "old")
    assert contained_literals(re.compile(r"\b(?:hundreds|thousands) of\b", re.I)) == (" of",)
    assert contained_literals(re.compile(r"whole|town", re.I)) == ()  # an alternation: nothing in every match
    # but one of its branches' words is in every match, wherever the alternation stands
    assert contained_alternatives(re.compile(r"whole|town", re.I)) == (("whole", "town"),)
    mass = re.compile(r"\b(?:\d{2,}|twenty)\s+(?:other\s+)?(?:Tenants|neighbou?rs|co-?workers)\b", re.I)
    assert contained_alternatives(mass) == (("tenants", "neighbo", "workers"),)  # nothing leads, \d included
    assert contained_alternatives(re.compile(r"\b(?:[0-9]+|a)\s+(?:b|cd)\b", re.I)) == ()  # too short to tell
    rules = RuleSet(
        [
            ("legal", "en", r"\bATTORNEYS?\b", True),
            ("vulnerable", "en", r"\b(?:6[5-9]|[7-9]\d)[- ]years?[- ]old\b", True),
            ("regulator", "zh-hans", r"(?<!\d)12378(?!\d)", True),
        ]
    )
    assert {h.flag for h in rules.match("My Attorney will write to you; I am 72 years old.")} == {"legal", "vulnerable"}
    assert {h.flag for h in rules.match("我要打12378投诉")} == {"regulator"}
    assert rules.match("An attorney-free letter") != []  # \b still holds after the literal
    assert rules.match("No lawyer here, I am 40 years old.") == []
    crowd = RuleSet([("mass", "en", mass.pattern, True)])
    ages = RuleSet([("vulnerable", "en", r"\b\d{2,} years old\b", True)])
    assert [h.match for h in ages.match("Born 1950, I am 75 years old")] == ["75 years old"]
    assert [h.match for h in ages.match("I am \u0667\u0665 years old")] == ["\u0667\u0665 years old"]  # Arabic-Indic 75
    assert [h.match for h in crowd.match("Twenty other tenants and 30 co-workers")] == ["twenty other tenants"]
    assert crowd.match("Twenty other people") == []
    # the leftmost match, where a leading literal occurs many times before it
    many = RuleSet([("vulnerable", "en", r"\b7\d[- ]years?[- ]old\b", True)])
    assert [h.match for h in many.match("7 " * 100 + "I am 77 years old, she is 78 years old")] == ["77 years old"]
    assert [h.match for h in many.match("7 " * 10 + "I am 77 years old, she is 78 years old")] == ["77 years old"]


# --------------------------------------------------------------------------- the fast matcher's meaning

_WORD_RE = r"[a-z0-9]+(?:'[a-z]+)?"


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("’", "'").lower()


def _reference_hits(rules: tuple[tuple[str, str, str, bool], ...], text: str) -> set[tuple[str, str]]:
    """What the rules mean, matched the slow and obvious way: (flag, rule) of every hit but amounts.

    Chinese keywords: substrings of Chinese text; English keywords and phrases: whole words in a
    row (any punctuation or spacing between them); regexes: `re.search` on the folded text, Chinese
    ones on Chinese text only, English ones on text with words.
    """

    folded = _fold(text)
    words = re.findall(_WORD_RE, folded)
    joined = f" {' '.join(words)} "
    han = bool(re.search(r"[\u3400-\u9fff]", folded))
    found: set[tuple[str, str]] = set()
    for flag, language, pattern, is_regex in rules:
        if is_regex:
            if (language.startswith("zh") and not han) or (language == "en" and not words):
                continue
            if re.search(pattern, folded, re.IGNORECASE):
                found.add((flag, pattern))
            continue
        keyword = _fold(pattern).strip()
        keyword_words = re.findall(_WORD_RE, keyword)
        if re.search(r"[\u3400-\u9fff]", keyword) or not keyword_words:
            if han and keyword in folded:
                found.add((flag, keyword))
        elif f" {' '.join(keyword_words)} " in joined:
            found.add((flag, pattern))
    return found


_PIECES = [
    "fraud",
    "Fraud",
    "FRAUD",
    "ＦＲＡＵＤ",
    "identity",
    "theft",
    "didn't",
    "didn’t",
    "did",
    "not",
    "authorize",
    "attorney",
    "attorneys",
    "general",
    "72",
    "65",
    "7",
    "1",
    "67",
    "101",
    "years",
    "year",
    "old",
    "hundreds",
    "thousands",
    "of",
    "customers",
    "post",
    "posting",
    "it",
    "this",
    "online",
    "on",
    "facebook",
    "unauthorized",
    "charges",
    "sue",
    "issue",
    "police",
    "report",
    "social",
    "media",
    "cfpb",
    "x",
    "s",
    "t",
    "o'",
    "rock'n'roll",
    "90's",
    "盗刷",
    "我",
    "母亲",
    "78岁",
    "12378",
    "12345",
    "人行",
    "人行道",
    "律师",
    "几十户",
    "被骗",
    "$",
    "12,000",
    "5万元",
    "RMB",
    "¥",
]
_GLUE = (" ", "  ", ", ", "-", "'", "’", ".", "\n", "/", "(", ")", "", "_", ":", "\t")


@st.composite
def _texts(draw: Any) -> str:
    n = draw(st.integers(0, 24))
    return "".join(draw(st.sampled_from(_PIECES)) + draw(st.sampled_from(_GLUE)) for _ in range(n))


@pytest.mark.slow
@hypothesis_settings(max_examples=400, deadline=None)
@given(_texts())
def test_the_rule_set_matches_what_its_rules_mean(text: str) -> None:
    hits = {(h.flag, h.pattern) for h in default_ruleset().match(text) if not h.pattern.startswith("amount ≥")}
    assert hits == _reference_hits(DEFAULT_RULES, text)


@pytest.mark.slow
def test_the_rule_set_matches_what_its_rules_mean_on_our_own_texts() -> None:
    ruleset = default_ruleset()
    texts = [r["text"] for name in OWN_TRAIN_FILES for r in read_rows(OWN_DATA / name)]
    texts += [r["text"] for name in OWN_TEST_FILES for r in read_rows(OWN_DATA / name)]
    assert len(texts) > 800
    for text in texts:
        hits = {(h.flag, h.pattern) for h in ruleset.match(text) if not h.pattern.startswith("amount ≥")}
        assert hits == _reference_hits(DEFAULT_RULES, text), text


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abcz09'’' -.,\n\tÀé盗", max_size=60))
def test_words_are_split_as_the_word_pattern_splits_them(text: str) -> None:
    folded = _fold(text)
    assert words_of(folded) == re.findall(_WORD_RE, folded)


@hypothesis_settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789,.$ 元万k", max_size=30))
def test_numbers_are_read_as_the_plain_number_pattern_reads_them(text: str) -> None:
    plain = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
    assert [m.span() for m in _NUMBER.finditer(text)] == [m.span() for m in plain.finditer(text)]


def _plain_find_amounts(text: str) -> list[tuple[Decimal, str, str]]:
    """The amounts in English notation as the plain patterns read them: every number (`_NUMBER.finditer`),
    the unit and currency after it (`_AFTER`) and the currency before it (`_BEFORE`), each regex run
    at every number (what `find_amounts` does faster)."""

    text = unicodedata.normalize("NFKC", text).replace("￥", "¥")
    found = []
    for m in _NUMBER.finditer(text):
        after = _AFTER.match(text, m.end())
        assert after is not None
        unit, suffix = (after["unit"] or "").lower(), after["suffix"] or ""
        before = _BEFORE.search(text, max(0, m.start() - 8), m.start())
        prefix = before.group(0).strip() if before else ""
        currency = _currency(prefix, suffix, "CNY")
        if currency is None:
            following = text[after.end() : after.end() + 1]
            if unit not in ("万", "萬", "亿", "億") or (following and following in _NOT_MONEY):
                continue
            currency = "CNY"
        value = Decimal(m.group(0).replace(",", "")) * _UNITS.get(unit, 1)
        found.append((value, currency, (prefix + text[m.start() : after.end()]).strip()))
    return found


@pytest.mark.slow
@hypothesis_settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "1",
                "25",
                "3,000",
                ".5",
                "0",
                " ",
                "  ",
                "\n",
                "$",
                "US$",
                "us$",
                "HK$",
                "nt$",
                "RMB",
                "rmb ",
                "usd",
                "dollars",
                " thousand",
                "million",
                "k",
                "K ",
                "万",
                "元",
                "美元",
                "人",
                "多",
                "{",
                "}",
                "(",
                "x",
                "b",
                "ab",
                "ٍ٣",
                "\xa0",
                "二十万",
            ]
        ),
        max_size=14,
    ).map("".join)
)
def test_amounts_are_read_as_the_plain_patterns_read_them(text: str) -> None:
    """Chinese numerals aside (their own pass, unchanged), `find_amounts` finds what the plain patterns find."""
    fast = [(a.value, a.currency, a.text) for a in find_amounts(text) if not any(c in a.text for c in "二十")]
    assert fast == [a for a in _plain_find_amounts(text) if not any(c in a[2] for c in "二十")]
