from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from redress.audit.models import Event
from redress.complaints.lifecycle import SAMPLE_CUSTOMER
from redress.complaints.models import Complaint
from tests.pages.helpers import action_urls, html


def url(complaint: Complaint, tail: str = "") -> str:
    return f"/complaints/{complaint.reference}/{tail}"


def kinds(complaint: Complaint) -> list[str]:
    return list(Event.objects.filter(complaint=complaint).order_by("seq").values_list("kind", flat=True))


@pytest.mark.django_db
class TestComplaintPage:
    def test_it_shows_the_registration_and_the_timeline(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        response = browser("manager").get(url(complaint))
        assert response.status_code == 200
        body = html(response)
        assert complaint.reference in body
        assert complaint.description in body
        assert complaint.desired_outcome in body
        assert "信用卡" in body
        assert "China: NFRA" in body
        # The timeline: labels, who, from → to, and the data.
        assert "Complaint registered" in body
        assert "Triaged" in body
        assert "Triaged → Assigned" in body
        assert "周杰 (manager)" in body
        assert "handler" in body

    def test_a_handler_sees_start_investigation_once_assigned(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        actions = action_urls(browser("handler").get(url(complaint)))
        assert "start_investigation" in actions
        assert not actions & {
            "assign",
            "triage",
            "propose_resolution",
            "approve_resolution",
            "reveal_pii",
        }

    def test_a_colleague_who_is_not_the_assignee_sees_only_notes(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        assert action_urls(browser("handler2").get(url(complaint))) == {"add_note"}

    def test_an_auditor_sees_no_action(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        response = browser("auditor").get(url(complaint))
        assert response.status_code == 200
        assert action_urls(response) == set()
        assert "/evidence/" not in html(response)
        assert "There is nothing for you to do" in html(response)

    def test_a_manager_assigns_from_a_list_of_handlers(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        body = html(browser("manager").get(url(complaint)))
        assert {"assign", "decline", "merge"} <= action_urls(browser("manager").get(url(complaint)))
        assert '<option value="handler">' in body
        assert '<option value="analyst">' not in body

    def test_posting_an_action_moves_the_state_and_writes_the_event(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("handler")
        response = client.post(url(complaint, "act/start_investigation/"))
        assert response.status_code == 302
        assert response["Location"] == url(complaint)
        complaint.refresh_from_db()
        assert complaint.status == "investigating"
        assert kinds(complaint)[-1] == "start_investigation"
        page = html(client.get(url(complaint)))
        assert "was recorded" in page
        assert "Investigating" in page

    def test_assign_with_the_select(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        response = browser("manager").post(url(complaint, "act/assign/"), {"assign-assignee": "handler2"})
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert complaint.status == "assigned"
        assert complaint.assignee is not None and complaint.assignee.username == "handler2"

    def test_triage_sends_unticked_boxes_as_false(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("received")
        response = browser("intake").post(
            url(complaint, "act/triage/"),
            {"triage-business": "bank_card", "triage-product": "借记卡"},
        )
        assert response.status_code == 302
        complaint.refresh_from_db()
        assert (complaint.status, complaint.product, complaint.urgent, complaint.is_complaint) == (
            "triaged",
            "debit_card",  # the label given, stored as its code
            False,
            False,
        )

    def test_a_wrong_state_post_shows_a_409_message(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        response = browser("manager").post(url(complaint, "act/triage/"), {"triage-is_complaint": "on"})
        assert response.status_code == 409
        assert "not possible in the complaint" in html(response)
        assert 'role="alert"' in html(response)
        complaint.refresh_from_db()
        assert complaint.status == "triaged"

    def test_a_role_that_may_not_act_gets_a_403_message(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        response = browser("handler2").post(url(complaint, "act/start_investigation/"))
        assert response.status_code == 403
        assert "Your role may not take this action" in html(response)

    def test_a_bad_payload_shows_field_errors_with_400(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        response = browser("handler").post(url(complaint, "act/hold/"), {"hold-reason": ""})
        assert response.status_code == 400
        body = html(response)
        assert "This field may not be blank." in body
        assert 'aria-invalid="true"' in body
        assert 'data-action="hold" open' in body
        complaint.refresh_from_db()
        assert complaint.status == "investigating"

    def test_an_unknown_assignee_is_shown_on_its_field(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        response = browser("manager").post(url(complaint, "act/assign/"), {"assign-assignee": "analyst"})
        assert response.status_code == 400
        assert "Name an active handler or manager." in html(response)

    def test_propose_a_resolution_with_redress_rows(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        client = browser("handler")
        response = client.post(
            url(complaint, "act/propose_resolution/"),
            {
                "propose_resolution-reason": "pricing_fees",
                "propose_resolution-root_cause": "staff_error",
                "propose_resolution-outcome": "partly_upheld",
                "propose_resolution-summary": "核实部分重复扣费。",
                "propose_resolution-redress_0_type": "refund",
                "propose_resolution-redress_0_amount": "200.00",
                "propose_resolution-redress_0_currency": "CNY",
                "propose_resolution-redress_1_type": "goodwill",
                "propose_resolution-redress_1_amount": "50",
                "propose_resolution-redress_1_currency": "cny",
                "propose_resolution-redress_1_description": "致歉",
                "propose_resolution-redress_2_currency": "CNY",
                "propose_resolution-improvements": "修复批处理\n\n培训客服",
            },
        )
        assert response.status_code == 302, html(response)
        complaint.refresh_from_db()
        assert complaint.status == "resolution_proposed"
        plan = complaint.plans.get()
        assert str(plan.total) == "250.00"
        assert plan.improvements == ["修复批处理", "培训客服"]
        body = html(client.get(url(complaint)))
        assert "Resolution plan" in body
        assert "250.00 CNY" in body
        assert "Goodwill payment" in body
        assert "培训客服" in body

    def test_a_bad_redress_row_is_named(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        response = browser("handler").post(
            url(complaint, "act/propose_resolution/"),
            {
                "propose_resolution-reason": "pricing_fees",
                "propose_resolution-root_cause": "staff_error",
                "propose_resolution-outcome": "upheld",
                "propose_resolution-summary": "s",
                "propose_resolution-redress_2_type": "refund",
                "propose_resolution-redress_2_amount": "12.345",
                "propose_resolution-redress_2_currency": "CNY",
            },
        )
        assert response.status_code == 400
        body = html(response)
        assert "Row 3, Amount" in body
        assert 'value="12.345"' in body  # the input is kept

    def test_redress_in_two_currencies_is_refused(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        response = browser("handler").post(
            url(complaint, "act/propose_resolution/"),
            {
                "propose_resolution-reason": "pricing_fees",
                "propose_resolution-root_cause": "staff_error",
                "propose_resolution-outcome": "upheld",
                "propose_resolution-summary": "s",
                "propose_resolution-redress_0_type": "refund",
                "propose_resolution-redress_0_amount": "10",
                "propose_resolution-redress_0_currency": "CNY",
                "propose_resolution-redress_1_type": "refund",
                "propose_resolution-redress_1_amount": "10",
                "propose_resolution-redress_1_currency": "HKD",
            },
        )
        assert response.status_code == 400
        assert "must be in one currency" in html(response)

    def test_decline_writes_the_reason_and_a_masked_letter(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        client = browser("manager")
        response = client.post(url(complaint, "act/decline/"), {"decline-reason": "不属于本行业务范围"})
        assert response.status_code == 302
        body = html(client.get(url(complaint)))
        assert "Triaged → Declined" in body
        assert "不属于本行业务范围" in body
        assert "Decision not to accept" in body
        assert "张*" in body
        assert SAMPLE_CUSTOMER.name not in body
        # A declined complaint offers nothing more than notes.
        assert action_urls(client.get(url(complaint))) <= {"add_note", "log_contact"}

    def test_hold_and_resume(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        client = browser("handler")
        client.post(
            url(complaint, "act/hold/"), {"hold-reason": "等待客户补充材料", "hold-pause_reason": "awaiting_customer"}
        )
        complaint.refresh_from_db()
        assert complaint.status == "on_hold"
        hold = Event.objects.get(complaint=complaint, kind="hold")
        assert hold.data["pause_reason"] == "awaiting_customer"
        assert "Waiting for the customer" in html(client.get(url(complaint)))
        assert "resume" in action_urls(client.get(url(complaint)))
        client.post(url(complaint, "act/resume/"))
        complaint.refresh_from_db()
        assert complaint.status == "investigating"
        assert kinds(complaint)[-2:] == ["hold", "resume"]

    def test_an_outsider_gets_404(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("outsider")
        assert client.get(url(complaint)).status_code == 404
        assert client.post(url(complaint, "act/add_note/"), {"add_note-text": "x"}).status_code == 404
        assert client.post(url(complaint, "reveal/"), {"reveal-reason": "x"}).status_code == 404
        assert kinds(complaint)[-1] == "assign"

    def test_an_unknown_reference_or_action_is_404(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        client = browser("manager")
        assert client.get("/complaints/CMP-20000101-999999/").status_code == 404
        assert client.post(url(complaint, "act/fly_away/")).status_code == 404
        assert client.post(url(complaint, "act/reveal_pii/")).status_code == 404

    def test_the_named_staff_member_gets_404(self, browser: Any, people: Any) -> None:
        from redress.complaints.lifecycle import register

        complaint = register(by=people["intake"], named_staff=people["handler2"], named_staff_text="张伟")
        assert browser("handler2").get(url(complaint)).status_code == 404

    def test_the_language_switcher_returns_to_the_page_after_a_post(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        response = browser("manager").post(url(complaint, "act/triage/"), {})
        assert f'name="next" value="{url(complaint)}"' in html(response)

    def test_an_htmx_post_gets_the_error_page_to_swap(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        response = browser("manager").post(
            url(complaint, "act/triage/"), {"triage-is_complaint": "on"}, HTTP_HX_REQUEST="true"
        )
        assert response.status_code == 409
        assert 'id="main"' in html(response)


@pytest.mark.django_db
class TestPersonalData:
    def test_it_is_masked_for_the_intake_agent(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        body = html(browser("intake").get(url(complaint)))
        assert "张*" in body
        assert "138****5678" in body
        for secret in (
            SAMPLE_CUSTOMER.phone,
            SAMPLE_CUSTOMER.email,
            SAMPLE_CUSTOMER.id_number,
            "建国路",
        ):
            assert secret not in body
        assert 'action="/complaints/' + complaint.reference + '/reveal/"' in body

    def test_the_assignee_sees_it_in_full(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        body = html(browser("handler").get(url(complaint)))
        assert SAMPLE_CUSTOMER.phone in body
        assert "/reveal/" not in body

    def test_reveal_shows_it_once_and_writes_an_event(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        client = browser("intake")
        response = client.post(url(complaint, "reveal/"), {"reveal-reason": "回拨客户核实信息"})
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("no-store") or "no-store" in response["Cache-Control"]
        body = html(response)
        for secret in (
            SAMPLE_CUSTOMER.name,
            SAMPLE_CUSTOMER.phone,
            SAMPLE_CUSTOMER.email,
            SAMPLE_CUSTOMER.id_number,
        ):
            assert secret in body
        event = Event.objects.filter(complaint=complaint).order_by("-seq").first()
        assert event is not None and event.kind == "reveal_pii"
        assert event.data["reason"] == "回拨客户核实信息"
        assert "Personal data revealed" in body
        # The next page view is masked again.
        assert SAMPLE_CUSTOMER.phone not in html(client.get(url(complaint)))

    def test_reveal_needs_a_reason(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("triaged")
        response = browser("intake").post(url(complaint, "reveal/"), {"reveal-reason": "  "})
        assert response.status_code == 400
        assert SAMPLE_CUSTOMER.phone not in html(response)
        assert kinds(complaint)[-1] == "triage"

    def test_a_role_without_reveal_is_refused(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("assigned")
        response = browser("handler2").post(url(complaint, "reveal/"), {"reveal-reason": "curious"})
        assert response.status_code == 403
        assert SAMPLE_CUSTOMER.phone not in html(response)

    def test_letters_are_shown_with_personal_data_masked(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("customer_notified")
        body = html(browser("manager").get(url(complaint)))
        assert "Final decision" in body
        assert "张*" in body
        assert "张三" not in body
        assert "张三" in html(browser("handler").get(url(complaint)))


@pytest.mark.django_db
class TestEvidence:
    def test_the_assignee_uploads_a_file(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        upload = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        client = browser("handler")
        response = client.post(url(complaint, "evidence/"), {"evidence-file": upload, "evidence-description": "对账单"})
        assert response.status_code == 302
        assert kinds(complaint)[-1] == "add_evidence"
        body = html(client.get(url(complaint)))
        assert "statement.pdf" in body
        assert "对账单" in body

    def test_a_refused_file_type_is_a_400(self, browser: Any, complaint_in: Any) -> None:
        complaint = complaint_in("investigating")
        upload = SimpleUploadedFile("run.sh", b"#!/bin/sh", content_type="application/x-sh")
        response = browser("handler").post(url(complaint, "evidence/"), {"evidence-file": upload})
        assert response.status_code == 400
        assert "not accepted" in html(response)
        assert kinds(complaint)[-1] == "start_investigation"


@pytest.mark.django_db
def test_an_approver_of_another_department_approving_on_the_page_lands_on_the_queue(
    browser: Any, complaint_in: Any, people: Any
) -> None:
    # The decision takes the complaint out of their view: the page does not send them to a 404.
    complaint = complaint_in("resolution_proposed")
    people["approver"].department = people["outsider"].department
    people["approver"].save()
    client = browser("approver")
    response = client.post(url(complaint, "act/approve_resolution/"), {"note": "OK"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert kinds(complaint)[-1] == "approve_resolution"
    assert "“Approve" in html(client.get("/"))
    assert client.get(url(complaint)).status_code == 404
