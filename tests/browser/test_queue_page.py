"""The queue in Chromium at 1440 × 900: at least 25 complaints on the first screen, without scrolling."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VISIBLE_ROWS = """() => {
  const rows = [...document.querySelectorAll('#queue-table tbody tr')];
  const inside = r => { const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; };
  return rows.filter(inside).length;
}"""


def _signed_in(page: Any, live_server: Any, user: User) -> None:
    client = Client()
    client.force_login(user)
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}
    page.context.add_cookies([{**cookie, "url": live_server.url}])


@pytest.mark.slow
def test_twenty_five_rows_on_one_screen_at_1440_by_900(
    live_server: Any, browser_page: Any, people: dict[str, User], tmp_path: Any
) -> None:
    for n in range(40):
        register(by=people["intake"], description=f"信用卡年费重复扣取，第{n}次来电，要求退还并说明原因。" * 3)
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    _signed_in(page, live_server, people["manager"])
    page.goto(f"{live_server.url}/?f=1")
    page.screenshot(path=str(tmp_path / "queue.png"))
    shown = page.evaluate(VISIBLE_ROWS)
    assert shown >= 25, shown
    # Each row holds its summary on one line: the long descriptions do not make rows taller.
    heights = page.evaluate(
        "() => [...document.querySelectorAll('#queue-table tbody tr')].map(r => r.getBoundingClientRect().height)"
    )
    assert max(heights) - min(heights) < 2, heights
