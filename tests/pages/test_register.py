from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from redress.audit.models import Event
from redress.complaints.models import Complaint
from tests.pages.helpers import html

FORM: dict[str, str] = {
    "customer_name": "王芳",
    "customer_id_number": "310101198805051234",
    "customer_phone": "13700001234",
    "customer_email": "wang.fang@example.com",
    "customer_address": "上海市黄浦区中山东一路1号",
    "channel": "phone",
    "received_at": "2026-01-05T09:30",
    "call_recording_ref": "REC-2026-0105-0042",
    "description": "ATM取款未出钞但账户已扣款1000元。",
    "desired_outcome": "退还1000元",
    "product": "借记卡",
    "named_staff_text": "柜台3号窗口",
    "named_staff": "",
    "language": "zh-hans",
    "jurisdiction": "CN-NFRA",
    "idempotency_key": "form-1",
}


@pytest.mark.django_db
class TestNewComplaint:
    def test_the_form_renders_for_an_intake_agent(self, browser: Any) -> None:
        response = browser("intake").get("/complaints/new/staff/")
        assert response.status_code == 200
        body = html(response)
        for name in FORM:
            assert f'name="{name}"' in body, name
        assert '<option value="phone" selected>' in body
        assert 'type="datetime-local"' in body

    @pytest.mark.parametrize(("ticked", "consent"), [({"narrative_consent": "on"}, True), ({}, False)])
    def test_it_records_the_narrative_consent_as_given(
        self, browser: Any, ticked: dict[str, str], consent: bool
    ) -> None:
        assert 'name="narrative_consent"' in html(browser("intake").get("/complaints/new/staff/"))
        assert browser("intake").post("/complaints/new/staff/", {**FORM, **ticked}).status_code == 302
        complaint = Complaint.objects.get()
        assert complaint.narrative_consent is consent
        assert Event.objects.get(complaint=complaint, kind="registered").data["narrative_consent"] is consent
        page = html(browser("intake").get(f"/complaints/{complaint.reference}/"))
        assert "Consent to publishing the narrative" in page  # the registration's timeline entry
        shown = "Yes" if consent else "No"  # and the registration section, as it is now
        assert f'<dd data-complaint="narrative-consent">{shown}</dd>' in page

    def test_it_registers_and_shows_the_reference(self, browser: Any, people: Any) -> None:
        client = browser("intake")
        response = client.post("/complaints/new/staff/", FORM)
        assert response.status_code == 302
        complaint = Complaint.objects.get()
        assert response["Location"] == f"/complaints/{complaint.reference}/"
        assert complaint.customer_name == "王芳"
        assert complaint.customer_phone == "13700001234"
        assert complaint.channel == "phone"
        assert complaint.call_recording_ref == "REC-2026-0105-0042"
        assert complaint.desired_outcome == "退还1000元"
        assert complaint.named_staff_text == "柜台3号窗口"
        assert complaint.registered_by == people["intake"]
        # 09:30 in Asia/Shanghai
        assert complaint.received_at == datetime(2026, 1, 5, 1, 30, tzinfo=UTC)
        assert list(Event.objects.filter(complaint=complaint).values_list("kind", flat=True)) == ["registered"]
        page = html(client.get(response["Location"]))
        assert f"Complaint {complaint.reference} registered." in page

    def test_a_named_staff_member_is_linked(self, browser: Any, people: Any) -> None:
        browser("manager").post("/complaints/new/staff/", {**FORM, "named_staff": "handler2"})
        assert Complaint.objects.get().named_staff == people["handler2"]

    def test_a_repeated_submission_registers_once(self, browser: Any) -> None:
        client = browser("intake")
        first = client.post("/complaints/new/staff/", FORM)
        second = client.post("/complaints/new/staff/", FORM)
        assert first["Location"] == second["Location"]
        assert Complaint.objects.count() == 1

    @pytest.mark.parametrize(
        ("change", "message"),
        [
            ({"customer_name": ""}, "This field is required."),
            ({"description": ""}, "This field is required."),
            (
                {"customer_phone": "", "customer_email": "", "customer_address": ""},
                "at least one way to reach",
            ),
            ({"customer_email": "not-an-email"}, "Enter a valid email address."),
            ({"customer_phone": "call me"}, "Enter a phone number"),
            ({"received_at": "2099-01-01T00:00"}, "cannot be in the future"),
            ({"received_at": "yesterday"}, "Enter a valid date/time."),
            ({"named_staff": "nobody"}, "No staff member with this username."),
            ({"channel": "pigeon"}, "Select a valid choice."),
        ],
    )
    def test_errors_re_render_with_the_input_kept(self, browser: Any, change: dict[str, str], message: str) -> None:
        response = browser("intake").post("/complaints/new/staff/", {**FORM, **change})
        assert response.status_code == 400
        body = html(response)
        assert message in body
        assert "ATM取款未出钞" in body or change.get("description") == ""
        assert 'value="柜台3号窗口"' in body
        assert Complaint.objects.count() == 0

    def test_roles_that_do_not_register_get_403(self, browser: Any) -> None:
        for username in ("handler", "auditor", "approver"):
            client = browser(username)
            assert client.get("/complaints/new/staff/").status_code == 403
            assert client.post("/complaints/new/staff/", FORM).status_code == 403
        assert Complaint.objects.count() == 0
