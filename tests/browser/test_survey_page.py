"""The customer's survey page, walked in Chromium: answer, not satisfied, ask for a review; then once only."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.personas import ensure_personas
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.surveys.models import Survey
from redress.surveys.services import survey_token

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _notified(language: str) -> tuple[Complaint, str]:
    people = ensure_personas()
    complaint = walk(register(by=people["intake"], language=language), "customer_notified", people)
    survey = Survey.objects.filter(complaint=complaint).latest("id")
    return complaint, survey_token(survey)


@pytest.mark.slow
def test_a_customer_answers_and_asks_for_a_review(live_server: Any, browser_page: Any) -> None:
    # Database work first: Playwright's event loop owns this thread while the browser runs.
    complaint, token = _notified("en")
    url = f"{live_server.url}/survey/{token}/"
    page = browser_page

    page.goto(url)
    assert page.locator("h1").inner_text() == "How did we do?"
    assert complaint.reference in page.content()
    page.get_by_label("Not satisfied").check()
    page.get_by_label("2", exact=True).check()
    page.get_by_label("Anything you would like to tell us (optional)").fill("The refund came late.")
    page.get_by_role("button", name="Send my answer").click()
    page.wait_for_selector("text=Thank you for your answer")

    page.get_by_label("What should we look at again?").fill("Please add the interest I lost.")
    page.get_by_role("button", name="Request a review").click()
    page.wait_for_selector("text=We will review the decision")

    complaint.refresh_from_db()
    assert (complaint.status, complaint.satisfaction, complaint.satisfaction_score) == (
        "review_requested",
        "dissatisfied",
        2,
    )

    page.goto(url)  # the link answers once
    assert page.locator("h1").inner_text() == "You have already answered"
    assert page.get_by_role("button", name="Request a review").count() == 0
    forged = page.goto(f"{live_server.url}/survey/{token[:-3]}abc/")
    assert forged is not None and forged.status == 404
    assert page.locator("h1").inner_text() == "We could not find this survey"


@pytest.mark.slow
def test_the_survey_speaks_the_customers_language(live_server: Any, browser_page: Any) -> None:
    _, token = _notified("zh-hant")
    page = browser_page
    page.goto(f"{live_server.url}/survey/{token}/")
    assert page.locator("html").get_attribute("lang") == "zh-hant"
    page.get_by_label("滿意", exact=True).check()
    page.get_by_role("button", name="送出").click()
    page.wait_for_selector("h1")
    assert "謝謝" in page.locator("h1").inner_text()
