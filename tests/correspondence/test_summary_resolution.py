"""UK DISP 1.5: a complaint resolved by the end of the third business day gets a summary resolution communication."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.lifecycle import register
from redress.correspondence.models import Letter
from redress.deadlines.models import Clock

pytestmark = pytest.mark.django_db


def resolve(api: Any, reference: str, body: dict[str, Any], who: str = "manager") -> Any:
    return api(who).post(f"/api/v1/complaints/{reference}/actions/resolve_summarily/", body, format="json")


SUMMARY = "We refunded the duplicated annual fee of £20 the same day and apologised."


@pytest.mark.parametrize("jurisdiction", ["UK-FCA", "UK-FCA-PSD"])
def test_a_uk_complaint_resolved_at_once_is_closed_with_the_summary_letter(
    api: Any, people: dict[str, User], jurisdiction: str
) -> None:
    complaint = register(by=people["intake"], jurisdiction=jurisdiction, language="en")
    detail = api("manager").get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert "resolve_summarily" in detail["allowed_actions"]
    response = resolve(api, complaint.reference, {"channel": "email", "summary": SUMMARY, "outcome": "upheld"})
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "closed"
    letter = Letter.objects.get(complaint=complaint, kind="summary_resolution")
    assert letter.subject == f"Your complaint {complaint.reference} has been resolved"
    assert SUMMARY in letter.body
    assert "Financial Ombudsman Service" in letter.body and "six months" in letter.body
    assert "www.financial-ombudsman.org.uk" in letter.body and letter.status == "queued"
    event = Event.objects.get(complaint=complaint, kind="resolve_summarily")
    assert event.data["to"] == "closed" and event.data["letter"] == letter.pk
    assert not Clock.objects.filter(complaint=complaint, met_at__isnull=True).exists()
    if jurisdiction == "UK-FCA":
        assert Clock.objects.get(complaint=complaint, kind="summary_resolution").state == "met"


def test_the_summary_letter_keeps_the_ombudsman_line_when_edited(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], jurisdiction="UK-FCA", language="zh-hans")
    draft = api("manager").get(
        f"/api/v1/complaints/{complaint.reference}/letters/draft/", {"kind": "summary_resolution"}
    )
    assert draft.status_code == 200
    text = draft.json()["body"].replace("Financial Ombudsman Service", "申诉机构")
    response = resolve(api, complaint.reference, {"channel": "email", "summary": "已退款", "letter": text})
    assert response.status_code == 400
    assert response.json()["detail"]["missing"] == ["fos"]
    assert not Letter.objects.filter(complaint=complaint, kind="summary_resolution").exists()


def test_only_uk_complaints_within_three_business_days(api: Any, people: dict[str, User]) -> None:
    chinese = register(by=people["intake"], jurisdiction="CN-NFRA")
    response = resolve(api, chinese.reference, {"channel": "email", "summary": "已解决"})
    assert response.status_code == 409 and response.json()["error"] == "summary_window_closed"
    late = register(
        by=people["intake"], jurisdiction="UK-FCA", language="en", received_at=timezone.now() - timedelta(days=10)
    )
    assert (
        "resolve_summarily" not in api("manager").get(f"/api/v1/complaints/{late.reference}/").json()["allowed_actions"]
    )
    response = resolve(api, late.reference, {"channel": "email", "summary": SUMMARY})
    assert response.status_code == 409 and response.json()["error"] == "summary_window_closed"
    assert Letter.objects.filter(complaint=late, kind="summary_resolution").count() == 0


def test_not_for_the_intake_agent(api: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], jurisdiction="UK-FCA", language="en")
    assert resolve(api, complaint.reference, {"channel": "email", "summary": SUMMARY}, "intake").status_code == 403


def test_the_staff_page_offers_it_for_a_fresh_uk_complaint(browser: Any, people: dict[str, User]) -> None:
    complaint = register(by=people["intake"], jurisdiction="UK-FCA", language="en")
    page = browser("manager").get(f"/complaints/{complaint.reference}/").content.decode()
    assert f'action="/complaints/{complaint.reference}/act/resolve_summarily/"' in page
    response = browser("manager").post(
        f"/complaints/{complaint.reference}/act/resolve_summarily/",
        {
            "resolve_summarily-channel": "phone",
            "resolve_summarily-summary": SUMMARY,
            "resolve_summarily-call_summary": "Explained the refund on the phone.",
        },
    )
    assert response.status_code == 302
    letter = Letter.objects.get(complaint=complaint, kind="summary_resolution")
    assert letter.status == "logged" and SUMMARY in letter.body
