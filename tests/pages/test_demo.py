"""The demo at its best: every complaint keeps to its language, currency and jurisdiction (plans and
letters), and the sign-in page says what each demo person is for."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from redress.accounts.models import User
from redress.accounts.personas import PERSONAS
from redress.complaints.choices import JURISDICTION_CURRENCY
from redress.complaints.models import Complaint, ResolutionPlan
from redress.correspondence.context import format_money
from redress.correspondence.models import Letter
from redress.deadlines.selectors import deadline_board
from redress.site.demo.history import SOURCE
from redress.site.demo.load import demo_load
from redress.triage.ml.language import chinese_script
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db

_HAN = re.compile(r"[\u4e00-\u9fff]")


def _language_of(text: str) -> str:
    return chinese_script(text) if _HAN.search(text) else "en"


@pytest.fixture
def demo(settings: Any, tmp_path: Any) -> None:
    settings.HOME = tmp_path
    demo_load()


def test_the_demo_is_consistent_and_says_who_is_who(demo: None) -> None:
    """One load of the demo (a minute: half a year of history) for the three checks."""
    _plans_in_the_jurisdictions_currency_and_the_customers_language()
    _letters_in_the_customers_language()
    _sign_in_page_says_what_each_demo_person_is_for()
    _deadline_board_has_something_to_show()


def _deadline_board_has_something_to_show() -> None:
    manager = User.objects.get(username="manager")
    board = deadline_board(user=manager)
    cards = {row["department__code"]: row for row in board["by_department"]}
    assert sum(row["overdue"] for row in board["by_department"]) >= 1
    assert sum(row["week"] for row in board["by_department"]) >= 2
    assert cards, board


def _plans_in_the_jurisdictions_currency_and_the_customers_language() -> None:
    plans = list(ResolutionPlan.objects.select_related("complaint").prefetch_related("items"))
    assert sum((p.complaint.external or {}).get("source") != SOURCE for p in plans) >= 4
    for plan in plans:
        c = plan.complaint
        assert plan.currency == JURISDICTION_CURRENCY[c.jurisdiction], c.reference
        assert {item.currency for item in plan.items.all()} <= {plan.currency}, c.reference
        if (c.external or {}).get("source") != SOURCE:
            assert _language_of(plan.summary) == c.language, (c.reference, plan.summary)
            for line in plan.improvements:
                assert _language_of(line) == c.language, (c.reference, line)


def _letters_in_the_customers_language() -> None:
    letters = Letter.objects.select_related("complaint")
    assert letters.filter(kind="final_decision").exists()
    for letter in letters:
        c: Complaint = letter.complaint
        assert letter.language == c.language
        assert _language_of(letter.body) == c.language, (c.reference, letter.kind, letter.body[:200])
        plan = ResolutionPlan.objects.filter(complaint=c, status="approved").order_by("-version").first()
        if letter.kind == "final_decision" and plan is not None and plan.total:
            # The total as the customer's language writes its jurisdiction's currency (人民币680.00元, £250.00).
            total = format_money(plan.total, JURISDICTION_CURRENCY[c.jurisdiction], c.language)
            assert total in letter.body, (total, letter.body)


def _sign_in_page_says_what_each_demo_person_is_for() -> None:
    page = html(Client().get(reverse("login")))
    for persona in PERSONAS:
        assert f'data-persona="{persona.username}"' in page
        assert str(persona.purpose) and str(persona.purpose).replace("'", "&#x27;") in page
    assert "approver_small" in page and "5,000 CNY" in page


def test_without_the_demo_the_sign_in_page_lists_nobody(people: Any, settings: Any, tmp_path: Any) -> None:
    settings.HOME = tmp_path
    assert "data-persona=" not in html(Client().get(reverse("login")))
