"""The in-app notifications through the API: the caller's own, newest first, and marking them read."""

from __future__ import annotations

from typing import Any

import pytest

from redress.accounts.models import User
from redress.complaints.lifecycle import register
from redress.notifications.api.serializers import MarkedReadOut, NotificationsOut
from redress.notifications.models import Notification
from redress.notifications.services import managers_notify
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def test_a_person_reads_their_own_notifications_with_every_alert(api: Any, people: dict[str, User]) -> None:
    manager = people["manager"]
    items = [["CMP-20261128-000001", "decision"], ["CMP-20261128-000002", "first_contact"]]
    digest = Notification.objects.create(user=manager, kind="deadline_breached", message="m", items=items)
    complaint = register(by=people["intake"])
    managers_notify(complaint=complaint, kind="review_requested", params={})
    Notification.objects.create(user=people["handler"], kind="deadline_warning", message="not theirs", items=[])

    body = api("manager").get("/api/v1/notifications/").json()
    assert_shape(NotificationsOut, body)
    assert body["unread"] == 2
    newest, older = body["results"]
    assert newest["kind"] == "review_requested" and newest["complaint"] == complaint.reference
    assert newest["alerts"] == [{"reference": complaint.reference, "clock": None}]
    assert older["id"] == digest.pk and older["complaint"] is None
    assert older["alerts"] == [
        {"reference": "CMP-20261128-000001", "clock": "decision"},
        {"reference": "CMP-20261128-000002", "clock": "first_contact"},
    ]
    assert older["read_at"] is None and older["created_at"]


def test_unread_only_paging_and_marking_read(api: Any, people: dict[str, User]) -> None:
    manager = people["manager"]
    made = [Notification.objects.create(user=manager, kind="deadline_warning", message="m", items=[]) for _ in range(3)]
    client = api("manager")
    first = client.get("/api/v1/notifications/", {"limit": 2}).json()
    assert [n["id"] for n in first["results"]] == [made[2].pk, made[1].pk]
    assert first["next"] == f"/api/v1/notifications/?before={made[1].pk}&limit=2"
    assert_shape(NotificationsOut, first)
    rest = client.get("/api/v1/notifications/", {"before": made[1].pk, "limit": 2}).json()
    assert [n["id"] for n in rest["results"]] == [made[0].pk] and rest["next"] is None

    marked = client.post("/api/v1/notifications/read/").json()
    assert marked == {"marked_read": 3}
    assert_shape(MarkedReadOut, marked)
    assert client.get("/api/v1/notifications/", {"unread": "1"}).json()["results"] == []
    assert client.get("/api/v1/notifications/").json()["unread"] == 0


def test_bad_paging_is_a_clear_400_and_strangers_get_401(api: Any) -> None:
    response = api("manager").get("/api/v1/notifications/", {"before": "x"})
    assert response.status_code == 400 and "before" in response.json()["detail"]
    assert api(None).get("/api/v1/notifications/").status_code == 401
