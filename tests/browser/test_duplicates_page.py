"""A possible duplicate in Chromium: the banner, the two complaints side by side, and merging from the banner."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register
from redress.complaints.models import Complaint

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _signed_in(page: Any, live_server: Any, user: User) -> None:
    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


@pytest.mark.slow
def test_compare_then_merge_from_the_banner(live_server: Any, browser_page: Any, people: dict[str, User]) -> None:
    first = register(by=people["intake"])
    second = register(by=people["intake"], description=first.description + "（再次来电）")
    page = browser_page
    _signed_in(page, live_server, people["manager"])
    page.goto(f"{live_server.url}/complaints/{second.reference}/")
    banner = page.locator("[data-section=duplicates]")
    assert banner.is_visible()
    assert first.reference in banner.inner_text()

    banner.get_by_role("link", name="Compare side by side").click()
    page.wait_for_url(f"**/complaints/{second.reference}/duplicate/{first.reference}/")
    assert page.locator("[data-side]").count() == 2
    assert "138****5678" in page.locator(f"[data-side='{first.reference}']").inner_text()

    page.go_back()
    page.on("dialog", lambda dialog: dialog.accept())  # the banner asks before merging
    page.locator("[data-section=duplicates] button", has_text=first.reference).click()
    page.locator(".badge.status-ended").first.wait_for()
    assert Complaint.objects.get(pk=second.pk).merged_into_id == first.pk
