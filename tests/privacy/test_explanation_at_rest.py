"""Triage's explanation quotes the complaint (what its rules matched, the model's terms): it is encrypted at rest
like the text, reads back whole through the model, re-encrypts with a key rotation and goes with an erasure."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.management import call_command

from redress.complaints.lifecycle import register
from redress.complaints.models import Complaint
from redress.complaints.workflow import SYSTEM_ACTOR
from redress.privacy.crypto import PREFIX, key_id, key_id_of
from redress.retention.erase import complaint_erase
from redress.triage.models import TriageSuggestion
from tests.operations.test_key_rotation import NEW, OLD
from tests.privacy.test_at_rest import stored

pytestmark = pytest.mark.django_db

TEXT = "我的信用卡被盗刷了五万元，卡一直在我身上，我今年82岁，请尽快处理。"


def _suggestion(people: Any) -> TriageSuggestion:
    complaint = register(by=people["intake"], description=TEXT)
    return TriageSuggestion.objects.get(complaint=complaint)


def test_the_explanation_is_ciphertext_in_the_database_and_a_dict_through_the_model(people: Any) -> None:
    suggestion = _suggestion(people)
    assert suggestion.explanation["rules"], suggestion.explanation  # the fraud and age rules matched
    raw = stored("triage_triagesuggestion", "explanation", suggestion.pk)
    assert raw.startswith(PREFIX) and "盗刷" not in raw and "rules" not in raw
    assert TriageSuggestion.objects.values_list("explanation", flat=True).get(pk=suggestion.pk) == (
        suggestion.explanation
    )


def test_a_key_rotation_re_encrypts_it(people: Any, settings: Any) -> None:
    settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = OLD, []
    suggestion = _suggestion(people)
    before = TriageSuggestion.objects.get(pk=suggestion.pk).explanation
    settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = NEW, [OLD]
    call_command("keys", "rotate", stdout=io.StringIO())
    assert key_id_of(stored("triage_triagesuggestion", "explanation", suggestion.pk)) == key_id(NEW)
    assert TriageSuggestion.objects.get(pk=suggestion.pk).explanation == before


def test_an_erasure_empties_it(people: Any) -> None:
    suggestion = _suggestion(people)
    complaint_erase(complaint=Complaint.objects.get(pk=suggestion.complaint_id), why="retention", actor=SYSTEM_ACTOR)
    assert TriageSuggestion.objects.get(pk=suggestion.pk).explanation == {}


def test_an_erasure_counts_only_an_explanation_that_said_something(people: Any) -> None:
    said, silent = _suggestion(people), _suggestion(people)
    TriageSuggestion.objects.filter(pk=silent.pk).update(explanation={})
    counts = {}
    for suggestion in (said, silent):
        complaint = Complaint.objects.get(pk=suggestion.complaint_id)
        counts[suggestion.pk] = complaint_erase(complaint=complaint, why="retention", actor=SYSTEM_ACTOR).counts
    assert counts[said.pk]["texts"] == counts[silent.pk]["texts"] + 1  # the description, and the explanation
