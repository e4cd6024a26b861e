"""Staff pages: revising a plan (pre-filled), assigning a review, recording a follow-up visit."""

from __future__ import annotations

from typing import Any

import pytest

from redress.complaints.lifecycle import act
from redress.complaints.models import Complaint
from tests.pages.helpers import action_urls, html

pytestmark = pytest.mark.django_db


def url(complaint: Complaint, tail: str = "") -> str:
    return f"/complaints/{complaint.reference}/{tail}"


def test_the_revise_form_starts_from_the_plan_and_voids_approvals(browser: Any, complaint_in: Any) -> None:
    complaint = complaint_in("resolution_approved")
    client = browser("handler")
    page = html(client.get(url(complaint)))
    assert "revise_resolution" in action_urls(client.get(url(complaint)))
    assert "核实系统重复扣费，予以退还。" in page  # the summary, pre-filled
    assert 'value="200.00"' in page
    response = client.post(
        url(complaint, "act/revise_resolution/"),
        {
            "revise_resolution-outcome": "upheld",
            "revise_resolution-summary": "核实系统重复扣费，予以退还并补偿利息。",
            "revise_resolution-redress_0_type": "refund",
            "revise_resolution-redress_0_amount": "200.00",
            "revise_resolution-redress_0_currency": "CNY",
            "revise_resolution-redress_1_type": "financial_loss",
            "revise_resolution-redress_1_amount": "3.20",
            "revise_resolution-redress_1_currency": "CNY",
            "revise_resolution-reason": "应补偿利息损失",
        },
    )
    assert response.status_code == 302, html(response)
    complaint.refresh_from_db()
    assert complaint.status == "resolution_proposed"
    plan = complaint.plans.order_by("-version").first()
    assert plan is not None and (plan.version, str(plan.total)) == (2, "203.20")
    assert not plan.approvals.exists()


def test_a_review_is_assigned_from_the_senior_staff_only(browser: Any, complaint_in: Any, people: Any) -> None:
    complaint = complaint_in("closed")
    act(complaint, "request_review", by=people["intake"], payload={"reason": "客户申请核查"})
    page = html(browser("manager").get(url(complaint)))
    options = page.split('name="assign-assignee"')[1].split("</select>")[0]
    assert 'value="senior"' in options and 'value="manager"' in options
    assert 'value="handler"' not in options and 'value="handler2"' not in options


def test_a_follow_up_visit_is_recorded_on_the_page(browser: Any, complaint_in: Any, people: Any) -> None:
    from redress.surveys.models import FollowUpTask

    complaint = complaint_in("customer_notified")
    act(complaint, "record_satisfaction", by=people["handler"], payload={"result": "dissatisfied", "score": 1})
    client = browser("handler")
    assert "record_follow_up" in action_urls(client.get(url(complaint)))
    response = client.post(
        url(complaint, "act/record_follow_up/"),
        {
            "record_follow_up-reached": "on",
            "record_follow_up-result": "satisfied",
            "record_follow_up-score": "4",
            "record_follow_up-summary": "回访：客户已收到退款。",
        },
    )
    assert response.status_code == 302, html(response)
    task = FollowUpTask.objects.get(complaint=complaint)
    assert (task.status, task.result, task.score) == ("done", "satisfied", 4)
