from __future__ import annotations

import hashlib
import hmac
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client

from redress.audit.models import Event
from redress.complaints.models import Complaint
from redress.correspondence.models import Letter
from redress.intake.api.serializers import SocialReceivedOut
from redress.intake.models import SocialPost, SocialSource
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

POST = {
    "platform": "weibo",
    "post_id": "4987654321",
    "author_handle": "@小王不开心",
    "text": "@某银行 信用卡被盗刷了三千元，客服电话一直打不通！",
    "url": "https://weibo.com/1234/4987654321",
    "created_at": "2026-11-27T21:15:00+08:00",
}


@pytest.fixture
def secret() -> str:
    out = StringIO()
    call_command("social_source", "add", "weibo-main", stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def send(body: bytes, signature: str | None, source: str = "weibo-main") -> Any:
    headers = {"HTTP_X_REDRESS_SIGNATURE": signature} if signature is not None else {}
    return Client().post(f"/api/v1/intake/social/{source}/", body, content_type="application/json", **headers)


def sign(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_the_command_prints_the_secret_once_and_stores_it_encrypted(secret: str) -> None:
    from django.db import connection

    assert len(secret) == 64
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM intake_socialsource WHERE name = %s", ["weibo-main"])
        (stored,) = cursor.fetchone()
    assert secret not in stored
    assert SocialSource.objects.get(name="weibo-main").secret == secret


def test_a_signed_post_becomes_a_social_complaint(secret: str) -> None:
    body = json.dumps(POST, ensure_ascii=False).encode()
    response = send(body, sign(secret, body))
    assert response.status_code == 201, response.content
    data = response.json()
    assert_shape(SocialReceivedOut, data)
    complaint = Complaint.objects.get(reference=data["reference"])
    assert complaint.channel == "social"
    assert complaint.customer_name == "@小王不开心"
    assert complaint.received_at.isoformat() == "2026-11-27T13:15:00+00:00"
    assert data["reference"] in data["reply_text"]
    # The acknowledgement exists in the customer's language: a letter for the agent (no email known).
    letter = Letter.objects.get(complaint=complaint, kind="acknowledgement")
    assert letter.channel == "letter" and letter.language == complaint.language
    event = Event.objects.get(complaint=complaint, kind="registered")
    assert event.data["platform"] == "weibo" and event.data["post_id"] == "4987654321"


def test_the_same_post_twice_gives_the_same_reference(secret: str) -> None:
    body = json.dumps(POST).encode()
    first = send(body, sign(secret, body))
    again = send(body, sign(secret, body))
    assert first.status_code == 201 and again.status_code == 200
    assert first.json()["reference"] == again.json()["reference"]
    assert Complaint.objects.count() == 1 and SocialPost.objects.count() == 1


@pytest.mark.parametrize("signature", [None, "", "sha256=00", "sha1=abc", "garbage"])
def test_a_wrong_or_missing_signature_is_refused_and_nothing_is_stored(secret: str, signature: str | None) -> None:
    body = json.dumps(POST).encode()
    response = send(body, signature)
    assert response.status_code == 401
    assert response.json()["error"] == "bad_signature"
    assert Complaint.objects.count() == 0


def test_a_signature_of_another_body_is_refused(secret: str) -> None:
    body = json.dumps(POST).encode()
    tampered = json.dumps({**POST, "text": "changed"}).encode()
    assert send(tampered, sign(secret, body)).status_code == 401
    assert Complaint.objects.count() == 0


def test_an_unknown_source_answers_like_a_bad_signature(secret: str) -> None:
    body = json.dumps(POST).encode()
    response = send(body, sign(secret, body), source="nobody")
    assert response.status_code == 401 and response.json()["error"] == "bad_signature"


def test_a_signed_but_invalid_body_is_a_400(secret: str) -> None:
    body = json.dumps({"platform": "weibo"}).encode()
    response = send(body, sign(secret, body))
    assert response.status_code == 400
    assert "post_id" in response.json()["detail"]
    assert Complaint.objects.count() == 0


def test_english_posts_get_an_english_reply(secret: str) -> None:
    body = json.dumps({**POST, "post_id": "x1", "text": "Card blocked abroad", "language": "en"}).encode()
    data = send(body, sign(secret, body)).json()
    assert data["reply_text"].startswith("Thank you for telling us")
    assert Letter.objects.get(complaint__reference=data["reference"]).language == "en"


def test_the_webhook_needs_no_csrf_token(secret: str) -> None:
    body = json.dumps({**POST, "post_id": "csrf-1"}).encode()
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/api/v1/intake/social/weibo-main/",
        body,
        content_type="application/json",
        HTTP_X_REDRESS_SIGNATURE=sign(secret, body),
    )
    assert response.status_code == 201


def test_a_signed_body_nested_too_deeply_is_malformed_not_a_500(secret: str) -> None:
    body = ('{"x":' + "[" * 5000 + "]" * 5000 + "}").encode()
    response = send(body, sign(secret, body))
    assert response.status_code == 400
    assert response.json()["error"] == "malformed_request"
