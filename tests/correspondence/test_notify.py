"""notify_customer: the draft, the handler's edits checked for required elements, failures that stop everything."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.api.serializers import LetterDraftOut
from redress.complaints.lifecycle import act
from redress.complaints.models import Complaint
from redress.correspondence.models import Letter, LetterTemplate, OutboxMessage
from tests.api_shape import assert_shape
from tests.correspondence.conftest import notify

pytestmark = pytest.mark.django_db


def draft(api: Any, complaint: Complaint, who: str = "handler", **params: str) -> Any:
    return api(who).get(f"/api/v1/complaints/{complaint.reference}/letters/draft/", params)


def state_of(complaint: Complaint) -> tuple[str, int, int, int]:
    return (
        Complaint.objects.get(pk=complaint.pk).status,
        Letter.objects.filter(complaint=complaint).count(),
        OutboxMessage.objects.filter(letter__complaint=complaint).count(),
        Event.objects.filter(complaint=complaint).count(),
    )


def test_the_draft_is_the_rendered_final_decision(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en")
    response = draft(api, complaint, kind="final_decision")
    assert response.status_code == 200
    body = response.json()
    assert_shape(LetterDraftOut, body)
    assert body["kind"] == "final_decision"
    assert body["subject"] == f"Our final response to your complaint {complaint.reference}"
    assert body["body"].startswith("Dear 张三,\n")
    assert "Financial Ombudsman Service" in body["body"]
    assert {"reference", "outcome", "fos", "fos_time_limit"} <= set(body["required_elements"])
    assert draft(api, complaint).json()["kind"] == "final_decision"  # the default: what notify_customer sends


def test_only_whoever_may_notify_gets_the_draft(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved")
    assert draft(api, complaint, "handler2").status_code == 403
    assert draft(api, complaint, "outsider").status_code == 404  # may not see the complaint at all
    earlier = complaint_in("investigating")
    assert draft(api, earlier).status_code == 409
    assert draft(api, complaint, kind="acknowledgement").status_code == 400


def test_the_notify_form_on_the_complaint_page_is_prefilled_with_the_draft(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", language="zh-hans")
    page = browser("handler").get(f"/complaints/{complaint.reference}/").content.decode()
    assert 'name="notify_customer-letter"' in page
    assert "一、自收到本告知书之日起30日内" in page  # the CN-NFRA remedies, in the textarea


def test_an_edited_letter_is_sent_exactly_as_edited(
    api: Any, complaint_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en")
    text = draft(api, complaint).json()["body"].replace("Yours sincerely,", "Kind regards,\r\nAnna")
    with django_capture_on_commit_callbacks(execute=True):
        assert notify(api, complaint, {"channel": "email", "letter": text}).status_code == 200
    letter = Letter.objects.get(complaint=complaint, kind="final_decision")
    # The edited text, line ends normalised (the survey invitation may follow it: the link is made on sending).
    assert letter.body.startswith(text.replace("\r\n", "\n").rstrip())
    assert "Kind regards,\nAnna" in letter.body
    sent = mail.outbox[-1]
    assert sent.body == letter.body
    html, mimetype = sent.alternatives[0]
    assert mimetype == "text/html" and html == letter.body_html
    assert "Kind regards,<br>" in html and 'href="http://www.financial-ombudsman.org.uk"' in html
    assert sent.extra_headers["Message-ID"] == letter.message_id
    assert letter.message_id.startswith("<outbox-") and complaint.reference in letter.message_id


@pytest.mark.parametrize(
    ("cut", "missing"),
    [
        ("Financial Ombudsman Service", "fos"),
        ("six months", "fos_time_limit"),
        ("Our decision: Upheld", "outcome"),
        ("CNY 200.00", "redress"),
    ],
)
def test_an_edited_letter_missing_a_required_element_is_refused(
    api: Any, complaint_in: Any, cut: str, missing: str
) -> None:
    complaint = complaint_in("resolution_approved", jurisdiction="UK-FCA", language="en")
    text = draft(api, complaint).json()["body"].replace(cut, "")
    before = state_of(complaint)
    response = notify(api, complaint, {"channel": "email", "letter": text})
    assert response.status_code == 400
    assert response.json()["error"] == "letter_incomplete"
    assert missing in response.json()["detail"]["missing"]
    assert state_of(complaint) == before  # no letter, no outbox message, no event, the same state


def test_a_letter_without_its_reference_is_refused(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", language="zh-hans")
    text = draft(api, complaint).json()["body"].replace(complaint.reference, "")
    response = notify(api, complaint, {"channel": "email", "letter": text})
    assert response.status_code == 400
    assert response.json()["detail"]["missing"] == ["reference"]


def test_a_template_that_fails_to_render_blocks_the_action_and_nothing_is_sent(
    api: Any, complaint_in: Any, django_capture_on_commit_callbacks: Any
) -> None:
    complaint = complaint_in("resolution_approved", language="zh-hans")
    # Stored past the admin's checks (a direct database edit): the action must still refuse cleanly.
    LetterTemplate.objects.filter(kind="final_decision", jurisdiction="CN-NFRA", language="zh-hans").update(
        body="{% if %}"
    )
    from redress.correspondence.rendering import forget_templates

    forget_templates()
    before = state_of(complaint)
    with django_capture_on_commit_callbacks(execute=True):
        response = notify(api, complaint, {"channel": "email"})
    assert response.status_code == 409
    assert response.json()["error"] == "letter_render_failed"
    assert "could not be produced" in response.json()["detail"]
    assert state_of(complaint) == before
    assert mail.outbox == []  # nothing sent (the acknowledgement was registered outside the capture)


def test_a_missing_template_blocks_the_action(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", jurisdiction="HK-HKMA", language="en")
    LetterTemplate.objects.filter(kind="final_decision", jurisdiction__in=["HK-HKMA", ""], language="en").delete()
    before = state_of(complaint)
    response = notify(api, complaint, {"channel": "email"})
    assert response.status_code == 409
    assert response.json()["error"] == "letter_template_missing"
    assert state_of(complaint) == before


def test_a_phone_call_is_logged_with_outcome_and_summary_and_the_letter_kept(api: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved", language="en")
    refused = notify(api, complaint, {"channel": "phone"})
    assert refused.status_code == 400 and "call_summary" in refused.json()["detail"]
    body = {"channel": "phone", "call_outcome": "reached", "call_summary": "Told the customer; they accept."}
    assert notify(api, complaint, body).status_code == 200
    letter = Letter.objects.get(complaint=complaint, kind="final_decision")
    assert (letter.channel, letter.status) == ("phone", "logged")
    assert "internal review" in letter.body and "核查" not in letter.body and letter.body_html
    assert not OutboxMessage.objects.filter(letter=letter).exists()
    event = Event.objects.filter(complaint=complaint, kind="notify_customer").get()
    assert event.data["call_outcome"] == "reached"
    assert event.data["call_summary"] == "Told the customer; they accept."
    assert event.data["letter"] == letter.pk


def test_after_a_review_request_the_letter_is_a_review_decision(
    api: Any, complaint_in: Any, people: dict[str, User]
) -> None:
    complaint = complaint_in("closed", language="zh-hans")
    act(complaint, "request_review", by=people["intake"], payload={"reason": "客户不满意"})
    act(complaint, "assign", by=people["manager"], payload={"assignee": "senior"})
    act(complaint, "start_investigation", by=people["senior"])
    plan = {
        "reason": "pricing_fees",
        "root_cause": "staff_error",
        "outcome": "partly_upheld",
        "summary": "上级复核：部分成立。",
        "redress": [],
        "improvements": [],
    }
    act(complaint, "propose_resolution", by=people["senior"], payload=plan)
    act(complaint, "approve_resolution", by=people["approver"], payload={"note": ""})
    assert draft(api, complaint, "senior").json()["kind"] == "review_decision"
    assert notify(api, complaint, {"channel": "email"}, who="senior").status_code == 200
    letter = Letter.objects.filter(complaint=complaint).order_by("-id").first()
    assert letter is not None and letter.kind == "review_decision"
    assert "核查决定告知书" in letter.subject
    assert "调解" in letter.body and "申请核查" not in letter.body  # no second internal review
