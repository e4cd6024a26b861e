"""The letters through the API: a summary in the complaint's detail, and personal data masked as on the page."""

from __future__ import annotations

from typing import Any

import pytest

from redress.complaints.api.serializers import ComplaintOut, LettersOut
from redress.correspondence.models import Letter, OutboxMessage
from tests.api_shape import assert_shape
from tests.complaints.test_api_register import BODY


def register(api: Any) -> dict[str, Any]:
    response = api("intake").post("/api/v1/complaints/", BODY, format="json")
    assert response.status_code == 201, response.json()
    return dict(response.json())


@pytest.mark.django_db
class TestLettersInTheDetail:
    def test_the_acknowledgement_is_listed_with_its_delivery(self, api: Any) -> None:
        body = register(api)
        [letter] = body["letters"]
        assert letter["kind"] == "acknowledgement"
        assert letter["channel"] == "email"
        assert letter["status"] == "queued"
        assert letter["delivery"] == {
            "attempts": 0,
            "last_error": "",
            "next_attempt_at": letter["delivery"]["next_attempt_at"],
            "retry_allowed": False,
        }
        assert letter["pdf"].endswith(f"/letters/{letter['id']}/pdf/")
        assert "body" not in letter  # the text is on the letters endpoint

    def test_a_failed_delivery_shows_in_the_detail(self, api: Any) -> None:
        reference = register(api)["reference"]
        letter = Letter.objects.get(complaint__reference=reference)
        OutboxMessage.objects.filter(letter=letter).update(
            status="failed", attempts=5, last_error="550 mailbox unavailable"
        )
        Letter.objects.filter(pk=letter.pk).update(status="failed")
        detail = api("intake").get(f"/api/v1/complaints/{reference}/").json()
        assert_shape(ComplaintOut, detail)
        [shown] = detail["letters"]
        assert shown["status"] == "failed"
        assert shown["delivery"]["attempts"] == 5
        assert shown["delivery"]["last_error"] == "550 mailbox unavailable"
        assert shown["delivery"]["retry_allowed"] is True

    def test_a_phone_complaint_without_email_has_a_letter_for_the_file(self, api: Any) -> None:
        body = {**BODY, "channel": "phone", "customer": {**BODY["customer"], "email": ""}}
        response = api("intake").post("/api/v1/complaints/", body, format="json")
        assert response.status_code == 201
        [letter] = response.json()["letters"]
        assert letter["channel"] != "email" and letter["delivery"] is None
        created = {k: v for k, v in response.json().items() if k != "tracking_code"}  # in the 201 answer only
        assert api("intake").get(f"/api/v1/complaints/{created['reference']}/").json() == created


@pytest.mark.django_db
class TestLettersEndpointMasks:
    def test_who_may_not_see_personal_data_reads_the_letter_masked(self, api: Any) -> None:
        reference = register(api)["reference"]
        [letter] = api("intake").get(f"/api/v1/complaints/{reference}/letters/").json()["results"]
        text = letter["subject"] + letter["body"] + letter["body_html"]
        assert "张三" not in text and "zhang.san@example.com" not in text
        assert "张*" in letter["body"]
        assert letter["masked"] is True

    def test_compliance_reads_it_as_sent(self, api: Any) -> None:
        reference = register(api)["reference"]
        answer = api("compliance").get(f"/api/v1/complaints/{reference}/letters/").json()
        assert_shape(LettersOut, answer)
        [letter] = answer["results"]
        assert "张三" in letter["body"]
        assert letter["masked"] is False
