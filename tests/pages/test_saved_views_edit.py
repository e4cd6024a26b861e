"""A saved view is changed from the queue: renamed, given the filters and sort shown now, shared or made
personal again (sharing: managers only), in each language; someone else's view is not theirs to change."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages

from redress.complaints.models import SavedView
from tests.pages.helpers import html

pytestmark = pytest.mark.django_db

CHANGED = {"en": "View “%s” changed.", "zh-hans": "视图“%s”已修改。", "zh-hant": "檢視「%s」已修改。"}
FORM_WORDS = {
    "en": "Use the filters and sort shown now",
    "zh-hans": "改用当前显示的筛选条件和排序",
    "zh-hant": "改用目前顯示的篩選條件和排序",
}


@pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
def test_the_owner_renames_a_view_and_gives_it_the_filters_shown_now(browser: Any, people: Any, language: str) -> None:
    view = SavedView.objects.create(owner=people["handler"], name="Overdue", query="f=1&due=overdue")
    handler = browser("handler", language)
    page = html(handler.get("/", {"f": "1", "due": "overdue"}))
    assert f'action="/complaints/views/{view.pk}/edit/"' in page and FORM_WORDS[language] in page
    assert 'name="shared"' not in page.split(f"/complaints/views/{view.pk}/edit/")[1].split("</form>")[0]
    response = handler.post(
        f"/complaints/views/{view.pk}/edit/", {"name": "Mine, by due", "back": "f=1&mine=1&sort=due&before=3"}
    )
    assert response.status_code == 302
    view.refresh_from_db()
    assert (view.name, view.query) == ("Mine, by due", "f=1&due=overdue")  # the filters stay unless asked
    response = handler.post(
        f"/complaints/views/{view.pk}/edit/",
        {"name": "Mine, by due", "back": "f=1&mine=1&sort=due&before=3", "use_current": "on"},
    )
    view.refresh_from_db()
    assert view.query == "f=1&mine=1&sort=due" and not view.shared
    assert response["Location"] == "/?f=1&mine=1&sort=due"
    assert [str(m) for m in get_messages(response.wsgi_request)][-1] == CHANGED[language] % "Mine, by due"


def test_only_a_manager_shares_and_unshares_and_only_the_owner_changes(browser: Any, people: Any) -> None:
    mine = SavedView.objects.create(owner=people["handler"], name="Mine", query="f=1")
    browser("handler").post(
        f"/complaints/views/{mine.pk}/edit/", {"name": "Mine", "shared": "on", "sharing_shown": "1"}
    )
    mine.refresh_from_db()
    assert not mine.shared  # refused: the handler may not share
    team = SavedView.objects.create(owner=people["manager"], name="Team", query="f=1")
    manager = browser("manager")
    assert 'name="shared"' in html(manager.get("/"))
    manager.post(f"/complaints/views/{team.pk}/edit/", {"name": "Team", "shared": "on", "sharing_shown": "1"})
    team.refresh_from_db()
    assert team.shared and "Team" in html(browser("handler2").get("/"))
    browser("handler2").post(f"/complaints/views/{team.pk}/edit/", {"name": "Taken", "sharing_shown": "1"})
    team.refresh_from_db()
    assert (team.name, team.shared) == ("Team", True)
    manager.post(f"/complaints/views/{team.pk}/edit/", {"name": "Team", "sharing_shown": "1"})
    team.refresh_from_db()
    assert not team.shared and "Team" not in html(browser("handler2").get("/"))


def test_a_name_taken_or_blank_is_refused_and_nothing_changes(browser: Any, people: Any) -> None:
    SavedView.objects.create(owner=people["handler"], name="Taken", query="f=1")
    view = SavedView.objects.create(owner=people["handler"], name="Mine", query="f=1&due=overdue")
    handler = browser("handler")
    for name in ("Taken", ""):
        response = handler.post(
            f"/complaints/views/{view.pk}/edit/", {"name": name, "use_current": "on", "back": "f=1"}
        )
        assert response.status_code == 302 and list(get_messages(response.wsgi_request))
        view.refresh_from_db()
        assert (view.name, view.query) == ("Mine", "f=1&due=overdue")
