"""A registration through the API answers the customer's tracking code, as the staff page shows it: once, to
the registering caller, for them to give the customer; never in a replay, nor anywhere else."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.api.serializers import RegisteredOut
from tests.api_shape import assert_shape
from tests.complaints.test_api_register import BODY
from tests.intake.test_web import track

pytestmark = pytest.mark.django_db

CODE = re.compile(r"[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_answer_holds_the_code_that_opens_the_customers_page(
    api: Any, people: dict[str, User], language: str
) -> None:
    body = {**BODY, "language": language, "channel": "phone"}
    response = api("intake").post("/api/v1/complaints/", body, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 201, response.json()
    created = response.json()
    assert_shape(RegisteredOut, created)
    assert CODE.fullmatch(created["tracking_code"])
    page = track(Client(HTTP_ACCEPT_LANGUAGE=language), created["reference"], created["tracking_code"])
    assert page.status_code == 200 and created["reference"] in page.content.decode()
    # Shown once: the complaint read back does not carry it.
    detail = api("intake").get(f"/api/v1/complaints/{created['reference']}/").json()
    assert "tracking_code" not in detail and created["tracking_code"] not in str(detail)


def test_a_replay_does_not_show_it_again(api: Any, people: dict[str, User]) -> None:
    client = api("intake")
    first = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="code-1").json()
    second = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="code-1")
    assert second.status_code == 200 and second.json()["reference"] == first["reference"]
    assert CODE.fullmatch(first["tracking_code"]) and second.json()["tracking_code"] is None
    assert_shape(RegisteredOut, second.json())


def test_the_schema_documents_it(api: Any) -> None:
    schema = api("intake").get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/complaints/"]["post"]
    ref = operation["responses"]["201"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    field = schema["components"]["schemas"][ref]["properties"]["tracking_code"]
    assert field["nullable"] is True and "once" in field["description"]
