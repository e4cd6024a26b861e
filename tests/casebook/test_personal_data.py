"""No personal data of the original complaint appears anywhere in a teaching case: not in its snapshot, its
page, the library, the API or the training records (CSV and the command line)."""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from redress.casebook.models import TeachingCase
from tests.casebook.conftest import CARD, NAME_ZH, PERSONAL, PHONE

pytestmark = pytest.mark.django_db

SNAPSHOT = ("lesson", "description", "desired_outcome", "findings", "plan_summary", "letter")


def assert_clean(text: str, where: str) -> None:
    # Words as words ("Mary" is not in "primary"); numbers and Chinese anywhere.
    found = [value for value in PERSONAL if re.search(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", text, re.I)]
    assert not found, f"{where} shows {found}"


@pytest.fixture
def case(closed_complaint: Any, mark: Any) -> TeachingCase:
    complaint = closed_complaint()
    # The lesson too is scrubbed: whoever writes it may name the customer.
    lesson = f"回电{PHONE}前先核对{NAME_ZH}的卡{CARD}。Check the batch job first."
    return mark(complaint, lesson=lesson, required_for_year=timezone.localdate().year)


def test_it_keeps_no_personal_datum_in_the_snapshot(case: TeachingCase) -> None:
    stored = TeachingCase.objects.get(pk=case.pk)
    for name in SNAPSHOT:
        assert_clean(getattr(stored, name), name)
    assert_clean(json.dumps(stored.redress), "redress")
    assert case.complaint.reference not in stored.letter
    # What is left still teaches: the facts, the markers where the data was, the codes and the money.
    assert "年费被重复扣取200元" in stored.description
    assert "⟦phone⟧" in stored.description and "⟦name⟧" in stored.letter and "⟦email⟧" in stored.findings
    assert "⟦phone⟧" in stored.lesson and "Check the batch job first." in stored.lesson
    assert stored.redress == [{"type": "refund", "amount": "200.00", "currency": "CNY"}]
    assert (stored.business, stored.reason, stored.outcome) == ("bank_card", "pricing_fees", "upheld")
    assert stored.closed_on is not None and stored.received_on is not None


@pytest.mark.parametrize("who", ["handler", "compliance", "analyst"])
def test_it_shows_no_personal_datum_on_the_pages(case: TeachingCase, browser: Any, who: str) -> None:
    client = browser(who)
    for url in (f"/casebook/cases/{case.pk}/", "/casebook/", "/casebook/?q=batch"):
        response = client.get(url)
        assert response.status_code == 200
        assert_clean(response.content.decode(), url)
    page = client.get(f"/casebook/cases/{case.pk}/").content.decode()
    assert '<span class="pii-removed">' in page


def test_it_answers_no_personal_datum_in_the_api(case: TeachingCase, api: Any) -> None:
    for who in ("handler", "compliance"):
        client = api(who)
        detail = client.get(f"/api/v1/casebook/cases/{case.pk}/")
        listed = client.get("/api/v1/casebook/cases/")
        assert detail.status_code == listed.status_code == 200
        assert_clean(json.dumps(detail.json(), ensure_ascii=False), f"case for {who}")
        assert_clean(json.dumps(listed.json(), ensure_ascii=False), f"list for {who}")
    assert "[phone number]" in api("handler").get(f"/api/v1/casebook/cases/{case.pk}/").json()["what_happened"]


def test_its_words_never_find_a_case_by_the_customer(case: TeachingCase, api: Any) -> None:
    for words in (NAME_ZH, PHONE, CARD):
        assert api("handler").get("/api/v1/casebook/cases/", {"q": words}).json()["count"] == 0


def test_the_training_records_name_no_customer(case: TeachingCase, api: Any, browser: Any) -> None:
    year = timezone.localdate().year
    csv_text = api("compliance").get("/api/v1/casebook/training/", {"year": year, "format": "csv"}).content.decode()
    page = browser("compliance").get("/casebook/training/", {"year": year}).content.decode()
    out = StringIO()
    call_command("casebook", "training", "--year", str(year), "--format", "json", "--as", "compliance", stdout=out)
    for where, text in (("csv", csv_text), ("page", page), ("cli", out.getvalue())):
        assert_clean(text, where)
