"""The snapshot of a teaching case: a closed complaint with its personal data taken out of every text.

The scrubber is always given the complaint's own personal values (`known`): the guarantee that the
customer's name, numbers and addresses are gone does not rest on its pattern rules alone. The
complaint's reference is taken out too (it leads back to the customer), and evidence is left out
(its file names are the customer's).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from redress.complaints.selectors import complaint_case_material, complaint_personal_values
from redress.correspondence.selectors import decision_letter_last
from redress.privacy.scrubber import scrub

if TYPE_CHECKING:
    from redress.complaints.models import Complaint

REFERENCE_REMOVED = "…"


class Scrubber:
    """Scrubs the texts of one complaint with its own personal values known."""

    def __init__(self, complaint: Complaint) -> None:
        self.known = tuple(complaint_personal_values(complaint))
        self.reference = complaint.reference

    def __call__(self, text: str) -> str:
        return scrub((text or "").replace(self.reference, REFERENCE_REMOVED), known=self.known).strip()


def case_snapshot(complaint: Complaint) -> dict[str, Any]:
    """The fields of a `TeachingCase` snapshot: texts scrubbed, codes, redress, dates to the day."""
    clean = Scrubber(complaint)
    material = complaint_case_material(complaint)
    letter = decision_letter_last(complaint)
    return {
        "description": clean(material["description"]),
        "desired_outcome": clean(material["desired_outcome"]),
        "findings": "\n\n".join(clean(note) for note in material["notes"]),
        "plan_summary": clean(material["plan_summary"]),
        "letter": clean(letter.body) if letter else "",
        # Amounts and currencies are not personal; as decimal strings, exact.
        "redress": [
            {"type": item["type"], "amount": str(item["amount"]), "currency": item["currency"]}
            for item in material["redress"]
        ],
        **{
            key: material[key]
            for key in ("outcome", "business", "product", "reason", "root_cause", "jurisdiction", "channel")
        },
        "received_on": material["received_on"],
        "closed_on": material["closed_on"],
    }
