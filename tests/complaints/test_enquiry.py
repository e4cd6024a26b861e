"""Not a complaint: `convert_to_enquiry` answers with an enquiry letter in the customer's language, stops the
clocks with the reason, leaves the complaint reports for the enquiries count; `reopen_as_complaint` undoes it
within the review window (the clocks run again on their first due dates) and is refused after."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.analytics import selectors as analytics
from redress.analytics.filters import Filters
from redress.audit.models import Event
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.correspondence.models import Letter, OutboxMessage
from redress.deadlines.models import Clock, ClockState

REASON = "客户询问信用卡年费标准，并非投诉。"


def act(api: Any, who: str, complaint: Complaint, action: str, body: dict[str, Any] | None = None) -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/{action}/", body or {}, format="json")


def open_clocks(complaint: Complaint) -> dict[str, str]:
    return dict(Clock.objects.filter(complaint=complaint, met_at__isnull=True).values_list("kind", "state"))


@pytest.mark.django_db
class TestConvert:
    def test_the_customer_gets_an_enquiry_letter_in_their_language(self, api: Any, people: dict[str, User]) -> None:
        complaint = walk(register(by=people["intake"], language="zh-hant"), "assigned", people)
        response = act(api, "handler", complaint, "convert_to_enquiry", {"reason": REASON})
        assert response.status_code == 200, response.content
        assert response.json()["status"] == "enquiry"
        letter = Letter.objects.get(complaint=complaint, kind="enquiry")
        assert letter.language == "zh-hant" and letter.status == "queued"
        assert "諮詢" in letter.subject and REASON in letter.body and complaint.reference in letter.body
        assert OutboxMessage.objects.filter(letter=letter).exists()
        complaint.refresh_from_db()
        assert complaint.is_complaint is False and complaint.closed_at is not None
        assert complaint.retain_until is not None  # the retention purge erases it in time

    def test_the_clocks_stop_with_the_reason_on_the_timeline(self, api: Any, people: dict[str, User]) -> None:
        complaint = walk(register(by=people["intake"]), "assigned", people)
        running = open_clocks(complaint)
        assert running and set(running.values()) == {ClockState.RUNNING}
        act(api, "handler", complaint, "convert_to_enquiry", {"reason": REASON})
        stopped = Clock.objects.filter(complaint=complaint, kind__in=list(running))
        assert {(c.state, c.pause_reason) for c in stopped} == {(ClockState.PAUSED, "enquiry")}
        complaint.refresh_from_db()
        assert complaint.next_due_at is None  # nothing due: not in the overdue queue
        event = Event.objects.filter(complaint=complaint).order_by("-seq").first()
        assert event is not None and event.kind == "convert_to_enquiry"
        assert event.data["reason"] == REASON
        assert sorted(event.data["clocks"]["stopped"]) == sorted(running)
        assert (event.data["from"], event.data["to"]) == ("assigned", "enquiry")

    def test_a_reason_is_required_and_only_handlers_and_managers_convert(
        self, api: Any, people: dict[str, User]
    ) -> None:
        complaint = walk(register(by=people["intake"]), "assigned", people)
        missing = act(api, "handler", complaint, "convert_to_enquiry", {})
        assert missing.status_code == 400 and "reason" in str(missing.json())
        assert act(api, "intake", complaint, "convert_to_enquiry", {"reason": REASON}).status_code == 403
        # A colleague in the department who is not its handler: no.
        assert act(api, "handler2", complaint, "convert_to_enquiry", {"reason": REASON}).status_code == 403
        complaint.refresh_from_db()
        assert complaint.status == "assigned"

    def test_not_after_a_decision(self, api: Any, people: dict[str, User]) -> None:
        complaint = walk(register(by=people["intake"]), "resolution_proposed", people)
        response = act(api, "manager", complaint, "convert_to_enquiry", {"reason": REASON})
        assert response.status_code == 409

    def test_the_reports_count_it_apart(self, api: Any, people: dict[str, User]) -> None:
        kept = walk(register(by=people["intake"]), "assigned", people)
        converted = walk(
            register(by=people["intake"], description="请问信用卡年费怎么收？", channel="web"), "assigned", people
        )
        act(api, "handler", converted, "convert_to_enquiry", {"reason": REASON})
        manager = people["manager"]
        received = sum(row["received"] for row in analytics.volume(user=manager, filters=Filters()))
        assert received == 1  # the complaint only
        assert kept.reference not in str(analytics.enquiries(user=manager, filters=Filters()))
        assert analytics.enquiries(user=manager, filters=Filters()) == [
            {"channel": "web", "channel_label": "Website", "count": 1}
        ]
        answer = api("analyst").get("/api/v1/analytics/enquiries/").json()
        assert answer["rows"] == [{"channel": "web", "channel_label": "Website", "count": 1}]
        ageing = analytics.ageing(user=manager, filters=Filters())
        assert sum(row["count"] for row in ageing) == 1


@pytest.mark.django_db
class TestReopen:
    def test_within_the_window_it_returns_where_it_was_and_the_clocks_run_again(
        self, api: Any, people: dict[str, User]
    ) -> None:
        complaint = walk(register(by=people["intake"]), "assigned", people)
        due_before = dict(Clock.objects.filter(complaint=complaint).values_list("kind", "due_at"))
        act(api, "handler", complaint, "convert_to_enquiry", {"reason": REASON})
        response = act(api, "manager", complaint, "reopen_as_complaint", {"reason": "客户确认是投诉"})
        assert response.status_code == 200, response.content
        complaint.refresh_from_db()
        assert (complaint.status, complaint.is_complaint, complaint.closed_at) == ("assigned", True, None)
        assert complaint.retain_until is None
        assert complaint.assignee == people["handler"]
        assert set(open_clocks(complaint).values()) == {ClockState.RUNNING}
        # The first due dates: the time as an enquiry counts.
        assert dict(Clock.objects.filter(complaint=complaint).values_list("kind", "due_at")) == due_before
        assert complaint.next_due_at is not None
        event = Event.objects.filter(complaint=complaint).order_by("-seq").first()
        assert event is not None and event.kind == "reopen_as_complaint"
        assert (event.data["from"], event.data["to"]) == ("enquiry", "assigned")
        assert event.data["clocks"]["restarted"]

    def test_refused_after_the_window(self, api: Any, people: dict[str, User]) -> None:
        complaint = walk(register(by=people["intake"]), "triaged", people)
        act(api, "manager", complaint, "convert_to_enquiry", {"reason": REASON})
        Complaint.objects.filter(pk=complaint.pk).update(review_window_ends_at=timezone.now() - timedelta(minutes=1))
        response = act(api, "manager", complaint, "reopen_as_complaint", {"reason": "太迟了"})
        assert response.status_code == 409
        assert response.json()["error"] == "enquiry_window_closed"
        complaint.refresh_from_db()
        assert complaint.status == "enquiry"
