"""The customer's tracking page on a 390 px phone, in Chromium: no sideways scrolling, letters wrap; a message."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.personas import ensure_personas
from redress.audit.models import Event
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint
from redress.intake.services import tracking_secret_issue

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _with_letters(language: str) -> tuple[Complaint, str]:
    people = ensure_personas()
    complaint = walk(register(by=people["intake"], language=language), "investigating", people)
    # A letter with a long unbroken line (an account statement, a link): it must wrap, not widen the page.
    act(
        complaint,
        "message_customer",
        by=people["handler"],
        payload={
            "message_kind": "progress_update",
            "channel": "email",
            "message": "https://bank.example/statements/" + "0123456789" * 12 + "\n" + "很长的一行文字" * 30,
        },
    )
    return complaint, tracking_secret_issue(complaint)


@pytest.mark.slow
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_tracking_page_fits_a_390_px_phone(live_server: Any, browser_page: Any, language: str) -> None:
    complaint, secret = _with_letters(language)
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/complaints/track/?reference={complaint.reference}")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.fill("#id_secret", secret)
    page.locator("form.register-form button[type=submit]").click()
    page.wait_for_selector("pre.letter-body")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    # The letter is all there, wrapped within the page.
    assert (
        page.evaluate(
            "Math.max(...[...document.querySelectorAll('pre.letter-body')].map(e => e.getBoundingClientRect().right))"
        )
        <= 390
    )
    assert "0123456789" * 12 in page.locator("pre.letter-body").last.inner_text().replace("\n", "")

    page.fill("#id_text", "I have posted the statement today.")
    page.locator("form[action$='/message/'] button[type=submit]").click()
    page.wait_for_selector(".customer-message")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    page.locator("#withdraw summary").click()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    assert Event.objects.filter(complaint=complaint, kind="customer_message").count() == 1
