"""The complaint page's next step, walked in Chromium: the approver sees the plan and the approve button on
the first screen; the handler previews the letter before telling the customer; the plan's redress rows are
added and removed by the page's script (under the Content-Security-Policy)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from redress.accounts.models import User
from redress.accounts.personas import ensure_personas
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.correspondence.models import OutboxMessage
from tests.browser.conftest import wait_until

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
SCREEN = {"width": 1366, "height": 768}


def _signed_in(page: Any, live_server: Any, user: User) -> None:
    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])
    page.set_viewport_size(SCREEN)


def _on_first_screen(page: Any, selector: str) -> bool:
    box = page.locator(selector).first.bounding_box()
    return box is not None and 0 <= box["y"] < SCREEN["height"]


def _complaint(state: str) -> tuple[dict[str, User], Complaint]:
    people = ensure_personas()
    return people, walk(register(by=people["intake"]), state, people)


@pytest.mark.slow
def test_the_approver_sees_the_plan_and_approves_from_the_header(live_server: Any, browser_page: Any) -> None:
    people, complaint = _complaint("resolution_proposed")
    page = browser_page
    _signed_in(page, live_server, people["approver"])
    page.goto(f"{live_server.url}/complaints/{complaint.reference}/")
    assert _on_first_screen(page, "#h-plan")  # the plan, without scrolling
    assert _on_first_screen(page, '[data-primary-action="approve_resolution"]')
    assert page.locator("#h-plan ~ .table-wrap, #h-plan").count() >= 1
    page.locator('[data-primary-action="approve_resolution"]').click()
    form = page.locator("#act-approve_resolution")
    assert form.is_visible()
    form.get_by_role("button", name="Approve resolution").click()
    page.wait_for_selector("text=was recorded")
    complaint.refresh_from_db()
    assert complaint.status == "resolution_approved"


@pytest.mark.slow
def test_the_handler_previews_the_letter_then_notifies(live_server: Any, browser_page: Any) -> None:
    people, complaint = _complaint("resolution_approved")
    page = browser_page
    _signed_in(page, live_server, people["handler"])
    page.goto(f"{live_server.url}/complaints/{complaint.reference}/")
    assert _on_first_screen(page, "#h-act-notify_customer")  # the letter first
    assert page.locator('[data-primary-action="notify_customer"]').is_visible()
    letter = page.locator('textarea[name="notify_customer-letter"]')
    letter.fill(letter.input_value().rstrip() + "\n\n如有疑问，请致电客服。")
    page.get_by_role("button", name="Preview the letter").click()
    page.wait_for_selector("iframe.letter-frame")
    frame = page.frame_locator("iframe.letter-frame")
    frame.get_by_text("如有疑问，请致电客服。").wait_for()  # the e-mail's HTML, as the customer will see it
    assert complaint.reference in page.locator('[data-preview="subject"]').inner_text()
    page.locator("#act-notify_customer").get_by_role("button", name="Notify customer").click()
    page.wait_for_selector("text=was recorded")
    sent = OutboxMessage.objects.get(letter__complaint=complaint, letter__kind="final_decision")
    assert "如有疑问，请致电客服。" in sent.body


@pytest.mark.slow
def test_redress_rows_are_added_and_removed(live_server: Any, browser_page: Any) -> None:
    people, complaint = _complaint("investigating")
    page = browser_page
    _signed_in(page, live_server, people["handler"])
    page.goto(f"{live_server.url}/complaints/{complaint.reference}/")
    form = page.locator("#act-propose_resolution")
    rows = form.locator("tbody tr[data-redress-row]")
    assert rows.count() == 3
    for _ in range(4):
        form.get_by_role("button", name="Add a row").click()
    wait_until(page, "document.querySelectorAll('#act-propose_resolution tbody tr[data-redress-row]').length === 7")
    for i in range(7):
        form.locator(f'select[name="propose_resolution-redress_{i}_type"]').select_option("refund")
        form.locator(f'input[name="propose_resolution-redress_{i}_amount"]').fill(f"{i + 1}0")
    rows.nth(1).get_by_role("button", name="Remove").click()  # the 20: the rows after it are numbered again
    assert rows.count() == 6
    assert form.locator('input[name="propose_resolution-redress_5_amount"]').input_value() == "70"
    form.get_by_label("Outcome").select_option("upheld")
    form.get_by_label("Summary").fill("Refund of the fees.")
    form.locator('select[name="propose_resolution-reason"]').select_option(index=1)
    form.locator('select[name="propose_resolution-root_cause"]').select_option(index=1)
    form.get_by_role("button", name="Propose resolution").click()
    page.wait_for_selector("text=was recorded")
    plan = complaint.plans.get()
    assert sorted(int(i.amount) for i in plan.items.all()) == [10, 30, 40, 50, 60, 70]
