"""What surveys adds to the complaints' action path and page, through `redress.complaints.extensions`.

`install()` is called once from `SurveysConfig.ready()`; complaints never imports surveys.
"""

from __future__ import annotations

from typing import Any

from redress.complaints import actions, extensions
from redress.complaints.extensions import LetterExtra, Panel
from redress.complaints.models import Complaint
from redress.surveys.actions import RECORD_FOLLOW_UP
from redress.surveys.selectors import complaint_aftercare
from redress.surveys.services import decision_survey, followups_schedule, survey_url


def decision_letter_survey(complaint: Complaint, letter: str) -> LetterExtra:
    """A new survey for the decision: its link in the letter (the handler's edited text too), its id on the event."""
    survey, edited = decision_survey(complaint=complaint, letter=letter)
    return LetterExtra(context={"survey_url": survey_url(survey)}, letter=edited, data={"survey": survey.pk})


def follow_up_on_close(complaint: Complaint) -> dict[str, Any]:
    """Schedule the follow-up visit the rules ask for; its due date goes on the closing event."""
    task = followups_schedule(complaint=complaint)
    return {"follow_up_due_on": task.due_on.isoformat()} if task else {}


def _aftercare(complaint: Complaint) -> dict[str, Any]:
    return {"aftercare": complaint_aftercare(complaint)}


AFTERCARE_PANEL = Panel(template="surveys/panel.html", context=_aftercare)


def install() -> None:
    actions.register(RECORD_FOLLOW_UP, before="export")
    extensions.decision_letter_extras.add(decision_letter_survey)
    extensions.on_close.add(follow_up_on_close)
    extensions.page_panels.add(AFTERCARE_PANEL)
