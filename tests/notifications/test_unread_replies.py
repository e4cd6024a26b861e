"""A customer's e-mail reply: the assignee is told, and the complaint is marked unread in their queue until
they open it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from redress.accounts.models import User
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from redress.intake.adapters.email import process_message
from redress.notifications.models import Notification, UnreadReply
from tests.intake import corpus

pytestmark = pytest.mark.django_db

MARKER = "data-unread-reply"


def reply_to(complaint: Complaint, n: int = 1) -> None:
    raw = corpus.simple(
        message_id=f"<reply-{n}.{complaint.reference}@mail.example.cn>",
        sender="Zhang San <zhang.san@example.com>",  # the complaint's customer (lifecycle.SAMPLE_CUSTOMER)
        subject=f"Re: {complaint.reference}",
        body="我还没有收到退款。",
        extra=[("In-Reply-To", f"<outbox-17.{complaint.reference}@redress.localhost>")],
    )
    assert process_message(raw).status == "threaded"


def marked(client: Client) -> list[str]:
    """The references of the queue rows that carry the unread-reply marker."""
    body = client.get("/", {"f": "1"}).content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)
    return [re.search(r'class="ref"[^>]*>([^<]+)<', row).group(1) for row in rows if MARKER in row]  # type: ignore[union-attr]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_reply_marks_the_complaint_unread_for_its_assignee_until_they_open_it(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    quiet = walk(register(by=people["intake"]), "investigating", people)
    handler = signed_in(people["handler"])
    assert marked(handler) == []

    reply_to(complaint)
    assert (
        Notification.objects.filter(kind="customer_replied", complaint=complaint).values_list(
            "user__username", flat=True
        )
    ).get() == "handler"
    assert marked(handler) == [complaint.reference]  # only that row, not `quiet`
    assert quiet.reference not in marked(handler)

    # Someone else opening it changes nothing; the assignee opening it clears the marker.
    assert signed_in(people["manager"]).get(f"/complaints/{complaint.reference}/").status_code == 200
    assert marked(handler) == [complaint.reference]
    assert handler.get(f"/complaints/{complaint.reference}/").status_code == 200
    assert marked(handler) == [] and not UnreadReply.objects.exists()

    reply_to(complaint, 2)  # a new reply: unread again
    assert marked(handler) == [complaint.reference]


def test_a_reply_to_an_unassigned_complaint_tells_no_one(people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "triaged", people)
    reply_to(complaint)
    assert not UnreadReply.objects.exists()
    assert not Notification.objects.filter(kind="customer_replied").exists()
    assert marked(signed_in(people["manager"])) == []
