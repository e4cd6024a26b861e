"""Approval limits per currency: an approver may hold one for each currency; no exchange rate is guessed."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from redress.accounts.models import ApprovalLimit, Role, User
from redress.accounts.services import user_create
from redress.complaints.approvals import plan_approvers
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.services.actor import actor_for
from redress.complaints.workflow import Actor, Subject

pytestmark = pytest.mark.django_db


def _plan(amount: str, currency: str) -> dict[str, Any]:
    return {
        "reason": "pricing_fees",
        "root_cause": "staff_error",
        "outcome": "upheld",
        "summary": "Refund of the fee",
        "redress": [{"type": "refund", "amount": amount, "currency": currency}],
    }


def _proposed(people: dict[str, User], amount: str, currency: str) -> Any:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    act(complaint, "propose_resolution", by=people["handler"], payload=_plan(amount, currency))
    return complaint


def _approve(api: Any, who: str, complaint: Any) -> Any:
    return api(who).post(f"/api/v1/complaints/{complaint.reference}/actions/approve_resolution/", {}, format="json")


def test_an_actor_has_a_limit_in_each_of_its_currencies() -> None:
    actor = Actor(
        kind="staff",
        role=Role.APPROVER,
        approval_limit=Decimal("50000"),
        approval_currency="CNY",
        more_approval_limits=(("GBP", Decimal("5000")),),
    )
    assert (actor.limit_in("CNY"), actor.limit_in("GBP"), actor.limit_in("USD")) == (
        Decimal("50000"),
        Decimal("5000"),
        None,
    )


def test_an_actor_from_limits_already_read_is_the_same_actor_and_reads_nothing(
    people: dict[str, User], django_assert_num_queries: Any
) -> None:
    ApprovalLimit.objects.create(user=people["approver_small"], currency="GBP", amount=Decimal("5000"))
    ApprovalLimit.objects.create(user=people["approver_small"], currency="EUR", amount=Decimal("700"))
    person = User.objects.prefetch_related("extra_approval_limits").get(username="approver_small")
    with django_assert_num_queries(1):  # read here: the limits in further currencies
        read_here = actor_for(person)
    with django_assert_num_queries(0):
        given = actor_for(
            person, more_limits=[(row.currency, row.amount) for row in person.extra_approval_limits.all()]
        )
    assert given == read_here and given.more_approval_limits == (("EUR", Decimal("700")), ("GBP", Decimal("5000")))


def test_the_people_who_may_approve_a_plan_are_read_in_the_same_queries_however_many(
    people: dict[str, User], django_assert_max_num_queries: Any
) -> None:
    subject = Subject(
        status="investigating", proposer_id=people["handler"].pk, plan_total=Decimal("90"), plan_currency="EUR"
    )
    assert plan_approvers(subject) == []  # no one holds a limit in euros
    for n in range(3):
        user_create(
            username=f"euro_approver_{n}",
            role=Role.APPROVER,
            password="correct horse battery staple",
            more_approval_limits={"EUR": Decimal("100")},
        )
    with django_assert_max_num_queries(2):  # the people, then all their limits
        approvers = plan_approvers(subject)
    assert {p.username for p in approvers} == {"euro_approver_0", "euro_approver_1", "euro_approver_2"}


def test_an_approver_with_a_gbp_limit_approves_a_gbp_plan_within_it(api: Any, people: dict[str, User]) -> None:
    ApprovalLimit.objects.update_or_create(
        user=people["approver"], currency="GBP", defaults={"amount": Decimal("5000")}
    )
    within = _approve(api, "approver", _proposed(people, "4999.99", "GBP"))
    assert within.status_code == 200, within.json()
    beyond = _approve(api, "approver", _proposed(people, "5000.01", "GBP"))
    assert beyond.status_code == 403 and beyond.json()["error"] == "approval_limit"


def test_a_limit_in_one_currency_never_covers_another(api: Any, people: dict[str, User]) -> None:
    # approver_small holds 5,000 CNY only: 10 EUR is not "about 80 CNY", it is not covered at all
    refused = _approve(api, "approver_small", _proposed(people, "10.00", "EUR"))
    assert refused.status_code == 403 and refused.json()["error"] == "approval_limit"


def test_createuser_takes_a_limit_for_each_currency(capsys: Any) -> None:
    call_command(
        "createuser",
        "m.approver",
        "--role",
        "approver",
        "--approval-limit",
        "50000CNY",
        "--approval-limit",
        "5,000 GBP",
        "--token",
    )
    user = User.objects.get(username="m.approver")
    assert user.approval_limits() == {"CNY": Decimal("50000"), "GBP": Decimal("5000")}
    assert user.covers(Decimal("5000"), "GBP") and not user.covers(Decimal("1"), "USD")
    with pytest.raises(CommandError, match="GBP twice"):
        call_command("createuser", "n", "--role", "approver", "--approval-limit", "1GBP", "--approval-limit", "2GBP")
    with pytest.raises(CommandError, match="number"):
        call_command("createuser", "o", "--role", "approver", "--approval-limit", "NaNGBP")
    assert not User.objects.filter(username__in=["n", "o"]).exists()
