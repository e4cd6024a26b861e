"""The order of the sections of the complaint page: the one that matters for the state and the reader first.

An approver reaches the plan without scrolling past triage and registration; a handler about to tell
the customer sees the plan and the letters first; a new complaint opens on its text and the triage
panel. Sections an app above complaints adds (`extensions.page_panels`) come after the plan.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from redress.complaints.choices import Status

_INCLUDES = "complaints/includes/"
DUPLICATES = _INCLUDES + "section_duplicates.html"  # a banner (empty when no duplicate is linked): always first
COMPLAINT = _INCLUDES + "section_complaint.html"
TRIAGE = _INCLUDES + "section_triage.html"
DEADLINES = _INCLUDES + "deadlines.html"
REGISTRATION = _INCLUDES + "section_registration.html"
CUSTOMER = _INCLUDES + "section_customer.html"
PLAN = _INCLUDES + "section_plan.html"
TIMELINE = _INCLUDES + "section_timeline.html"
LETTERS = _INCLUDES + "section_letters.html"
EVIDENCE = _INCLUDES + "section_evidence.html"
PANELS = "panels"  # where the upper apps' sections go

_DEFAULT = (DUPLICATES, COMPLAINT, TRIAGE, DEADLINES, REGISTRATION, CUSTOMER, PLAN, PANELS, TIMELINE, LETTERS, EVIDENCE)
# What comes first, by what this reader may do now, then by the complaint's state.
_BY_ACTION = (
    ("approve_resolution", (PLAN, COMPLAINT, EVIDENCE, DEADLINES)),
    ("notify_customer", (PLAN, LETTERS, COMPLAINT, CUSTOMER)),
    ("triage", (COMPLAINT, TRIAGE, REGISTRATION, CUSTOMER)),
    ("propose_resolution", (COMPLAINT, EVIDENCE, DEADLINES, TIMELINE)),
    ("revise_resolution", (PLAN, COMPLAINT, EVIDENCE, TIMELINE)),
)
_BY_STATUS = {
    Status.INVESTIGATING: (COMPLAINT, EVIDENCE, DEADLINES, TIMELINE),
    Status.CUSTOMER_NOTIFIED: (LETTERS, PANELS, PLAN, COMPLAINT),
    Status.REVIEW_REQUESTED: (PANELS, LETTERS, PLAN, COMPLAINT, TIMELINE),
    Status.CLOSED: (COMPLAINT, PLAN, LETTERS, PANELS, TIMELINE),
}


def page_sections(status: str, allowed: Collection[str], panels: Iterable[str]) -> list[str]:
    """The templates of the page's sections, in order, the upper apps' panels in the place of PANELS."""
    first: tuple[str, ...] = ()
    for action, order in _BY_ACTION:
        if action in allowed:
            first = order
            break
    else:
        first = _BY_STATUS.get(Status(status), ()) if status in Status.values else ()
    names = list(dict.fromkeys((DUPLICATES, *first, *_DEFAULT)))
    sections: list[str] = []
    for name in names:
        sections.extend(panels if name == PANELS else [name])
    return sections
