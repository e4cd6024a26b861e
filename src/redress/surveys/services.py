"""Surveys: issue the signed link, take the one answer, offer the review; close unanswered ones.
Follow-up visits: scheduled by the rules when a complaint closes, recorded by the agent."""

from __future__ import annotations

import hashlib
import logging
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from redress.audit.services import event_append
from redress.complaints.choices import Outcome, Satisfaction, Status
from redress.complaints.models import Complaint
from redress.complaints.services.actions import complaint_act
from redress.complaints.workflow import CUSTOMER_ACTOR, SYSTEM_ACTOR, Actor
from redress.core.errors import Conflict, InvalidInput
from redress.core.recipients import public_link
from redress.deadlines.services import policy_for
from redress.surveys.models import Answer, Condition, FollowUpRule, FollowUpTask, Survey, TaskStatus

log = logging.getLogger(__name__)
SALT = "redress.surveys.survey"
DEFAULT_NO_RESPONSE_DAYS = 14


class SurveyUnavailable(Exception):
    """Why a survey link cannot be answered: `reason` is invalid, expired, answered or closed."""

    def __init__(self, reason: str, survey: Survey | None = None) -> None:
        super().__init__(reason)
        self.reason, self.survey = reason, survey


# --- The link -----------------------------------------------------------------------------


def no_response_days(complaint: Complaint) -> int:
    policy = policy_for(complaint)
    return policy.no_response_days if policy else DEFAULT_NO_RESPONSE_DAYS


def survey_issue(*, complaint: Complaint, at: datetime | None = None) -> Survey:
    """A new survey for the decision just sent; an earlier unanswered one of the complaint expires now."""
    now = at or timezone.now()
    Survey.objects.filter(complaint=complaint, answered_at__isnull=True, expires_at__gt=now).update(expires_at=now)
    return Survey.objects.create(
        complaint=complaint, created_at=now, expires_at=now + timedelta(days=no_response_days(complaint))
    )


def survey_token(survey: Survey) -> str:
    """The same link every time for a survey (no timestamp in it: the survey's row says when it expires)."""
    return signing.Signer(salt=SALT).sign_object(survey.pk, compress=True)


def survey_url(survey: Survey) -> str:
    path = reverse("surveys:survey", kwargs={"token": survey_token(survey)})
    return public_link(path)


def decision_survey(*, complaint: Complaint, letter: str) -> tuple[Survey, str]:
    """The survey of a decision letter, and the handler's edited letter (if any) carrying its link."""
    survey = survey_issue(complaint=complaint)
    url = survey_url(survey)
    if not letter.strip() or url in letter:
        return survey, letter
    with translation.override(complaint.language):
        invitation = _("Please tell us whether you are satisfied with how we handled your complaint: %(url)s") % {
            "url": url
        }
    return survey, f"{letter.rstrip()}\n\n{invitation}\n"


def survey_from_token(token: str) -> Survey:
    """The survey a link names, if it may still be answered; else SurveyUnavailable saying why."""
    try:
        survey_id = signing.Signer(salt=SALT).unsign_object(token)
    except signing.BadSignature:
        raise SurveyUnavailable("invalid") from None
    survey = Survey.objects.select_related("complaint").filter(pk=survey_id).first()
    if survey is None:
        raise SurveyUnavailable("invalid")
    return survey


def survey_check_open(survey: Survey, now: datetime) -> None:
    if survey.answered_at is not None:
        raise SurveyUnavailable("answered", survey)
    if survey.expires_at <= now:
        raise SurveyUnavailable("expired", survey)


# --- The answer -----------------------------------------------------------------------------


def survey_answer(*, token: str, result: str, score: int | None, comment: str) -> Survey:
    """Record the customer's one answer. While the decision awaits it, this closes the complaint."""
    if result not in Answer.values:
        raise InvalidInput({"result": [_("Choose satisfied or not satisfied.")]})
    if score is not None and not 1 <= score <= 5:
        raise InvalidInput({"score": [_("A score is from 1 to 5.")]})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().get(pk=survey_from_token(token).pk)
        now = timezone.now()
        survey_check_open(survey, now)
        survey.answered_at, survey.result, survey.score, survey.comment = now, result, score, comment.strip()
        survey.save(update_fields=["answered_at", "result", "score", "comment"])
        # The complaint's row lock first: its state is then the one the answer is recorded against.
        complaint = Complaint.objects.select_for_update(of=("self",)).get(pk=survey.complaint_id)
        payload = {"result": result, "score": score, "comment": survey.comment}
        if complaint.status == Status.CUSTOMER_NOTIFIED:
            complaint_act(
                reference=complaint.reference, action="record_satisfaction", actor=CUSTOMER_ACTOR, payload=payload
            )
        else:  # told by phone meanwhile, or closed: the answer still lands on the timeline
            event_append(complaint=complaint, kind="survey_answered", actor=CUSTOMER_ACTOR, data=payload)
    return survey


def review_offer_open(survey: Survey) -> bool:
    """Whether the survey page offers a review: not satisfied, not asked yet, within the window."""
    complaint = survey.complaint
    window = complaint.review_window_ends_at
    return (
        survey.result == Answer.DISSATISFIED
        and survey.review_requested_at is None
        and complaint.status in (Status.CUSTOMER_NOTIFIED, Status.CLOSED)
        and (window is None or timezone.now() < window)
    )


