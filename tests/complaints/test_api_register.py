from __future__ import annotations

import hashlib
import json
import re
from datetime import UTC, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from redress.audit.models import Event
from redress.complaints.api.serializers import QueuePageOut, RegisteredOut
from redress.complaints.models import Complaint
from redress.complaints.services.registration import CustomerDetails, Registration, complaint_register
from redress.complaints.workflow import Actor
from redress.core.api import ErrorOut
from redress.triage import runtime
from redress.triage.ml.examples import Example
from redress.triage.training import train_version
from tests.api_shape import assert_shape

BODY: dict[str, Any] = {
    "channel": "api",
    "customer": {
        "name": "张三",
        "email": "zhang.san@example.com",
        "phone": "13812345678",
        "id_number": "110101199003071234",
        "address": "北京市朝阳区建国路88号",
    },
    "description": "信用卡年费被重复扣取。",
    "desired_outcome": "退还年费",
    "product": "信用卡",
    "received_at": "2026-11-27T09:30:00+08:00",
    "jurisdiction": "CN-NFRA",
    "language": "zh-hans",
}


@pytest.mark.django_db
class TestRegister:
    def test_it_registers_with_a_reference_and_a_first_event(self, api: Any) -> None:
        response = api("intake").post("/api/v1/complaints/", BODY, format="json")
        assert response.status_code == 201, response.json()
        body = response.json()
        assert_shape(RegisteredOut, body)
        assert re.fullmatch(r"CMP-\d{8}-\d{6}", body["reference"])
        assert body["status"] == "received"
        assert body["received_at"] == "2026-11-27T09:30:00+08:00"
        assert "deadlines" in body
        complaint = Complaint.objects.get(reference=body["reference"])
        assert list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True)) == ["registered"]

    def test_it_masks_personal_data_for_the_intake_agent(self, api: Any) -> None:
        body = api("intake").post("/api/v1/complaints/", BODY, format="json").json()
        assert body["customer"]["phone"] == "138****5678"
        assert body["customer"]["masked"] is True
        assert "13812345678" not in str(body)

    def test_it_encrypts_personal_data_at_rest(self, api: Any) -> None:
        reference = api("intake").post("/api/v1/complaints/", BODY, format="json").json()["reference"]
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT customer_name, customer_phone, customer_email, customer_id_number, customer_address "
                "FROM complaints_complaint WHERE reference = %s",
                [reference],
            )
            stored = " ".join(cursor.fetchone())
        for secret in ("张三", "13812345678", "zhang.san", "110101199003071234", "建国路"):
            assert secret not in stored

    def test_it_finds_a_complaint_by_exact_phone_email_or_id(self, api: Any) -> None:
        client = api("intake")
        reference = client.post("/api/v1/complaints/", BODY, format="json").json()["reference"]
        for needle in ("+86 138-1234-5678", "ZHANG.SAN@example.com", "110101199003071234"):
            page = client.get("/api/v1/complaints/", {"customer": needle}).json()
            assert_shape(QueuePageOut, page)
            results = page["results"]
            assert [r["reference"] for r in results] == [reference]
        assert client.get("/api/v1/complaints/", {"customer": "13900000000"}).json()["results"] == []

    def test_it_returns_the_first_complaint_for_a_repeated_idempotency_key(self, api: Any) -> None:
        client = api("intake")
        first = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        second = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-1")
        assert first.status_code == 201
        assert second.status_code == 200
        assert_shape(RegisteredOut, second.json())
        assert second.json()["reference"] == first.json()["reference"]
        assert Complaint.objects.count() == 1

    def test_it_refuses_a_reused_idempotency_key_with_another_body(self, api: Any) -> None:
        client = api("intake")
        client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="k-2")
        response = client.post(
            "/api/v1/complaints/", {**BODY, "description": "另一件事"}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
        )
        assert response.status_code == 409
        assert response.json()["error"] == "idempotency_key_reused"
        assert_shape(ErrorOut, response.json())

    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"channel": "pigeon"}, "channel"),
            ({"description": ""}, "description"),
            ({"customer": {"name": "李四"}}, "customer"),
            ({"customer": {**BODY["customer"], "email": "not-an-email"}}, "customer"),
            ({"received_at": "2099-01-01T00:00:00Z"}, "received_at"),
            ({"jurisdiction": "XX"}, "jurisdiction"),
        ],
    )
    def test_it_rejects_bad_input_with_a_named_field(self, api: Any, change: dict[str, Any], field: str) -> None:
        response = api("intake").post("/api/v1/complaints/", {**BODY, **change}, format="json")
        assert response.status_code == 400
        assert response.json()["error"] == "invalid"
        assert field in response.json()["detail"]
        assert_shape(ErrorOut, response.json())
        assert Complaint.objects.count() == 0

    def test_it_refuses_registration_by_a_role_that_does_not_register(self, api: Any) -> None:
        response = api("auditor").post("/api/v1/complaints/", BODY, format="json")
        assert response.status_code == 403
        assert response.json()["error"] == "role"

    def test_it_needs_authentication(self, api: Any) -> None:
        response = api(None).post("/api/v1/complaints/", BODY, format="json")
        assert response.status_code == 401
        assert response.json()["error"] == "not_authenticated"
        assert_shape(ErrorOut, response.json())

    def test_it_accepts_a_token(self, people: Any) -> None:
        token = Token.objects.create(user=people["intake"])
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        assert client.post("/api/v1/complaints/", BODY, format="json").status_code == 201

    def test_it_gives_unique_references(self, api: Any) -> None:
        client = api("intake")
        refs = {client.post("/api/v1/complaints/", BODY, format="json").json()["reference"] for _ in range(5)}
        assert len(refs) == 5


