"""Ended complaints full of personal data (fields, texts, a note, evidence, a letter), kept past their date."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.complaints.selectors import decision_letter_draft
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.complaints.services.registration import CustomerDetails

NAME = "王美丽"
PHONE = "13912345678"
EMAIL = "mary.wang@example.org"
ID_NUMBER = "11010519491231002X"
SECRET = "客户王美丽住在上海市浦东新区世纪大道100号"


@pytest.fixture
def ended(people: dict[str, User]) -> Callable[..., Complaint]:
    """ended(retain_until=, phone=) → closed with a refund of 200.00 CNY, then archived with the date given."""

    def make(
        *, retain_until: date | None = date(2020, 1, 31), phone: str = PHONE, business: str = "bank_card"
    ) -> Complaint:
        complaint = register(
            by=people["intake"],
            customer=CustomerDetails(name=NAME, id_number=ID_NUMBER, phone=phone, email=EMAIL, address=SECRET),
            description=f"年费被重复扣取。{SECRET}",
            desired_outcome=f"退还年费，回电{phone}",
        )
        complaint = walk(complaint, "investigating", people, codes={"business": business, "reason": "pricing_fees"})
        act(complaint, "add_note", by=people["handler"], payload={"text": f"核实：{SECRET}"})
        evidence_add(
            reference=complaint.reference,
            upload=SimpleUploadedFile(f"{NAME}身份证.txt", SECRET.encode(), content_type="text/plain"),
            actor=actor_for(people["intake"]),
            user=people["intake"],
        )
        complaint = act(
            complaint,
            "propose_resolution",
            by=people["handler"],
            payload={
                "outcome": "upheld",
                "root_cause": "system_fault",
                "summary": f"退还至{NAME}",
                "redress": [{"type": "refund", "amount": "200.00", "currency": "CNY"}],
                "improvements": [],
            },
        )
        complaint = walk(complaint, "resolution_approved", people)
        draft, why = decision_letter_draft(complaint)
        assert draft is not None, why
        complaint = act(
            complaint,
            "notify_customer",
            by=people["handler"],
            payload={"channel": "email", "letter": f"{draft.body}\n{SECRET}"},
        )
        complaint = walk(complaint, "closed", people)
        Complaint.objects.filter(pk=complaint.pk).update(status="archived", retain_until=retain_until)
        return Complaint.objects.get(pk=complaint.pk)

    return make
