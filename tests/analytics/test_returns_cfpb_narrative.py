"""The `us-cfpb` narrative of our own complaints: only with the customer's consent, personal data removed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from redress.analytics.returns import RETURNS
from redress.complaints.models import Complaint
from redress.complaints.services.consent import narrative_consent_withdraw
from redress.complaints.services.registration import CustomerDetails, Registration, complaint_register
from redress.complaints.workflow import Actor

pytestmark = pytest.mark.django_db
NOV = (date(2026, 11, 1), date(2026, 11, 30))
CUSTOMER = CustomerDetails(
    name="Mary Quinlan",
    id_number="123-45-6789",
    phone="+1 212 555 0147",
    email="mary.q@example.com",
    address="12 Elm Street, Springfield",
)
TEXT = (
    "I am Mary Quinlan. The bank charged my card twice for the annual fee. Call me on 212-555-0147 "
    "or write to mary.q@example.com; my SSN is 123-45-6789."
)


def register(day: int, *, consent: bool) -> str:
    registration = Registration(
        channel="web",
        customer=CUSTOMER,
        description=TEXT,
        received_at=datetime(2026, 11, day, 15, tzinfo=UTC),
        jurisdiction="US-CFPB",
        language="en",
        narrative_consent=consent,
    )
    complaint, _created = complaint_register(registration=registration, actor=Actor(kind="customer"))
    return complaint.reference


def rows() -> dict[str, dict[str, Any]]:
    return {row["complaint_id"]: row for row in RETURNS["us-cfpb"].rows(*NOV)}


def test_with_consent_the_narrative_is_the_description_without_personal_data() -> None:
    reference = register(2, consent=True)
    narrative = rows()[reference]["narrative"]
    assert "charged my card twice for the annual fee" in narrative
    for datum in ("Mary", "Quinlan", "555", "0147", "mary.q@example.com", "6789"):
        assert datum not in narrative
    assert "[person's name]" in narrative and "[phone number]" in narrative
    assert "⟦" not in narrative  # the markers are shown as labels


def test_without_consent_the_narrative_stays_empty() -> None:
    given, refused = register(2, consent=True), register(3, consent=False)
    found = rows()
    assert found[given]["narrative"]
    assert found[refused]["narrative"] == ""


def test_a_withdrawn_consent_empties_the_narrative() -> None:
    reference = register(2, consent=True)
    complaint = Complaint.objects.get(reference=reference)
    assert narrative_consent_withdraw(complaint=complaint, actor=Actor(kind="customer")) is True
    assert rows()[reference]["narrative"] == ""
