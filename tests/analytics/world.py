"""Hand-built complaints for the dashboard, each walked through the real lifecycle."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint


def _received(days_ago: int) -> Any:
    return timezone.now() - timedelta(days=days_ago)


def make_world(people: dict[str, User]) -> dict[str, Complaint]:
    """Five complaints (CN-NFRA: a 15-calendar-day decision clock; UK-FCA: 8 weeks):

    - closed_upheld: bank_card / pricing_fees, received 10 days ago, closed today, upheld, CNY 200, satisfied;
    - closed_fast: bank_card / service_quality, received and closed today, not upheld, no redress, satisfied;
    - open_new: loan / service_quality, received 2 days ago, investigating (cards);
    - open_breached: loan / pricing_fees, received 20 days ago, assigned in the loans department;
    - open_uk: UK-FCA, savings / pricing_fees, received 50 days ago (past 80 % of 56 days), assigned (cards).
    """
    intake = people["intake"]
    closed_upheld = walk(
        register(by=intake, received_at=_received(10)),
        "closed",
        people,
        {"business": "bank_card", "reason": "pricing_fees"},
    )
    fast = walk(register(by=intake), "investigating", people, {"business": "bank_card", "reason": "service_quality"})
    act(
        fast,
        "propose_resolution",
        by=people["handler"],
        payload={
            "outcome": "not_upheld",
            "reason": "service_quality",
            "root_cause": "customer_misunderstanding",
            "summary": "经核实，收费符合合同约定。",
            "redress": [],
            "improvements": [],
        },
    )
    closed_fast = walk(Complaint.objects.get(pk=fast.pk), "closed", people)
    open_new = walk(
        register(by=intake, received_at=_received(2)),
        "investigating",
        people,
        {"business": "loan", "reason": "service_quality"},
    )
    breached = walk(
        register(by=intake, received_at=_received(20)),
        "triaged",
        people,
        {"business": "loan", "reason": "pricing_fees"},
    )
    open_breached = act(breached, "assign", by=people["manager"], payload={"assignee": "outsider"})
    open_uk = walk(
        register(by=intake, received_at=_received(50), jurisdiction="UK-FCA"),
        "assigned",
        people,
        {"business": "savings", "reason": "pricing_fees"},
    )
    return {
        "closed_upheld": closed_upheld,
        "closed_fast": closed_fast,
        "open_new": open_new,
        "open_breached": open_breached,
        "open_uk": open_uk,
    }
