"""What the case library adds to the complaint page, through `redress.complaints.extensions`.

`install()` is called once from `CasebookConfig.ready()`; complaints never imports the casebook.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from redress.casebook.selectors import case_of_complaint, guides_for_business
from redress.complaints import extensions
from redress.complaints.extensions import Panel
from redress.complaints.selectors import complaint_closed

if TYPE_CHECKING:
    from redress.complaints.models import Complaint


def _guidance(complaint: Complaint) -> dict[str, Any]:
    return {
        "casebook_guides": guides_for_business(complaint.business),
        "casebook_case": case_of_complaint(complaint),
        "casebook_closed": complaint_closed(complaint),
    }


GUIDANCE_PANEL = Panel(template="casebook/panel.html", context=_guidance)


def install() -> None:
    extensions.page_panels.add(GUIDANCE_PANEL)