@pytest.mark.django_db
class TestRegisterAnswer:
    """The 201 body is built from what the registration wrote, without reading it back."""

    def test_the_201_body_is_the_complaint_as_the_detail_shows_it(self, api: Any) -> None:
        client = api("intake")
        created = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="same-body")
        assert created.status_code == 201
        shown = client.get(f"/api/v1/complaints/{created.json()['reference']}/")
        assert {k: v for k, v in created.json().items() if k != "tracking_code"} == shown.json()
        assert created.json()["deadlines"] and created.json()["allowed_actions"]

    def test_a_replay_answers_the_same_body(self, api: Any) -> None:
        client = api("intake")
        first = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="replay")
        again = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="replay")
        assert (first.status_code, again.status_code) == (201, 200)
        assert again["Idempotent-Replayed"] == "true"
        # The same complaint; the tracking code was given once, in the first answer.
        assert again.json() == {**first.json(), "tracking_code": None}

    def test_nothing_is_read_after_the_commit(self, api: Any) -> None:
        client = api("intake")
        client.post("/api/v1/complaints/", BODY, format="json")  # warm the policy caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="reads")
        assert response.status_code == 201
        statements = [q["sql"].split()[0].upper() for q in ctx.captured_queries]
        # The test wraps everything in a transaction, so the registration's is a savepoint here.
        last_write = max(i for i, s in enumerate(statements) if s in ("INSERT", "RELEASE"))
        assert statements[last_write + 1 :] == [], statements
        assert statements[0] == "SAVEPOINT", statements  # no look-up of the Idempotency-Key first

    def test_one_registration_takes_few_statements(self, api: Any, django_assert_max_num_queries: Any) -> None:
        client = api("intake")
        client.post("/api/v1/complaints/", BODY, format="json")  # warm the policy caches
        # The savepoint (the test's transaction) and its release, the reference (SQLite: a counter row, UPDATE then
        # SELECT; PostgreSQL: one nextval), the complaint, its clocks, the duplicate look-up and its link, the
        # tracking code and its e-mail, the acknowledgement and its e-mail, the event, the search row, the routing
        # rules, the triage suggestion.
        most = 16 if connection.vendor == "sqlite" else 15
        with django_assert_max_num_queries(most) as ctx:
            response = client.post("/api/v1/complaints/", BODY, format="json", HTTP_IDEMPOTENCY_KEY="count")
        assert response.status_code == 201
        tracking = [q["sql"] for q in ctx.captured_queries if "intake_trackingsecret" in q["sql"]]
        assert len(tracking) == 1 and tracking[0].startswith("INSERT"), tracking  # a new complaint: one INSERT

    def test_an_urgent_complaint_is_written_urgent_not_updated_after(self, api: Any) -> None:
        body = {**BODY, "description": "我的信用卡被盗刷了5万元，银行不处理我就投诉到12378。"}
        with CaptureQueriesContext(connection) as ctx:
            response = api("intake").post("/api/v1/complaints/", body, format="json")
        assert response.status_code == 201
        assert response.json()["urgent"] is True
        assert response.json()["triage_suggestion"]["urgent"] is True
        assert not [q for q in ctx.captured_queries if q["sql"].startswith('UPDATE "complaints_complaint"')]
        assert Complaint.objects.get(reference=response.json()["reference"]).urgent

    def test_the_body_names_the_triage_model_that_suggested(self, api: Any, settings: Any, tmp_path: Any) -> None:
        # why: a conftest module; only this test trains on its examples
        from tests.triage.conftest import SMALL

        settings.REDRESS_TRIAGE_MODEL_DIR = tmp_path / "models"
        settings.REDRESS_TRIAGE_DATA_DIR = tmp_path / "no-shared-data"
        runtime.forget()
        examples = [
            Example(text=t, business=b, product=p, is_complaint=c, urgent=bool(f), flags=f) for t, b, p, c, f in SMALL
        ]
        try:
            version = train_version(bootstrap=False, staff=False, examples=examples).version
            client = api("intake")
            created = client.post("/api/v1/complaints/", BODY, format="json").json()
        finally:
            runtime.forget()
        assert created["triage_suggestion"]["model_version"] == version.version
        assert_shape(RegisteredOut, created)
        del created["tracking_code"]  # given in the registration's answer only
        assert client.get(f"/api/v1/complaints/{created['reference']}/").json() == created

    def test_without_triage_the_body_says_so(self, api: Any, settings: Any) -> None:
        settings.REDRESS_TRIAGE_ENABLED = False
        body = api("intake").post("/api/v1/complaints/", BODY, format="json").json()
        assert body["triage_suggestion"] is None


