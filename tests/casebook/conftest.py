"""Closed complaints full of personal data, walked with the real services, and clients signed in as personas."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.complaints.selectors import decision_letter_draft
from redress.complaints.services.registration import CustomerDetails

NAME_ZH, NAME_EN = "王美丽", "Mary Wang"
PHONE = "13912345678"
ID_NUMBER = "11010519491231002X"
EMAIL = "mary.wang@example.org"
ADDRESS = "上海市浦东新区世纪大道100号"
CARD = "6222021234567890"
ACCOUNT = "31001234567890123"
OTHER_PARTY = "李雷"
PERSONAL = (NAME_ZH, NAME_EN, PHONE, ID_NUMBER, EMAIL, ADDRESS, CARD, ACCOUNT, OTHER_PARTY, "Mary", "Wang")

CUSTOMER = CustomerDetails(name=f"{NAME_EN} {NAME_ZH}", id_number=ID_NUMBER, phone=PHONE, email=EMAIL, address=ADDRESS)


def personal_sentence() -> str:
    return (
        f"客户{NAME_ZH}（电话{PHONE}，身份证{ID_NUMBER}，邮箱{EMAIL}，住址{ADDRESS}）的信用卡{CARD}"
        f"和账户{ACCOUNT}。Customer {NAME_EN}, phone {PHONE}, ID {ID_NUMBER}, e-mail {EMAIL}, "
        f"address {ADDRESS}, card {CARD}, account {ACCOUNT}; staff member {OTHER_PARTY}."
    )


@pytest.fixture
def browser(people: dict[str, User]) -> Callable[..., Client]:
    def client_for(username: str | None, language: str | None = None) -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language) if language else Client()
        if username:
            client.force_login(people[username])
        return client

    return client_for


@pytest.fixture
def closed_complaint(people: dict[str, User]) -> Callable[..., Complaint]:
    """closed_complaint(business=, reason=, outcome=) → a closed complaint whose customer's personal data is also
    written into its description, a note, the plan's summary and the final letter, in Chinese and English."""

    def make(
        *, business: str = "bank_card", reason: str = "pricing_fees", outcome: str = "upheld", words: str = ""
    ) -> Complaint:
        complaint = register(
            by=people["intake"],
            customer=CUSTOMER,
            description=f"年费被重复扣取200元。{words} {personal_sentence()}",
            desired_outcome=f"退还年费，回电{PHONE}。Refund to card {CARD}.",
            named_staff_text=OTHER_PARTY,
        )
        complaint = walk(complaint, "investigating", people, codes={"business": business, "reason": reason})
        act(complaint, "add_note", by=people["handler"], payload={"text": f"核实：{personal_sentence()}"})
        redress = [{"type": "refund", "amount": "200.00", "currency": "CNY"}] if outcome != "not_upheld" else []
        complaint = act(
            complaint,
            "propose_resolution",
            by=people["handler"],
            payload={
                "outcome": outcome,
                "reason": reason,
                "root_cause": "system_fault",
                "summary": f"系统重复扣费，退还至卡{CARD}。Refund to {NAME_EN}. {personal_sentence()}",
                "redress": redress,
                "improvements": [],
            },
        )
        complaint = walk(complaint, "resolution_approved", people)
        draft, why = decision_letter_draft(complaint)
        assert draft is not None, why
        letter = f"{draft.body}\n\n{personal_sentence()}"
        complaint = act(
            complaint, "notify_customer", by=people["handler"], payload={"channel": "email", "letter": letter}
        )
        return walk(complaint, "closed", people)

    return make


@pytest.fixture
def mark(people: dict[str, User]) -> Callable[..., Any]:
    from redress.casebook.services import case_mark

    def make(complaint: Complaint, lesson: str = "先核对系统批处理，再答复客户。", **kwargs: Any) -> Any:
        return case_mark(user=people["compliance"], reference=complaint.reference, lesson=lesson, **kwargs)

    return make
