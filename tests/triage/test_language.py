from __future__ import annotations

import unicodedata

import pytest

from redress.triage.ml.language import _FOLD, detect_language, normalize, to_simplified


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("我的信用卡被盗刷了，要求银行赔偿损失。", "zh-hans"),
        ("请问定期存款提前支取怎么计息？", "zh-hans"),
        ("我的信用卡被盜刷了，要求銀行賠償損失。", "zh-hant"),
        ("請問定存提前解約的利息怎麼計算？", "zh-hant"),
        ("My credit card was charged twice and the bank will not refund me.", "en"),
        ("ATM吞卡了怎么办？", "zh-hans"),  # a stray Latin word does not make it mixed
        ("我的card被盗刷了, please refund my money now, this is unacceptable", "mixed"),
        ("我張credit card畀人盜用咗, I want to speak to a manager immediately", "mixed"),
    ],
)
def test_it_detects_the_language_of_a_text(text: str, language: str) -> None:
    assert detect_language(text) == language


def test_it_folds_traditional_characters_to_simplified() -> None:
    assert to_simplified("銀行帳戶被凍結") == "银行账户被冻结"
    assert to_simplified("信用卡年费") == "信用卡年费"  # Simplified text is left as it is


def test_text_without_script_specific_characters_counts_as_simplified() -> None:
    assert detect_language("信用卡年费") == "zh-hans"


def test_ascii_text_is_normalized_by_lower_case_alone() -> None:
    assert all(code >= 128 for code in _FOLD)  # the Traditional → Simplified fold leaves ASCII alone
    text = "My CARD was Charged {$25.00} on XX/XX/2024; don't 'quote' me.\n"
    assert normalize(text) == unicodedata.normalize("NFKC", text).lower().translate(_FOLD) == text.lower()
