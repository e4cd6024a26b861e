"""Each person chooses, per kind of hand-off, in the app and/or by e-mail (a page and the API)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.notifications.api.serializers import PreferencesOut
from redress.notifications.kinds import HANDOFFS
from redress.notifications.models import Notification, Preference, Recipient
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

URL = "/api/v1/notifications/preferences/"


def test_the_defaults_are_in_app_on_and_email_for_assignment_and_approval(api: Any) -> None:
    body = api("handler").get(URL).json()
    assert_shape(PreferencesOut, body)
    assert [row["kind"] for row in body["preferences"]] == list(HANDOFFS)
    assert all(row["in_app"] for row in body["preferences"])
    assert {row["kind"] for row in body["preferences"] if row["email"]} == {"assigned", "plan_awaiting_approval"}
    assert body["language"] is None
    assert all(row["kind_label"] and row["kind_label"] != row["kind"] for row in body["preferences"])


def test_the_api_changes_the_kinds_given_and_keeps_the_others(api: Any, people: dict[str, User]) -> None:
    client = api("handler")
    changed = {"preferences": [{"kind": "customer_replied", "in_app": True, "email": True}], "language": "zh-hant"}
    body = client.put(URL, changed, format="json").json()
    rows = {row["kind"]: row for row in body["preferences"]}
    assert (rows["customer_replied"]["in_app"], rows["customer_replied"]["email"]) == (True, True)
    assert rows["assigned"]["email"] is True and body["language"] == "zh-hant"
    again = client.put(URL, {"preferences": [{"kind": "assigned", "in_app": False, "email": False}]}, format="json")
    rows = {row["kind"]: row for row in again.json()["preferences"]}
    assert rows["customer_replied"]["email"] is True and rows["assigned"] == {**rows["assigned"], "in_app": False}
    assert again.json()["language"] == "zh-hant"  # not given: kept
    assert Preference.objects.filter(user=people["handler"]).count() == 2
    # Another person's settings are their own.
    assert not Preference.objects.filter(user=people["handler2"]).exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"preferences": [{"kind": "nonsense", "in_app": True, "email": True}]}, "preferences"),
        ({"preferences": [{"kind": "assigned", "in_app": "maybe", "email": True}]}, "preferences"),
        ({"language": "fr"}, "language"),
        (
            {
                "preferences": [
                    {"kind": "assigned", "in_app": True, "email": True},
                    {"kind": "assigned", "in_app": False, "email": False},
                ]
            },
            "preferences",
        ),
    ],
)
def test_bad_preferences_are_a_400_naming_the_field(api: Any, people: dict[str, User], body: Any, field: str) -> None:
    answer = api("handler").put(URL, body, format="json")
    assert answer.status_code == 400
    assert field in str(answer.json())
    assert not Preference.objects.exists() and not Recipient.objects.exists()  # nothing half-saved


def test_the_api_needs_a_signed_in_person(api: Any) -> None:
    assert api(None).get(URL).status_code in (401, 403)


def test_the_settings_page_saves_the_boxes_and_they_take_effect(people: dict[str, User]) -> None:
    handler = people["handler"]
    client = Client()
    client.force_login(handler)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "Complaint assigned to you" in body and 'name="assigned-email" checked' in body
    assert 'name="plan_approved-email" checked' not in body and 'name="plan_approved-in_app" checked' in body
    assert "/notifications/settings/" in client.get("/notifications/").content.decode()  # linked from the list

    # Everything off but the e-mail of customer replies; e-mails in Traditional Chinese.
    answer = client.post("/notifications/settings/", {"customer_replied-email": "on", "language": "zh-hant"})
    assert answer.status_code == 302
    assert Recipient.objects.get(user=handler).language == "zh-hant"
    chosen = {p.kind: (p.in_app, p.email) for p in Preference.objects.filter(user=handler)}
    assert chosen == {kind: (False, kind == "customer_replied") for kind in HANDOFFS}
    body = client.get("/notifications/settings/").content.decode()
    assert 'name="assigned-in_app" checked' not in body and 'value="zh-hant" selected' in body

    walk(register(by=people["intake"]), "assigned", people)
    assert not Notification.objects.filter(user=handler).exists()  # assignment: off in the app now


def test_the_settings_page_refuses_an_unknown_language(people: dict[str, User]) -> None:
    client = Client()
    client.force_login(people["handler"])
    client.post("/notifications/settings/", {"assigned-in_app": "on", "language": "xx"})
    assert not Preference.objects.exists() and not Recipient.objects.exists()
    assert Client().get("/notifications/settings/").status_code == 302  # to sign in