def survey_request_review(*, token: str, reason: str) -> Survey:
    """The customer, not satisfied, asks for a review (核查) from the survey page."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput({"reason": [_("Tell us what you would like us to look at again.")]})
    with transaction.atomic():
        survey = Survey.objects.select_for_update().select_related("complaint").get(pk=survey_from_token(token).pk)
        if not review_offer_open(survey):
            raise Conflict(_("A review can no longer be requested from this page."), code="review_not_open")
        complaint_act(
            reference=survey.complaint.reference,
            action="request_review",
            actor=CUSTOMER_ACTOR,
            payload={"reason": reason},
        )
        survey.review_requested_at = timezone.now()
        survey.save(update_fields=["review_requested_at"])
    return survey


def unanswered_close(*, now: datetime | None = None, limit: int = 1000) -> int:
    """Close as `no_response` every notified complaint whose survey expired unanswered (or, with no
    survey, whose decision is older than the policy's days). Idempotent; one event per complaint."""
    now = now or timezone.now()
    latest = Survey.objects.filter(complaint=OuterRef("pk")).order_by("-created_at", "-id")
    notified = Complaint.objects.filter(status=Status.CUSTOMER_NOTIFIED, notified_at__isnull=False).annotate(
        surveyed=Exists(latest),
        survey_answered_at=Subquery(latest.values("answered_at")[:1]),
        survey_expires_at=Subquery(latest.values("expires_at")[:1]),
    )
    expired = notified.filter(surveyed=True, survey_answered_at__isnull=True, survey_expires_at__lte=now)
    references = list(expired.order_by("notified_at").values_list("reference", flat=True)[:limit])
    # Decisions sent before surveys existed: the policy's days from the decision.
    legacy = notified.filter(surveyed=False).order_by("notified_at").only("reference", "jurisdiction", "notified_at")
    for complaint in legacy[: max(0, limit - len(references))]:
        assert complaint.notified_at is not None
        if complaint.notified_at + timedelta(days=no_response_days(complaint)) <= now:
            references.append(complaint.reference)
    closed = 0
    for reference in references[:limit]:
        try:
            complaint_act(
                reference=reference,
                action="record_satisfaction",
                actor=SYSTEM_ACTOR,
                payload={"result": Satisfaction.NO_RESPONSE, "comment": ""},
            )
            closed += 1
        except Conflict:  # answered or closed by someone in the meantime
            log.info("Complaint %s changed before it could be closed as no response.", reference)
    return closed


# --- Follow-up visits ----------------------------------------------------------------------


def _in_sample(reference: str, percent: int) -> bool:
    """A stable draw: the same complaint is always in or out of a rule's sample."""
    digest = hashlib.sha256(reference.encode()).digest()
    return int.from_bytes(digest[:4], "big") % 100 < percent


def _matches(rule: FollowUpRule, complaint: Complaint) -> bool:
    if rule.jurisdiction and rule.jurisdiction != complaint.jurisdiction:
        return False
    return {
        Condition.DISSATISFIED: complaint.satisfaction == Satisfaction.DISSATISFIED,
        Condition.NO_RESPONSE: complaint.satisfaction == Satisfaction.NO_RESPONSE,
        Condition.URGENT: complaint.urgent,
        Condition.UPHELD: complaint.outcome in (Outcome.UPHELD, Outcome.PARTLY_UPHELD),
        Condition.SAMPLE: _in_sample(complaint.reference, rule.sample_percent),
        Condition.ALL: True,
    }[Condition(rule.condition)]


def followups_schedule(*, complaint: Complaint, at: datetime | None = None) -> FollowUpTask | None:
    """On closing: one visit when any active rule picks the complaint, due after the earliest rule's days."""
    if FollowUpTask.objects.filter(complaint=complaint, status=TaskStatus.OPEN).exists():
        return None
    picked = [rule for rule in FollowUpRule.objects.filter(active=True) if _matches(rule, complaint)]
    if not picked:
        return None
    closed_on = timezone.localdate(at or timezone.now())
    return FollowUpTask.objects.create(
        complaint=complaint,
        rules=[rule.name for rule in picked],
        due_on=closed_on + timedelta(days=min(rule.days_after_close for rule in picked)),
        assignee_id=complaint.assignee_id,
    )


def followup_record(*, complaint: Complaint, actor: Actor, data: dict[str, Any]) -> dict[str, Any]:
    """The agent records the visit on the complaint's open task (the `record_follow_up` action)."""
    task = FollowUpTask.objects.select_for_update().filter(complaint=complaint, status=TaskStatus.OPEN).first()
    if task is None:
        raise Conflict(_("This complaint has no follow-up visit to record."), code="no_follow_up")
    reached = data["reached"]
    if reached and not data.get("result"):
        raise InvalidInput({"result": [_("Say whether the customer is satisfied.")]})
    task.status, task.done_at, task.done_by_id = TaskStatus.DONE, timezone.now(), actor.staff_id
    task.reached, task.summary = reached, data["summary"]
    task.result = data.get("result", "") if reached else ""
    task.score = data.get("score") if reached else None
    task.save(update_fields=["status", "done_at", "done_by", "reached", "result", "score", "summary"])
    return {"task": task.pk, "reached": reached, "result": task.result, "score": task.score, "summary": task.summary}
