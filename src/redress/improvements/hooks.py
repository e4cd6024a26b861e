"""What improvements adds to the apps below it, through their registries; they never import improvements.

`install()` is called once from `ImprovementsConfig.ready()`.
"""

from __future__ import annotations

from typing import Any

from redress.analytics import extensions as analytics_extensions
from redress.analytics.extensions import BoardSection
from redress.complaints import extensions
from redress.complaints.extensions import Panel
from redress.complaints.models import Complaint
from redress.improvements.board import board_section
from redress.improvements.selectors import actions_of_complaint, is_overdue, status_label
from redress.improvements.services import improvements_from_plan


def _panel(complaint: Complaint) -> dict[str, Any]:
    actions = actions_of_complaint(complaint.pk)
    return {
        "improvement_actions": [
            {"action": a, "status_label": status_label(a.status), "overdue": is_overdue(a)} for a in actions
        ],
        "improvement_new_query": f"?source=complaint&ref={complaint.reference}",
    }


IMPROVEMENTS_PANEL = Panel(template="improvements/panel.html", context=_panel)
BOARD_SECTION = BoardSection(key="improvements", build=board_section)


def install() -> None:
    extensions.on_plan_approved.add(improvements_from_plan)
    extensions.page_panels.add(IMPROVEMENTS_PANEL)
    analytics_extensions.board_sections.add(BOARD_SECTION)
