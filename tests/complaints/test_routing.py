"""Routing rules: the rule by priority then specificity; the handler with the fewest open complaints, not away and
not named in the complaint; recorded on the timeline with its rule; staff override with `assign`."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from redress.accounts.models import Department, User
from redress.audit.models import Event
from redress.complaints.lifecycle import register
from redress.complaints.models import Complaint, RoutingRule

TRIAGE = {"business": "bank_card", "urgent": False, "is_complaint": True}


def dept(code: str) -> Department:
    return Department.objects.get(code=code)


def rule(name: str, department: str, priority: int = 100, **match: str) -> RoutingRule:
    return RoutingRule.objects.create(name=name, department=dept(department), priority=priority, **match)


def triage(api: Any, complaint: Complaint, body: dict[str, Any] | None = None) -> Any:
    return api("intake").post(
        f"/api/v1/complaints/{complaint.reference}/actions/triage/", body or TRIAGE, format="json"
    )


def last_event(complaint: Complaint) -> Event:
    found = Event.objects.filter(complaint=complaint).order_by("-seq").first()
    assert found is not None
    return found


def busy(user: User, count: int, people: dict[str, User]) -> None:
    """Give `user` this many open complaints (as if assigned to them)."""
    for _ in range(count):
        c = register(by=people["intake"], description=f"另一宗投诉 {user.username} {_}", customer=_other_customer())
        Complaint.objects.filter(pk=c.pk).update(assignee=user, status="assigned")


def _other_customer() -> Any:
    from redress.complaints.services.registration import CustomerDetails

    return CustomerDetails(name="李四", phone="13900000000")


@pytest.mark.django_db
class TestRules:
    def test_the_lowest_priority_number_wins_then_the_more_specific(self, api: Any, people: dict[str, User]) -> None:
        rule("any card", "loans", priority=50, business="bank_card")
        rule("card by phone", "cards", priority=50, business="bank_card", channel="phone")
        rule("everything", "service", priority=200)
        complaint = register(by=people["intake"], product="")
        response = triage(api, complaint)
        assert response.status_code == 200, response.content
        complaint.refresh_from_db()
        assert complaint.department == dept("cards")  # same priority: the one naming two fields
        assert last_event(complaint).data["rule"] == "card by phone"

        rule("first of all", "loans", priority=10)
        other = register(by=people["intake"], product="", description="另一件事：网银无法登录。")
        triage(api, other)
        other.refresh_from_db()
        assert other.department == dept("loans")
        assert other.assignee == people["outsider"]  # the loans department's one handler

    def test_no_matching_rule_leaves_it_triaged_for_a_manager(self, api: Any, people: dict[str, User]) -> None:
        rule("loans only", "loans", business="personal_loan")
        complaint = register(by=people["intake"])
        triage(api, complaint)
        complaint.refresh_from_db()
        assert (complaint.status, complaint.assignee_id) == ("triaged", None)

    def test_the_handler_with_the_fewest_open_complaints_gets_it(self, api: Any, people: dict[str, User]) -> None:
        rule("cards", "cards")
        busy(people["handler"], 2, people)
        busy(people["senior"], 1, people)
        complaint = register(by=people["intake"])
        body = triage(api, complaint).json()
        assert body["status"] == "assigned"
        complaint.refresh_from_db()
        assert complaint.assignee == people["handler2"]
        event = last_event(complaint)
        assert (event.kind, event.actor_kind) == ("assign", "system")
        assert event.data["assignee"] == "handler2" and event.data["rule"] == "cards"
        assert event.data["from"] == "triaged" and event.data["to"] == "assigned"

    def test_a_handler_away_today_is_skipped_and_back_after(self, api: Any, people: dict[str, User]) -> None:
        rule("cards", "cards")
        busy(people["handler"], 1, people)
        busy(people["senior"], 1, people)
        today = timezone.localdate()
        User.objects.filter(username="handler2").update(away_from=today - timedelta(days=1), away_until=today)
        complaint = register(by=people["intake"])
        triage(api, complaint)
        complaint.refresh_from_db()
        assert complaint.assignee in (people["handler"], people["senior"])

        User.objects.filter(username="handler2").update(away_from=today + timedelta(days=3), away_until=None)
        later = register(by=people["intake"], description="另一件事：网银无法登录。")
        triage(api, later)
        later.refresh_from_db()
        assert later.assignee == people["handler2"]  # a period without a last day is no absence

    def test_the_handler_named_in_the_complaint_is_skipped(self, api: Any, people: dict[str, User]) -> None:
        rule("cards", "cards")
        busy(people["handler"], 1, people)
        busy(people["senior"], 1, people)
        complaint = register(by=people["intake"], named_staff=people["handler2"], named_staff_text="张伟")
        triage(api, complaint)
        complaint.refresh_from_db()
        assert complaint.assignee is not None and complaint.assignee != people["handler2"]

    def test_a_rule_without_a_free_handler_routes_to_the_department_only(
        self, api: Any, people: dict[str, User]
    ) -> None:
        rule("loans", "loans")
        User.objects.filter(username="outsider").update(away_until=timezone.localdate())
        complaint = register(by=people["intake"])
        triage(api, complaint)
        complaint.refresh_from_db()
        assert (complaint.status, complaint.department, complaint.assignee_id) == ("triaged", dept("loans"), None)
        assert last_event(complaint).kind == "routed"

    def test_staff_override_the_rule_with_assign(self, api: Any, people: dict[str, User]) -> None:
        rule("cards", "cards")
        complaint = register(by=people["intake"])
        triage(api, complaint)
        complaint.refresh_from_db()
        assert complaint.assignee == people["handler"]
        response = api("manager").post(
            f"/api/v1/complaints/{complaint.reference}/actions/assign/", {"assignee": "senior"}, format="json"
        )
        assert response.status_code == 200, response.content
        complaint.refresh_from_db()
        assert complaint.assignee == people["senior"]
        event = last_event(complaint)
        assert (event.kind, event.actor_id, event.data["previous"]) == ("assign", people["manager"].pk, "handler")

    def test_a_complaint_arriving_classified_goes_to_its_department(self, api: Any, people: dict[str, User]) -> None:
        rule("credit cards", "cards", product="credit_card")
        complaint = register(by=people["intake"])  # product 信用卡 → credit_card
        complaint.refresh_from_db()
        assert (complaint.status, complaint.department, complaint.assignee_id) == ("received", dept("cards"), None)
        routed = last_event(complaint)
        assert (routed.kind, routed.data["rule"], routed.data["department"]) == ("routed", "credit cards", "cards")
        # The department's handlers see it in their queue before triage.
        listed = api("handler2").get("/api/v1/complaints/").json()
        assert complaint.reference in [row["reference"] for row in listed["results"]]


@pytest.mark.django_db
def test_the_command_lists_the_rules_in_the_order_they_apply(people: dict[str, User], capsys: Any) -> None:
    rule("late", "loans", priority=90)
    rule("early", "cards", priority=5, business="bank_card", channel="phone")
    call_command("routing_rules")
    out = capsys.readouterr().out
    assert out.index("early") < out.index("late")
    assert "bank_card" in out and "cards" in out


@pytest.mark.django_db
def test_the_assign_form_says_who_is_away(people: dict[str, User]) -> None:
    from redress.complaints.forms import action_form

    User.objects.filter(username="handler2").update(away_until=timezone.localdate() + timedelta(days=2))
    complaint = register(by=people["intake"])
    form = action_form("assign", complaint)
    labels = dict(form.fields["assignee"].widget.choices)  # type: ignore[attr-defined]
    assert "away until" in labels["handler2"] and "away" not in labels["handler"]
