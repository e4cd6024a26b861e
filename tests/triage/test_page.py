"""The first assessment on the complaint page (three languages), the triage form pre-filled, the foreign key."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from redress.accounts.models import User
from redress.complaints.forms import action_form
from redress.complaints.lifecycle import register
from redress.complaints.models import Complaint
from redress.triage.ml.examples import Example
from redress.triage.models import TriageSuggestion
from redress.triage.training import train_version
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


URGENT = "我母亲今年80岁，她的银行卡被盗刷了6万元，再不处理我们就去金融监管总局投诉。"


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", ["初步评估（建议）", "银行卡", "疑似欺诈或资金被盗", "扬言向监管投诉", "依据", "规则", "盗刷"]),
        ("zh-hant", ["初步評估（建議）", "銀行卡", "疑似詐騙或資金被盜", "揚言向監管投訴", "依據", "規則", "盗刷"]),
        ("en", ["First assessment (suggested)", "Bank cards", "Suspected fraud or stolen funds", "Why", "Rule"]),
    ],
)
def test_the_complaint_page_shows_the_suggestion_and_why(
    people: dict[str, User], small_examples: list[Example], language: str, words: list[str]
) -> None:
    train_version(bootstrap=False, staff=False, examples=small_examples)
    complaint = register(by=people["intake"], description=URGENT, product="")
    client = signed_in(people["manager"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(client.get(f"/complaints/{complaint.reference}/"))
    section = page[page.index('class="card triage-suggestion"') :]
    section = section[: section.index("</section>")]
    assert 'data-triage-urgent="true"' in section
    for word in words:
        assert word in section, (language, word)
    assert "v1" in section  # the model version that made it
    assert 'data-triage="business"' in section


def test_the_page_says_when_the_suggestion_came_from_the_rules_alone(people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_TRIAGE_SHIPPED_MODEL = ""
    complaint = register(by=people["intake"], description="手机银行转账失败，钱被扣了")
    page = html(signed_in(people["manager"]).get(f"/complaints/{complaint.reference}/"))
    assert "Rules only: no triage model is in use." in page


def test_the_page_says_when_the_suggestion_came_from_the_shipped_model(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description="手机银行转账失败，钱被扣了")
    page = html(signed_in(people["manager"]).get(f"/complaints/{complaint.reference}/"))
    assert "Suggested by the model that comes with redress and the flag rules." in page


def test_a_complaint_without_a_suggestion_shows_no_panel(people: dict[str, User], settings: Any) -> None:
    settings.REDRESS_TRIAGE_ENABLED = False
    complaint = register(by=people["intake"])
    page = html(signed_in(people["manager"]).get(f"/complaints/{complaint.reference}/"))
    assert "triage-suggestion" not in page


def test_the_triage_form_is_pre_filled_with_the_suggestion(
    people: dict[str, User], small_examples: list[Example]
) -> None:
    train_version(bootstrap=False, staff=False, examples=small_examples)
    complaint = register(by=people["intake"], description=URGENT, product="")
    form = action_form("triage", complaint)
    assert form.fields["business"].initial == "bank_card"
    assert form.fields["urgent"].initial is True
    assert form.fields["is_complaint"].initial is True
    # What staff set before wins over the suggestion.
    complaint.business, complaint.urgent, complaint.is_complaint = "payment", False, False
    Complaint.objects.filter(pk=complaint.pk).update(business="payment", urgent=False, is_complaint=False)
    form = action_form("triage", complaint)
    assert form.fields["business"].initial == "payment"
    assert form.fields["is_complaint"].initial is False


def test_an_urgent_suggestion_marks_the_complaint_urgent_at_once(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], description=URGENT, product="")
    complaint.refresh_from_db()
    assert complaint.urgent is True
    assert Complaint.objects.filter(urgent=True, pk=complaint.pk).exists()  # the queue's urgent filter finds it


def test_the_suggestion_has_a_database_foreign_key_to_its_complaint(people: dict[str, User]) -> None:
    complaint = register(by=people["intake"])
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TriageSuggestion._meta.db_table)
    keys = [c for c in constraints.values() if c["foreign_key"] and c["columns"] == ["complaint_id"]]
    assert keys and keys[0]["foreign_key"][0] == Complaint._meta.db_table
    suggestion = TriageSuggestion.objects.select_related("complaint").get(complaint=complaint)
    assert suggestion.complaint.reference == complaint.reference
    assert complaint.triage_suggestion == suggestion


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "Not urgent, as it is not a complaint"), ("zh-hans", "因此不作紧急处理"), ("zh-hant", "因此不作緊急處理")],
)
def test_a_question_says_why_it_is_not_urgent(people: dict[str, User], language: str, words: str) -> None:
    question = "Can I add my 84-year-old mother to my account?"
    complaint = register(by=people["intake"], description=question, desired_outcome="", product="")
    client = signed_in(people["manager"])
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    page = html(client.get(f"/complaints/{complaint.reference}/"))
    section = page[page.index('class="card triage-suggestion"') :]
    section = section[: section.index("</section>")]
    assert 'data-triage-urgent="false"' in section and 'data-triage="set-aside"' in section
    note = section[section.index('data-triage="set-aside"') :]
    assert words in note[: note.index("</li>")], section
