"""'Awaiting my approval': exactly the plans the person may approve now (the approve action's rule), and the
count in the navigation (one query)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import Department, User
from redress.complaints.api.awaiting import AwaitingOut
from redress.complaints.approvals import awaiting_approval
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.complaints.selectors import complaint_allowed_actions
from redress.complaints.services.actor import actor_for
from redress.complaints.templatetags.complaints_ui import awaiting_approval_count
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def plan(amount: str, currency: str = "CNY") -> dict[str, Any]:
    return {
        "outcome": "upheld",
        "reason": "pricing_fees",
        "root_cause": "system_fault",
        "summary": "Refund of the fee",
        "redress": [{"type": "refund", "amount": amount, "currency": currency}],
        "improvements": [],
    }


@pytest.fixture
def proposed(people: dict[str, User]) -> Callable[..., Complaint]:
    def make(amount: str, currency: str = "CNY", department: str | None = None, by: str = "handler") -> Complaint:
        complaint = walk(register(by=people["intake"]), "investigating", people)
        if department:
            Complaint.objects.filter(pk=complaint.pk).update(department=Department.objects.get(code=department))
        if by != "handler":
            act(complaint, "assign", by=people["manager"], payload={"assignee": by})
            act(complaint, "start_investigation", by=people[by])
        act(complaint, "propose_resolution", by=people[by], payload=plan(amount, currency))
        return complaint

    return make


@pytest.fixture
def browser(people: dict[str, User]) -> Callable[[str], Client]:
    def client_for(username: str) -> Client:
        client = Client()
        client.force_login(people[username])
        return client

    return client_for


def listed(client: Client) -> list[str]:
    body = client.get("/complaints/awaiting-approval/").content.decode()
    return re.findall(r'<tr data-reference="([^"]+)"', body)


def nav_count(client: Client) -> str | None:
    body = client.get("/notifications/").content.decode()
    found = re.search(r'data-awaiting="(\d+)"', body)
    return found.group(1) if found else None


def rule_allows(person: User) -> set[str]:
    """What the approve action itself allows this person, complaint by complaint (the reference)."""
    actor = actor_for(person)
    return {
        c.reference
        for c in Complaint.objects.restrict(person, "act").filter(status="resolution_proposed")
        if "approve_resolution" in complaint_allowed_actions(c, actor)
    }


def test_the_list_is_exactly_what_the_approve_rule_allows(
    people: dict[str, User], proposed: Callable[..., Complaint], browser: Callable[..., Client]
) -> None:
    small = proposed("200.00")
    large = proposed("9000.00")  # over approver_small's 5,000 CNY
    pounds = proposed("100.00", "GBP")  # approver_small has no GBP limit
    loans = proposed("300.00", department="loans")  # another department
    two_step = proposed("150000.00")  # two approvals, one of them compliance's
    named = proposed("250.00")
    Complaint.objects.filter(pk=named.pk).update(named_staff=people["approver"])  # recused
    act(two_step, "approve_resolution", by=people["approver"], payload={"note": "ok"})
    by_manager = proposed("120.00", by="manager")  # a manager proposes: still for the approvers

    expected = {
        "approver": {small, large, pounds, loans, by_manager},  # not named, not two_step (approved already)
        "approver_small": {small, loans, named, by_manager},  # within 5,000 CNY only
        "compliance": {small, large, pounds, loans, two_step, named, by_manager},
    }
    for who, complaints in expected.items():
        references = {c.reference for c in complaints}
        assert {p.reference for p in awaiting_approval(people[who])} == references, who
        assert rule_allows(people[who]) == references, who  # the same rule the approve button uses
        client = browser(who)
        assert set(listed(client)) == references
        assert nav_count(client) == str(len(references))


def test_the_list_changes_as_plans_are_decided(
    people: dict[str, User], proposed: Callable[..., Complaint], browser: Callable[..., Client]
) -> None:
    first, second = proposed("200.00"), proposed("300.00")
    client = browser("approver_small")
    assert listed(client) == [first.reference, second.reference]  # oldest proposal first
    act(first, "approve_resolution", by=people["approver"], payload={"note": "ok"})
    act(second, "reject_resolution", by=people["compliance"], payload={"reason": "no"})
    assert listed(client) == [] and nav_count(client) is None
    assert "No plan awaits your approval." in client.get("/complaints/awaiting-approval/").content.decode()


def test_roles_that_approve_nothing_have_no_link_and_no_query(
    people: dict[str, User],
    proposed: Callable[..., Complaint],
    browser: Callable[..., Client],
    django_assert_num_queries: Any,
) -> None:
    proposed("200.00")
    for who in ("handler", "manager", "analyst"):
        body = browser(who).get("/").content.decode()
        assert "/complaints/awaiting-approval/" not in body, who
        with django_assert_num_queries(0):
            assert awaiting_approval_count(people[who]) is None
    page = browser("handler").get("/complaints/awaiting-approval/").content.decode()
    assert "Your role does not approve resolution plans." in page


def test_the_count_is_one_query(
    people: dict[str, User], proposed: Callable[..., Complaint], django_assert_num_queries: Any
) -> None:
    for amount in ("100.00", "200.00", "9000.00"):
        proposed(amount)
    proposed("50.00", "GBP")
    for who, count in (("approver", 4), ("approver_small", 2), ("compliance", 4)):
        person = User.objects.get(username=who)  # as the request has it: no limits read yet
        with django_assert_num_queries(1):
            assert awaiting_approval_count(person) == count, who


def test_the_api_lists_the_same_plans(api: Any, people: dict[str, User], proposed: Callable[..., Complaint]) -> None:
    small, large = proposed("200.00"), proposed("9000.00")
    body = api("approver_small").get("/api/v1/approvals/awaiting/").json()
    assert_shape(AwaitingOut, body)
    assert body["count"] == 1 and [row["reference"] for row in body["results"]] == [small.reference]
    (row,) = body["results"]
    assert (row["total"], row["currency"], row["approvals"], row["approvals_required"]) == ("200.00", "CNY", 0, 1)
    assert "(handler)" in row["proposed_by"]
    both = api("approver").get("/api/v1/approvals/awaiting/").json()["results"]
    assert [r["reference"] for r in both] == [small.reference, large.reference]
    assert api("handler").get("/api/v1/approvals/awaiting/").json() == {"results": [], "count": 0}
    assert api(None).get("/api/v1/approvals/awaiting/").status_code in (401, 403)
