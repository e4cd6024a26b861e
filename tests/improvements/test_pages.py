"""The pages: the list and its filters, a suggestion, an action with only the forms the viewer may use."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from redress.accounts.models import User
from redress.improvements.models import ImprovementAction

Browser = Callable[[str], Client]


def _file(browser: Browser, who: str = "handler", **fields: Any) -> ImprovementAction:
    answer = browser(who).post("/improvements/new/", {"title": "Explain fees", "department": "cards", **fields})
    assert answer.status_code == 302, answer.content.decode()
    return ImprovementAction.objects.get(pk=int(answer["Location"].rstrip("/").rsplit("/", 1)[1]))


def _post(browser: Browser, who: str, pk: int, to: str, **fields: Any) -> Client:
    client = browser(who)
    client.post(f"/improvements/{pk}/transition/", {"to": to, **{f"t-{to}-{k}": v for k, v in fields.items()}})
    return client


def test_any_member_of_staff_files_a_suggestion(browser: Browser, people: dict[str, User]) -> None:
    page = browser("intake").get("/improvements/new/")
    assert page.status_code == 200
    action = _file(browser, "intake", reason=["pricing_fees"])
    assert (action.status, action.created_by, action.department.code if action.department else None) == (
        "proposed",
        people["intake"],
        "cards",
    )
    assert [c.code for c in action.codes.all()] == ["pricing_fees"]
    assert browser("intake").post("/improvements/new/", {"title": ""}).status_code == 200  # the form again


def test_the_detail_shows_only_what_the_viewer_may_do(browser: Browser, people: dict[str, User]) -> None:
    action = _file(browser)
    handler_page = browser("handler").get(f"/improvements/{action.pk}/").content.decode()
    assert 'data-to="approved"' not in handler_page
    manager_page = browser("manager").get(f"/improvements/{action.pk}/").content.decode()
    assert 'data-to="approved"' in manager_page and 'data-to="rejected"' in manager_page
    assert "Suggested" in manager_page  # the timeline in words
    assert browser("outsider").get(f"/improvements/{action.pk}/").status_code == 404


def test_the_lifecycle_through_the_pages(browser: Browser, people: dict[str, User]) -> None:
    action = _file(browser)
    _post(browser, "handler", action.pk, "approved", owner=people["handler"].pk, due_on="2027-01-31")
    action.refresh_from_db()
    assert action.status == "proposed"  # a handler decides nothing
    _post(browser, "manager", action.pk, "approved", owner=people["handler"].pk, due_on="2027-01-31")
    action.refresh_from_db()
    assert (action.status, action.owner) == ("approved", people["handler"])
    owner_page = browser("handler").get(f"/improvements/{action.pk}/").content.decode()
    assert 'data-to="in_progress"' in owner_page and 'data-to="approved"' not in owner_page
    _post(browser, "handler", action.pk, "in_progress")
    _post(browser, "handler", action.pk, "done", went_live_on="2026-12-01")
    action.refresh_from_db()
    assert (action.status, str(action.went_live_on)) == ("done", "2026-12-01")
    assert 'data-to="verified"' not in browser("handler").get(f"/improvements/{action.pk}/").content.decode()
    _post(browser, "manager", action.pk, "verified")
    action.refresh_from_db()
    assert action.status == "verified"


def test_rejecting_on_the_page_needs_a_reason(browser: Browser) -> None:
    action = _file(browser)
    client = _post(browser, "compliance", action.pk, "rejected")
    action.refresh_from_db()
    assert action.status == "proposed"
    page = client.get(f"/improvements/{action.pk}/").content.decode()
    assert "Say why the action is rejected." in page
    _post(browser, "compliance", action.pk, "rejected", reason="Duplicate")
    action.refresh_from_db()
    assert (action.status, action.reject_reason) == ("rejected", "Duplicate")


def test_the_list_filters_and_links_from_the_layout(browser: Browser, people: dict[str, User]) -> None:
    first = _file(browser, title="First one")
    _file(browser, title="Second one")
    _post(browser, "manager", first.pk, "approved", owner=people["handler2"].pk, due_on="2020-01-01")
    page = browser("manager").get("/improvements/").content.decode()
    assert 'href="/improvements/"' in page  # the nav link
    assert "First one" in page and "Second one" in page
    overdue = browser("manager").get("/improvements/?overdue=on").content.decode()
    assert "First one" in overdue and "Second one" not in overdue
    proposed = browser("manager").get("/improvements/?status=proposed").content.decode()
    assert "First one" not in proposed and "Second one" in proposed
    owned = browser("manager").get(f"/improvements/?owner={people['handler2'].pk}").content.decode()
    assert "First one" in owned and "Second one" not in owned
    by_department = browser("manager").get("/improvements/?department=loans").content.decode()
    assert "First one" not in by_department
    assert "<td>Proposed</td>" in page and "<td>proposed</td>" not in page  # statuses as labels


def test_comments_on_the_page(browser: Browser) -> None:
    action = _file(browser)
    browser("handler2").post(f"/improvements/{action.pk}/comment/", {"note": "Same on debit cards"})
    assert "Same on debit cards" in browser("manager").get(f"/improvements/{action.pk}/").content.decode()


def test_the_pages_open_in_each_language(browser: Browser, people: dict[str, User]) -> None:
    action = _file(browser, reason=["pricing_fees"])
    for language in ("zh-hans", "zh-hant", "en"):
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        client.force_login(people["manager"])
        for path in ("/improvements/", "/improvements/new/", f"/improvements/{action.pk}/"):
            page = client.get(path)
            assert page.status_code == 200, (language, path)
            assert "pricing_fees</" not in page.content.decode()  # a code is never shown
