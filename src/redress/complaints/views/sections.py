"""The order of the sections of the complaint page: the one that matters for the state and the reader first.

An approver reaches the plan without scrolling past triage and registration, and the approval form right
under it; a handler about to tell the customer sees the letter (with its preview) first, then the plan; a
new complaint opens on its text and the triage panel. Sections an app above complaints adds
(`extensions.page_panels`) come after the plan.

NEXT_STEP is the wide form of this reader's one or two primary actions (`primary_actions`): the header's
buttons lead to it, and the other actions stay in the side column.
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
NEXT_STEP = _INCLUDES + "next_step.html"
PANELS = "panels"  # where the upper apps' sections go

_DEFAULT = (
    DUPLICATES,
    NEXT_STEP,
    COMPLAINT,
    TRIAGE,
    DEADLINES,
    REGISTRATION,
    CUSTOMER,
    PLAN,
    PANELS,
    TIMELINE,
    LETTERS,
    EVIDENCE,
)
# What comes first, by what this reader may do now, then by the complaint's state.
_BY_ACTION = (
    ("approve_resolution", (PLAN, NEXT_STEP, COMPLAINT, EVIDENCE, DEADLINES)),
    ("notify_customer", (NEXT_STEP, PLAN, LETTERS, COMPLAINT, CUSTOMER)),
    ("triage", (COMPLAINT, TRIAGE, NEXT_STEP, REGISTRATION, CUSTOMER)),
    ("revise_resolution", (PLAN, NEXT_STEP, COMPLAINT, EVIDENCE, TIMELINE)),  # after a rejection
    ("propose_resolution", (COMPLAINT, NEXT_STEP, EVIDENCE, DEADLINES, TIMELINE)),
)
# The actions that move a complaint on, most pressing first: the header shows the first two this reader may
# take (an approver: approve and reject; a handler with an approved plan: notify the customer).
PRIMARY = (
    "approve_resolution",
    "reject_resolution",
    "notify_customer",
    "revise_resolution",
    "propose_resolution",
    "triage",
    "assign",
    "start_investigation",
    "resume",
    "record_satisfaction",
    "close",
)
# Pairs that go together; any other primary action stands alone as the one next step.
_PAIRED = {"approve_resolution": "reject_resolution"}
_BY_STATUS = {
    Status.INVESTIGATING: (COMPLAINT, EVIDENCE, DEADLINES, TIMELINE),
    Status.RESOLUTION_PROPOSED: (PLAN, COMPLAINT, EVIDENCE),
    Status.RESOLUTION_APPROVED: (PLAN, LETTERS, COMPLAINT),
    Status.CUSTOMER_NOTIFIED: (LETTERS, PANELS, PLAN, COMPLAINT),
    Status.REVIEW_REQUESTED: (PANELS, LETTERS, PLAN, COMPLAINT, TIMELINE),
    Status.CLOSED: (COMPLAINT, PLAN, LETTERS, PANELS, TIMELINE),
}


def primary_actions(allowed: Collection[str], status: str = "") -> list[str]:
    """The one or two actions the header offers this reader now, from those allowed (in PRIMARY's order).

    A plan awaiting approval is the approver's step: its handler may still revise it, at the side."""
    waiting = {"revise_resolution"} if status == Status.RESOLUTION_PROPOSED else set()
    first = next((name for name in PRIMARY if name in allowed and name not in waiting), None)
    if first is None:
        return []
    pair = _PAIRED.get(first)
    return [first, pair] if pair and pair in allowed else [first]


def page_sections(status: str, allowed: Collection[str], panels: Iterable[str]) -> list[str]:
    """The templates of the page's sections, in order, the upper apps' panels in the place of PANELS."""
    first: tuple[str, ...] = ()
    for action, leading in _BY_ACTION:
        if action in allowed:
            first = leading
            break
    else:
        first = _BY_STATUS.get(Status(status), ()) if status in Status.values else ()
    names = list(dict.fromkeys((DUPLICATES, *first, *_DEFAULT)))
    sections: list[str] = []
    for name in names:
        sections.extend(panels if name == PANELS else [name])
    return sections
