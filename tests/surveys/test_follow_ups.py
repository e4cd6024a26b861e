"""Follow-up visits (回访): rules pick closed complaints; the agent records the visit; figures count it."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.surveys.api.serializers import FollowUpsOut, SatisfactionReportOut
from redress.surveys.models import FollowUpRule, FollowUpTask
from redress.surveys.services import _in_sample
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def closed(people: dict[str, User], result: str, score: int | None = None, **overrides: Any) -> Complaint:
    complaint = walk(register(by=people["intake"], **overrides), "customer_notified", people)
    return act(complaint, "record_satisfaction", by=people["handler"], payload={"result": result, "score": score})


def post(api: Any, who: str, ref: str, body: dict[str, Any]) -> Any:
    return api(who).post(f"/api/v1/complaints/{ref}/actions/record_follow_up/", body, format="json")


def test_a_dissatisfied_customer_gets_a_visit_three_days_after_closing(api: Any, people: dict[str, User]) -> None:
    complaint = closed(people, "dissatisfied", 2)
    task = FollowUpTask.objects.get(complaint=complaint)
    assert task.due_on == timezone.localdate() + timedelta(days=3)
    assert task.assignee == people["handler"]
    # The reference (its date and number) also decides the stable 10 % sample: a dissatisfied complaint
    # may fall in it too, which is not what this test is about.
    sampled = ["10% 抽样回访 / 10% sample"] if _in_sample(complaint.reference, 10) else []
    assert task.rules == ["所有不满意的投诉 / All dissatisfied", *sampled]
    events = api("handler").get(f"/api/v1/complaints/{complaint.reference}/events/").json()["results"]
    assert events[-1]["data"]["follow_up_due_on"] == task.due_on.isoformat()
    answer = api("handler").get("/api/v1/follow-ups/?mine=1").json()
    assert_shape(FollowUpsOut, answer)
    listed = answer["results"]
    assert [t["complaint"] for t in listed] == [complaint.reference]
    assert api("outsider").get("/api/v1/follow-ups/").json()["results"] == []  # another department


def test_the_agent_records_the_visit_once(api: Any, people: dict[str, User]) -> None:
    complaint = closed(people, "dissatisfied", 2)
    ref = complaint.reference
    assert post(api, "handler", ref, {"reached": True, "summary": "回访客户"}).status_code == 400  # satisfied?
    assert post(api, "handler2", ref, {"reached": True, "result": "satisfied", "summary": "x"}).status_code == 403
    body = {"reached": True, "result": "satisfied", "score": 4, "summary": "客户表示已收到退款，认可处理"}
    response = post(api, "intake", ref, body)
    assert response.status_code == 200, response.json()
    task = FollowUpTask.objects.get(complaint=complaint)
    assert (task.status, task.reached, task.result, task.score, task.done_by) == (
        "done",
        True,
        "satisfied",
        4,
        people["intake"],
    )
    again = post(api, "handler", ref, body)
    assert again.status_code == 409 and again.json()["error"] == "no_follow_up"


def test_a_satisfied_routine_complaint_is_sampled_stably(people: dict[str, User]) -> None:
    complaint = closed(people, "satisfied", 5)
    expected = _in_sample(complaint.reference, 10)
    assert FollowUpTask.objects.filter(complaint=complaint).exists() is expected
    assert _in_sample(complaint.reference, 10) is expected
    assert sum(_in_sample(f"CMP-20261128-{n:06d}", 10) for n in range(2000)) in range(150, 250)


def test_rules_are_data(people: dict[str, User]) -> None:
    FollowUpRule.objects.update(active=False)
    FollowUpRule.objects.create(name="All", condition="all", days_after_close=1)
    complaint = closed(people, "satisfied", 5)
    assert FollowUpTask.objects.get(complaint=complaint).due_on == timezone.localdate() + timedelta(days=1)
    FollowUpRule.objects.update(active=False)
    assert not FollowUpTask.objects.filter(complaint=closed(people, "dissatisfied")).exists()


def test_the_satisfaction_figures_count_answers_and_visits(api: Any, people: dict[str, User]) -> None:
    closed(people, "satisfied", 5)
    closed(people, "satisfied", 4)
    unhappy = closed(people, "dissatisfied", 1)
    post(
        api,
        "handler",
        unhappy.reference,
        {"reached": True, "result": "dissatisfied", "score": 2, "summary": "仍不满意"},
    )
    today = timezone.localdate().isoformat()
    report = api("manager").get(f"/api/v1/reports/satisfaction/?from={today}&to={today}").json()
    assert_shape(SatisfactionReportOut, report)
    assert report["closed"] == {
        "satisfied": 2,
        "dissatisfied": 1,
        "no_response": 0,
        "satisfaction_rate": "66.7",
        "mean_score": "3.33",
    }
    assert report["follow_ups"]["done"] == 1 and report["follow_ups"]["dissatisfied"] == 1
    assert report["follow_ups"]["mean_score"] == "2.00"
    assert api("manager").get("/api/v1/reports/satisfaction/?from=2026-13-01").status_code == 400
    assert api("manager").get(f"/api/v1/reports/satisfaction/?from={today}&to=2020-01-01").status_code == 400


@pytest.mark.parametrize(("language", "heading"), [("en", "Follow-up visits and satisfaction"), ("zh-hans", "回访")])
def test_the_follow_up_page_lists_the_visits(
    client: Client, people: dict[str, User], language: str, heading: str
) -> None:
    complaint = closed(people, "dissatisfied", 2)
    client.force_login(people["handler"])
    client.cookies["django_language"] = language
    page = client.get("/follow-ups/?mine=1")
    assert page.status_code == 200
    text = page.content.decode()
    assert heading in text and complaint.reference in text


def test_the_complaint_page_shows_the_answer_and_the_visit(client: Client, people: dict[str, User]) -> None:
    complaint = closed(people, "dissatisfied", 2, language="en")
    client.force_login(people["handler"])
    client.cookies["django_language"] = "en"
    text = client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert "Customer&#x27;s answer and follow-up" in text or "Customer's answer and follow-up" in text
    assert "due on" in text and "not answered" not in text


@pytest.mark.parametrize("language", ["zh-hans", "zh-hant", "en"])
def test_the_period_fields_hold_dates_the_browser_accepts(
    client: Client, people: dict[str, User], language: str
) -> None:
    """A date input takes YYYY-MM-DD only; the localised 2026/11/08 left both (required) fields empty."""
    client.force_login(people["manager"])
    client.cookies["django_language"] = language
    text = client.get("/follow-ups/").content.decode()
    today = timezone.localdate()
    for name, day in (("start", today - timedelta(days=29)), ("end", today)):
        assert re.search(rf'name="{name}" value="{day.isoformat()}"|value="{day.isoformat()}"[^>]*name="{name}"', text)
