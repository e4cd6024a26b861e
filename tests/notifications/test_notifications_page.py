"""The in-app notifications of the sweep: one digest per person and batch, each alert a link to its complaint."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import register
from redress.deadlines.sweep import sweep
from redress.notifications.models import Notification
from redress.notifications.views.inbox import INLINE_ITEMS

pytestmark = pytest.mark.django_db


def client_of(user: User, language: str = "en") -> Client:
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def digest(user: User, count: int, kind: str = "deadline_breached") -> Notification:
    items = [[f"CMP-20261128-{i:06d}", "decision" if i % 2 else "first_contact"] for i in range(1, count + 1)]
    return Notification.objects.create(user=user, kind=kind, message="m", items=items)


def links(body: str) -> list[str]:
    return re.findall(r'href="/complaints/([A-Z]+-[0-9]+-[0-9]+)/#deadlines"', body)


def test_the_sweep_digest_links_every_complaint_it_alerts_on(people: dict[str, User]) -> None:
    # Unassigned complaints past their deadlines: the managers hear of every clock in one digest.
    late = [register(by=people["intake"], received_at=timezone.now() - timedelta(days=20)) for _ in range(3)]
    sweep()
    manager = people["manager"]
    (row,) = Notification.objects.filter(user=manager, kind="deadline_breached")
    assert row.complaint_id is None and {reference for reference, _clock in row.items} == {c.reference for c in late}
    body = client_of(manager).get("/notifications/").content.decode()
    assert body.count('class="notification unread"') == len(Notification.objects.filter(user=manager))
    assert set(links(body)) == {c.reference for c in late}
    assert len(links(body)) == len(row.items)  # one link per alert, each with its clock
    assert "Decision / final response" in body and "Deadline passed" in body
    assert f'data-count="{len(row.items)}"' in body
    assert "Show all" not in body  # all of them fit


def test_a_long_digest_shows_the_first_alerts_and_links_to_all(people: dict[str, User]) -> None:
    handler = people["handler"]
    row = digest(handler, INLINE_ITEMS + 5)
    client = client_of(handler)
    body = client.get("/notifications/").content.decode()
    assert links(body) == [reference for reference, _clock in row.items[:INLINE_ITEMS]]
    assert f'href="/notifications/{row.pk}/"' in body and f"Show all ({INLINE_ITEMS + 5})" in body
    page = client.get(f"/notifications/{row.pk}/")
    assert page.status_code == 200
    full = page.content.decode()
    assert links(full) == [reference for reference, _clock in row.items]
    assert full.count("Decision / final response") == (INLINE_ITEMS + 5 + 1) // 2
    assert "First contact (internal)" in full and "Deadline passed" in full


def test_a_notification_page_is_its_owners_only(people: dict[str, User]) -> None:
    row = digest(people["handler"], 2)
    assert client_of(people["handler2"]).get(f"/notifications/{row.pk}/").status_code == 404
    assert Client().get(f"/notifications/{row.pk}/").status_code == 302  # to sign in
    assert client_of(people["handler"]).get("/notifications/999999/").status_code == 404


def test_marking_all_read_covers_digests(people: dict[str, User]) -> None:
    handler = people["handler"]
    digest(handler, 3)
    digest(handler, 1, kind="deadline_warning")
    client = client_of(handler)
    assert 'data-unread="2"' in client.get("/").content.decode()
    client.post("/notifications/read/")
    assert not Notification.objects.filter(user=handler, read_at__isnull=True).exists()


@pytest.mark.parametrize(
    ("language", "words"), [("zh-hans", ["显示全部", "期限已过"]), ("zh-hant", ["顯示全部", "期限已過"])]
)
def test_the_digest_in_chinese(people: dict[str, User], language: str, words: list[str]) -> None:
    handler = people["handler"]
    row = digest(handler, INLINE_ITEMS + 1)
    client = client_of(handler, language)
    body = client.get("/notifications/").content.decode()
    for word in words:
        assert word in body, word
    assert "Show all" not in body
    full = client.get(f"/notifications/{row.pk}/").content.decode()
    assert "Notification" not in re.sub(r"<[^>]+>", "", full.split("<main", 1)[-1])
