"""The customer's survey: a signed link, one answer, a review offer; unanswered ones close."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.deadlines.policies import forget_policies
from redress.surveys.models import Survey
from redress.surveys.services import survey_issue, survey_token, survey_url, unanswered_close

pytestmark = pytest.mark.django_db


def notified(people: dict[str, User], **overrides: Any) -> Complaint:
    return walk(register(by=people["intake"], **overrides), "customer_notified", people)


def latest_survey(complaint: Complaint) -> Survey:
    return complaint.surveys.order_by("-id").first() or survey_issue(complaint=complaint)


def test_the_decision_letter_carries_a_signed_survey_link(people: dict[str, User]) -> None:
    complaint = notified(people)
    survey = complaint.surveys.get()
    letter = complaint.letters.get(kind="final_decision")
    assert survey_url(survey) in letter.body
    assert survey.expires_at == survey.created_at + timedelta(days=14)  # CN-NFRA's no-response days


def test_a_satisfied_answer_closes_the_complaint_once(client: Client, people: dict[str, User]) -> None:
    complaint = notified(people, language="zh-hans")
    url = f"/survey/{survey_token(latest_survey(complaint))}/"
    page = client.get(url)
    assert page.status_code == 200
    assert complaint.reference in page.content.decode()
    assert "满意" in page.content.decode()  # in the complaint's language (zh-hans)
    answer = client.post(url, {"result": "satisfied", "score": "5", "comment": "处理很及时"})
    assert answer.status_code == 200
    complaint.refresh_from_db()
    assert (complaint.status, complaint.satisfaction, complaint.satisfaction_score) == ("closed", "satisfied", 5)
    event = Event.objects.filter(complaint=complaint, kind="record_satisfaction").get()
    assert event.actor_kind == "customer" and event.data["comment"] == "处理很及时"

    again = client.post(url, {"result": "dissatisfied", "score": "1"})
    assert again.status_code == 200  # a polite page, not an error
    assert "已经回答" in again.content.decode() or "already answered" in again.content.decode()
    complaint.refresh_from_db()
    assert complaint.satisfaction == "satisfied"
    assert Event.objects.filter(complaint=complaint, kind="record_satisfaction").count() == 1


def test_not_satisfied_offers_a_review_within_the_window(client: Client, people: dict[str, User]) -> None:
    complaint = notified(people, language="en")
    token = survey_token(latest_survey(complaint))
    answer = client.post(f"/survey/{token}/", {"result": "dissatisfied", "score": "2", "comment": "Too slow"})
    assert answer.status_code == 200
    assert "Request a review" in answer.content.decode()
    assert client.post(f"/survey/{token}/review/", {"reason": ""}).status_code == 400
    done = client.post(f"/survey/{token}/review/", {"reason": "The refund should include interest."})
    assert done.status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == "review_requested"
    assert complaint.previous_handler == people["handler"] and complaint.assignee is None
    from redress.deadlines.models import Clock

    review_clock = Clock.objects.get(complaint=complaint, kind="review")
    assert review_clock.state == "running"  # CN: the review is decided within 30 days of the request
    # Once only: the offer is gone, a second request is refused politely.
    assert "Request a review" not in client.get(f"/survey/{token}/").content.decode()
    second = client.post(f"/survey/{token}/review/", {"reason": "again"})
    assert second.status_code == 200 and "cannot be requested" in second.content.decode()


def test_no_review_offer_after_the_window(client: Client, people: dict[str, User]) -> None:
    complaint = notified(people, language="en")
    token = survey_token(latest_survey(complaint))
    Complaint.objects.filter(pk=complaint.pk).update(review_window_ends_at=timezone.now() - timedelta(seconds=1))
    answer = client.post(f"/survey/{token}/", {"result": "dissatisfied"})
    assert answer.status_code == 200 and "Request a review" not in answer.content.decode()


def test_expired_and_forged_links_get_a_polite_page(client: Client, people: dict[str, User]) -> None:
    complaint = notified(people, language="en")
    survey = latest_survey(complaint)
    Survey.objects.filter(pk=survey.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expired = client.get(f"/survey/{survey_token(survey)}/")
    assert expired.status_code == 410 and "This survey has closed" in expired.content.decode()
    assert client.post(f"/survey/{survey_token(survey)}/", {"result": "satisfied"}).status_code == 410
    forged = client.get(f"/survey/{survey_token(survey)[:-2]}xx/")
    assert forged.status_code == 404 and "could not find this survey" in forged.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "customer_notified"


def test_a_bad_answer_is_refused_and_loses_nothing(client: Client, people: dict[str, User]) -> None:
    complaint = notified(people, language="en")
    url = f"/survey/{survey_token(latest_survey(complaint))}/"
    response = client.post(url, {"score": "9", "comment": "kept"})
    assert response.status_code == 400
    assert "kept" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "customer_notified"


def test_unanswered_surveys_close_the_complaint_as_no_response(people: dict[str, User]) -> None:
    waiting, answered_late = notified(people), notified(people)
    assert unanswered_close() == 0
    later = timezone.now() + timedelta(days=15)
    assert unanswered_close(now=later) == 2
    assert unanswered_close(now=later) == 0  # idempotent
    for complaint in (waiting, answered_late):
        complaint.refresh_from_db()
        assert (complaint.status, complaint.satisfaction) == ("closed", "no_response")
        event = Event.objects.filter(complaint=complaint, kind="record_satisfaction").get()
        assert event.actor_kind == "system"


def test_the_policy_sets_the_days_before_no_response(people: dict[str, User]) -> None:
    from redress.deadlines.models import Policy

    policy = Policy.objects.get(code="CN-NFRA")
    policy.no_response_days = 3
    policy.save()  # the admin's way: the process forgets its cached policies
    complaint = notified(people)
    assert unanswered_close(now=timezone.now() + timedelta(days=2)) == 0
    assert unanswered_close(now=timezone.now() + timedelta(days=3, minutes=1)) == 1
    complaint.refresh_from_db()
    assert complaint.satisfaction == "no_response"
    forget_policies()  # the edited policy was cached inside this test's transaction, which rolls back


def test_an_answer_after_the_complaint_moved_on_is_kept_on_the_timeline(
    client: Client, people: dict[str, User]
) -> None:
    from redress.complaints.lifecycle import act

    complaint = notified(people, language="en")
    token = survey_token(latest_survey(complaint))
    act(complaint, "close", by=people["manager"])
    response = client.post(f"/survey/{token}/", {"result": "dissatisfied", "score": "2", "comment": "late reply"})
    assert response.status_code == 200
    event = Event.objects.filter(complaint=complaint, kind="survey_answered").get()
    assert event.data == {"result": "dissatisfied", "score": 2, "comment": "late reply"}
    complaint.refresh_from_db()
    assert complaint.satisfaction == ""  # what staff recorded stays; the answer is on the timeline


def test_a_decision_sent_before_surveys_existed_closes_after_the_policy_days(people: dict[str, User]) -> None:
    complaint = notified(people)
    Survey.objects.filter(complaint=complaint).delete()
    assert unanswered_close(now=timezone.now() + timedelta(days=13)) == 0
    assert unanswered_close(now=timezone.now() + timedelta(days=15)) == 1
    complaint.refresh_from_db()
    assert complaint.satisfaction == "no_response"
