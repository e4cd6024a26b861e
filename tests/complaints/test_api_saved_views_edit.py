"""PATCH /api/v1/views/{id}/: the owner renames a saved view, gives it new filters or sort, shares it (managers)
or makes it personal; errors name the field, in the caller's language."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.models import User
from redress.complaints.api.queue import SavedViewOut
from redress.complaints.models import SavedView
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def test_the_owner_changes_name_filters_and_sort(api: Any, people: dict[str, User]) -> None:
    view = SavedView.objects.create(owner=people["handler"], name="逾期", query="due=overdue")
    client = api("handler")
    response = client.patch(f"/api/v1/views/{view.pk}/", {"name": "我的逾期"}, format="json")
    assert response.status_code == 200
    assert_shape(SavedViewOut, response.json())
    assert response.json() | {"id": 0} == {
        "id": 0,
        "name": "我的逾期",
        "query": "due=overdue",
        "shared": False,
        "owner": "handler",
        "mine": True,
    }
    body = client.patch(f"/api/v1/views/{view.pk}/", {"query": "mine=1&sort=-received&after=9"}, format="json").json()
    assert body["query"] == "mine=1&sort=-received" and body["name"] == "我的逾期"
    listed = client.get("/api/v1/views/").json()["results"]
    assert [(v["name"], v["query"]) for v in listed] == [("我的逾期", "mine=1&sort=-received")]


def test_sharing_is_for_managers_and_the_owner_unshares(api: Any, people: dict[str, User]) -> None:
    mine = SavedView.objects.create(owner=people["handler"], name="Mine", query="")
    refused = api("handler").patch(f"/api/v1/views/{mine.pk}/", {"shared": True}, format="json")
    assert refused.status_code == 403
    team = SavedView.objects.create(owner=people["manager"], name="Team", query="assignee=none")
    assert api("manager").patch(f"/api/v1/views/{team.pk}/", {"shared": True}, format="json").json()["shared"]
    assert [v["name"] for v in api("handler2").get("/api/v1/views/").json()["results"]] == ["Team"]
    assert api("handler2").patch(f"/api/v1/views/{team.pk}/", {"name": "x"}, format="json").status_code == 404
    assert not api("manager").patch(f"/api/v1/views/{team.pk}/", {"shared": False}, format="json").json()["shared"]
    assert api("handler2").get("/api/v1/views/").json()["results"] == []


@pytest.mark.parametrize(
    ("language", "words"),
    [("en", "You already have a view of this name."), ("zh-hans", "您已有同名视图。"), ("zh-hant", "您已有同名檢視。")],
)
def test_a_name_taken_or_blank_is_a_400_naming_the_field(
    api: Any, people: dict[str, User], language: str, words: str
) -> None:
    SavedView.objects.create(owner=people["handler"], name="Taken", query="")
    view = SavedView.objects.create(owner=people["handler"], name="Mine", query="due=overdue")
    client = api("handler")
    taken = client.patch(f"/api/v1/views/{view.pk}/", {"name": "Taken"}, format="json", HTTP_ACCEPT_LANGUAGE=language)
    assert taken.status_code == 400 and words in str(taken.json())
    blank = client.patch(f"/api/v1/views/{view.pk}/", {"name": ""}, format="json")
    assert blank.status_code == 400 and "name" in str(blank.json())
    view.refresh_from_db()
    assert (view.name, view.query) == ("Mine", "due=overdue")
