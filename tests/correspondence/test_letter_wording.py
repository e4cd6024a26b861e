"""Letters in the reader's own writing: amounts (人民币680.00元, exact Decimal), complete closings, and no
words of another language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.conf import settings

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.correspondence.context import format_money
from tests.pages.wording import problems


@pytest.mark.parametrize(
    ("amount", "currency", "language", "words"),
    [
        ("680", "CNY", "zh-hans", "人民币680.00元"),
        ("680.00", "CNY", "zh-hant", "人民幣680.00元"),
        ("1200.5", "HKD", "zh-hans", "港币1,200.50元"),
        ("1200.5", "HKD", "zh-hant", "港幣1,200.50元"),
        ("3000", "TWD", "zh-hant", "新台幣3,000.00元"),
        ("250", "GBP", "en", "£250.00"),
        ("250", "GBP", "zh-hans", "£250.00"),
        ("99", "USD", "en", "US$99.00"),
        ("680", "CNY", "en", "CNY 680.00"),
        ("12.5", "EUR", "en", "12.50 EUR"),
        ("1000", "JPY", "en", "1,000 JPY"),
        ("0.10", "CNY", "zh-hans", "人民币0.10元"),
        ("12345678901234.99", "CNY", "zh-hans", "人民币12,345,678,901,234.99元"),  # exact: never a float
    ],
)
def test_amounts_are_written_as_the_reader_writes_them(amount: str, currency: str, language: str, words: str) -> None:
    assert format_money(Decimal(amount), currency, language) == words


PLAN = {
    "outcome": "upheld",
    "reason": "pricing_fees",
    "root_cause": "system_fault",
    "redress": [{"type": "refund", "amount": "680.00", "currency": "CNY"}],
}
SUMMARY = {"en": "The duplicate fee is confirmed.", "zh-hans": "核实重复扣费。", "zh-hant": "核實重複扣費。"}
AMOUNT = {"en": "CNY 680.00", "zh-hans": "人民币680.00元", "zh-hant": "人民幣680.00元"}
CLOSING = {"en": "Yours sincerely,", "zh-hans": "此致\n敬礼！", "zh-hant": "此致\n敬禮！"}


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_final_letter_in_each_language(people: dict[str, User], language: str) -> None:
    complaint = walk(register(by=people["intake"], language=language, description="-"), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload={**PLAN, "summary": SUMMARY[language]})
    act(complaint, "approve_resolution", by=people["approver"])
    act(complaint, "notify_customer", by=people["handler"], payload={"channel": "email"})
    letter = complaint.letters.get(kind="final_decision")
    assert AMOUNT[language] in letter.body
    assert CLOSING[language] in letter.body
    allowed = [complaint.customer_name, SUMMARY[language], settings.REDRESS_INSTITUTION_NAME]
    assert problems(f"{letter.subject}\n{letter.body}", language, allowed) == []
