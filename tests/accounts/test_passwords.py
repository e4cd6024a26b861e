"""The password policy (12 characters, not common, not all digits, not like the account) everywhere one is set."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from redress.accounts.models import User
from tests.accounts.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("password", "refusal"),
    [
        ("Short1!pass", "at least 12 characters"),
        ("password1234", "too common"),
        ("830472619384", "entirely numeric"),
        ("wang.xiaoming.ops", "too similar"),
    ],
)
def test_createuser_refuses_a_weak_password(password: str, refusal: str) -> None:
    with pytest.raises(CommandError, match=refusal):
        call_command(
            "createuser",
            "wang.xiaoming",
            "--role",
            "handler",
            "--email",
            "wang.xiaoming@bank.example",
            "--password",
            password,
        )
    assert not User.objects.filter(username="wang.xiaoming").exists()


def test_createuser_takes_a_good_password() -> None:
    call_command("createuser", "zhao", "--role", "handler", "--password", "tea kettle orbit 42")
    assert User.objects.get(username="zhao").check_password("tea kettle orbit 42")


def test_the_admin_refuses_a_short_password(people: Any) -> None:
    admin = Client()
    admin.force_login(people["admin"])
    target = people["handler"]
    response = admin.post(
        f"/admin/accounts/user/{target.pk}/password/",
        {"password1": "Short1!pass", "password2": "Short1!pass", "usable_password": "true"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    target.refresh_from_db()
    assert target.check_password(PASSWORD)


def test_a_person_changes_their_password_under_the_policy(people: Any) -> None:
    client = Client()
    client.force_login(people["handler"])
    assert client.get("/password/change/").status_code == 200
    weak = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": "12345678901234", "new_password2": "12345678901234"},
    )
    assert weak.status_code == 200 and "entirely numeric" in weak.content.decode()
    good = client.post(
        "/password/change/",
        {"old_password": PASSWORD, "new_password1": "quiet river lantern 7", "new_password2": "quiet river lantern 7"},
    )
    assert good.status_code == 302 and good["Location"] == "/password/change/done/"
    people["handler"].refresh_from_db()
    assert people["handler"].check_password("quiet river lantern 7")
    assert client.get("/").status_code == 200  # still signed in after the change
