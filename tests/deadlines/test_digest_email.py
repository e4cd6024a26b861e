"""The sweep's digest e-mail: in the recipient's language, every alert in words, a link to each complaint."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.correspondence.models import OutboxMessage
from redress.deadlines.sweep import sweep
from tests.pages.wording import problems

pytestmark = pytest.mark.django_db


def test_the_digest_is_written_in_traditional_chinese_with_links(people: dict[str, User], settings: Any) -> None:
    settings.LANGUAGE_CODE = "zh-hant"
    settings.REDRESS_PUBLIC_URL = "https://complaints.bank.example:8443/"
    late = [
        walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=20)), "assigned", people)
        for _ in range(2)
    ]
    OutboxMessage.objects.all().delete()  # the walk's hand-off e-mails (assignment): not this test's
    sweep()
    handler = people["handler"]
    (digest,) = [m for m in OutboxMessage.objects.all() if m.to_address == handler.email]
    assert "期限" in digest.subject and "deadline" not in digest.subject
    for complaint in late:
        assert f"https://complaints.bank.example:8443/complaints/{complaint.reference}/" in digest.body
    assert "first_contact" not in digest.body and "已超過期限" not in digest.body
    assert "首次聯絡" in digest.body or "期限已過" in digest.body
    names = [handler.username, handler.first_name, "redress"]
    assert problems(f"{digest.subject}\n{digest.body}", "zh-hant", names) == []


def test_the_digest_follows_the_recipients_own_language_when_one_is_kept(
    people: dict[str, User], settings: Any, monkeypatch: Any
) -> None:
    from redress.core import recipients

    settings.LANGUAGE_CODE = "zh-hans"
    monkeypatch.setattr(recipients, "recipient_language", lambda user: "en")
    walk(register(by=people["intake"], received_at=timezone.now() - timedelta(days=20)), "assigned", people)
    OutboxMessage.objects.all().delete()  # the walk's hand-off e-mails (assignment): not this test's
    sweep()
    (email,) = [m for m in OutboxMessage.objects.all() if m.to_address == people["handler"].email]
    assert email.subject.startswith("redress: ") and "deadline alert" in email.subject
    assert problems(email.body, "en", [people["handler"].first_name]) == []