@pytest.mark.django_db
def test_a_repeated_key_without_a_registering_user_gives_the_first_complaint(people: Any) -> None:
    """The intake channels register with no user, where the unique constraint does not apply."""
    registration = Registration(
        channel="web", customer=CustomerDetails(name="王五", phone="13900001111"), description="网银转账失败"
    )
    actor = Actor(kind="customer")
    first, created = complaint_register(registration=registration, actor=actor, idempotency_key="web-1")
    again, created_again = complaint_register(registration=registration, actor=actor, idempotency_key="web-1")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_the_request_fingerprint_is_the_canonical_json_of_the_whole_registration(people: Any) -> None:
    """Stored fingerprints stay comparable across releases: sha256 of the sorted JSON of every field."""
    registration = Registration(
        channel="phone",
        customer=CustomerDetails(name="王五", phone="13900001111", email="wang@example.cn"),
        description="网银转账失败",
        received_at=datetime(2026, 11, 28, 9, 30, tzinfo=UTC),
        named_staff=people["handler"],
        extra={"call": "ok"},
    )
    expected = {
        "channel": "phone",
        "customer": {
            "name": "王五",
            "id_number": "",
            "phone": "13900001111",
            "email": "wang@example.cn",
            "address": "",
        },
        "description": "网银转账失败",
        "desired_outcome": "",
        "product": "",
        "business": "",
        "reason": "",
        "forwarded_by_regulator": False,
        "received_at": registration.received_at,
        "jurisdiction": "",
        "language": "",
        "named_staff": people["handler"].pk,
        "named_staff_text": "",
        "call_recording_ref": "",
        "extra": {"call": "ok"},
    }  # `narrative_consent` only when given, so fingerprints stored before it keep matching
    digest = hashlib.sha256(json.dumps(expected, sort_keys=True, default=str).encode()).hexdigest()
    assert registration.fingerprint() == digest


@pytest.mark.django_db
class TestNarrativeConsent:
    def test_it_is_recorded_when_given_and_on_the_timeline(self, api: Any) -> None:
        body = api("intake").post("/api/v1/complaints/", {**BODY, "narrative_consent": True}, format="json").json()
        complaint = Complaint.objects.get(reference=body["reference"])
        assert complaint.narrative_consent is True
        assert Event.objects.get(complaint=complaint, kind="registered").data["narrative_consent"] is True
        assert body["narrative_consent"] is True  # and the complaint as read says so

    def test_without_it_there_is_no_consent(self, api: Any) -> None:
        body = api("intake").post("/api/v1/complaints/", BODY, format="json").json()
        complaint = Complaint.objects.get(reference=body["reference"])
        assert complaint.narrative_consent is False
        assert Event.objects.get(complaint=complaint, kind="registered").data["narrative_consent"] is False
        assert body["narrative_consent"] is False

    @pytest.mark.parametrize("value", ["yes", "true", 1, None, [True]])
    def test_anything_but_a_boolean_is_refused_naming_the_field(self, api: Any, value: object) -> None:
        response = api("intake").post("/api/v1/complaints/", {**BODY, "narrative_consent": value}, format="json")
        assert response.status_code == 400
        assert "narrative_consent" in response.json()["detail"]
        assert Complaint.objects.count() == 0

    def test_a_consent_changes_the_fingerprint(self) -> None:
        base = Registration(channel="api", customer=CustomerDetails(name="王五", phone="13900001111"), description="x")
        given = Registration(
            channel="api", customer=CustomerDetails(name="王五", phone="13900001111"), description="x",
            narrative_consent=True,
        )  # fmt: skip
        assert given.fingerprint() != base.fingerprint()
