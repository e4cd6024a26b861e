"""The API's refusals are written in the caller's language (Accept-Language), the error code unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from redress.accounts.models import User
from redress.complaints.lifecycle import register

pytestmark = pytest.mark.django_db


def refused(people: dict[str, User], language: str) -> Any:
    complaint = register(by=people["intake"])
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(people["intake"])
    return client.post(f"/api/v1/complaints/{complaint.reference}/actions/decline/", {"reason": "x"}, format="json")


@pytest.mark.parametrize(
    ("language", "words"),
    [
        ("zh-hans", "您的角色无权对此投诉执行该操作。"),
        ("zh-hant", "您的角色無權對此投訴執行該操作。"),
        ("en", "Your role may not take this action on this complaint."),
    ],
)
def test_a_refusal_speaks_the_callers_language(people: dict[str, User], language: str, words: str) -> None:
    response = refused(people, language)
    assert response.status_code == 403
    body = response.json()
    assert body["error"] == "role"
    assert words in body["detail"]
