"""The search index after each kind of event (issue 16 §5): an event that adds a text appends that text's words
only, without reading the complaint's other texts again; the document is then what a full rebuild makes of it.
Runs on SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from redress.accounts.models import User
from redress.audit.services import event_append
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint, ComplaintSearch
from redress.complaints.search import index
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.complaints.workflow import CUSTOMER_ACTOR, SYSTEM_ACTOR
from redress.correspondence.models import Letter
from redress.intake.conversation import customer_file_add, customer_message_add
from redress.retention.erase import complaint_erase

pytestmark = pytest.mark.django_db


def _document(complaint: Complaint) -> tuple[Any, ...]:
    row = ComplaintSearch.objects.get(complaint=complaint)
    return row.main, row.extra, row.department_id, row.assignee_id


def _equals_rebuild(complaint: Complaint) -> tuple[Any, ...]:
    """The document as the events left it, checked equal to a full rebuild from the texts as they are now."""
    kept = _document(complaint)
    index.search_reindex(Complaint.objects.get(pk=complaint.pk))
    assert _document(complaint) == kept
    rebuilt_all = ComplaintSearch.objects.get(complaint=complaint)
    index.search_rebuild(chunk=10)  # the batch rebuild (`redress search reindex`) makes the same
    assert _document(complaint) == (rebuilt_all.main, rebuilt_all.extra, *kept[2:])
    return kept


@pytest.fixture
def reads(monkeypatch: Any) -> list[str]:
    """Which of the complaint's texts were read whole (main, extra) since the fixture was made."""
    made: list[str] = []
    main, extra = index.main_sources, index.extra_sources

    def main_read(complaint: Complaint, **kw: Any) -> Any:
        made.append("main")
        return main(complaint, **kw)

    def extra_read(complaint: Complaint, **kw: Any) -> Any:
        made.append("extra")
        return extra(complaint, **kw)

    monkeypatch.setattr(index, "main_sources", main_read)
    monkeypatch.setattr(index, "extra_sources", extra_read)
    return made


def test_each_text_event_appends_its_words_and_equals_a_rebuild(people: dict[str, User], reads: list[str]) -> None:
    handler = people["handler"]
    text = "年费问题，电话13987654321"
    c = walk(register(by=people["intake"], description=text, desired_outcome=""), "investigating", people)
    _equals_rebuild(c)
    steps: list[tuple[str, Any]] = [
        ("note", lambda: act(c, "add_note", by=handler, payload={"text": "Chargeback requested from the scheme"})),
        ("contact", lambda: act(c, "log_contact", by=handler, payload={"channel": "phone", "summary": "客户来电催促"})),
        ("message", lambda: customer_message_add(complaint=c, text="附上收据复印件")),
        (
            "e-mail",
            lambda: event_append(
                complaint=c,
                kind="customer_message",
                actor=CUSTOMER_ACTOR,
                data={"channel": "email", "subject": "Receipt", "text": "see attached", "attachments": ["scan.png"]},
            ),
        ),
        ("file", lambda: _add_file(c, handler, "bank_statement_march.pdf")),
        ("customer file", lambda: _customer_file(c, "receipt_april.pdf")),
    ]
    before = _document(c)[1]
    for name, step in steps:
        reads.clear()
        step()
        assert reads == [], name  # neither the description nor the other texts read again
        after = _equals_rebuild(c)[1]
        assert after.startswith(before) and after != before, name
        before = after
    words = set(before.split())
    assert {"chargeback", "客户", "收据", "receipt", "scan", "statement", "march", "april"} <= words


def test_letters_and_an_approvers_note_are_appended_once(people: dict[str, User], reads: list[str]) -> None:
    c = walk(register(by=people["intake"], description="年费问题", desired_outcome=""), "resolution_proposed", people)
    reads.clear()
    c = walk(c, "customer_notified", people)  # the approver's note, then the decision letter
    assert "extra" not in reads
    extra = _equals_rebuild(c)[1]
    letter = Letter.objects.filter(complaint=c).exclude(kind="acknowledgement").get()
    # Sent again (a retry names the letter again): its words are not added a second time.
    event_append(complaint=c, kind="retry_letter", actor=SYSTEM_ACTOR, data={"letter": letter.pk, "kind": letter.kind})
    assert _equals_rebuild(c)[1] == extra
    assert "同意" in extra.split()  # the approver's note
    assert c.customer_name not in extra


def test_a_transfer_copies_the_scope_and_an_erasure_makes_the_document_again(
    people: dict[str, User], reads: list[str]
) -> None:
    c = walk(register(by=people["intake"], description="境外盗刷交易", desired_outcome=""), "investigating", people)
    reads.clear()
    act(c, "add_note", by=people["handler"], payload={"text": "Chargeback requested"})
    act(c, "assign", by=people["manager"], payload={"assignee": "outsider"})
    assert reads == []
    outsider = people["outsider"]
    assert _equals_rebuild(c)[2:] == (outsider.department_id, outsider.pk)
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=c.pk)
        complaint_erase(complaint=locked, why="retention", actor=SYSTEM_ACTOR)
    main, extra, *_scope = _equals_rebuild(c)
    assert "盗刷" not in main.split() and "chargeback" not in extra.split()


def _add_file(c: Complaint, user: User, name: str) -> None:
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    evidence_add(reference=c.reference, upload=upload, actor=actor_for(user), user=user)


def _customer_file(c: Complaint, name: str) -> None:
    upload = SimpleUploadedFile(name, b"%PDF-1.4 test", content_type="application/pdf")
    customer_file_add(complaint=Complaint.objects.get(pk=c.pk), upload=upload, description="收据")


def test_the_timeline_texts_words_are_taken_without_the_personal_data_in_them(people: dict[str, User]) -> None:
    """Notes, logged contacts, the customer's messages and file names are held encrypted; the document is not, so
    their words are taken as the description's are: a number, a card or the customer's own details scrubbed out."""
    c = walk(register(by=people["intake"]), "investigating", people)
    phone = c.customer_phone
    handler = people["handler"]
    act(c, "add_note", by=handler, payload={"text": f"客户来电{phone}，卡号4111111111111111已冻结"})
    act(c, "log_contact", by=handler, payload={"channel": "phone", "summary": f"Called back on {phone}, chargeback"})
    customer_message_add(complaint=c, text=f"我的身份证号110101199003071237，电话{phone}，请回电")
    _add_file(c, handler, f"{phone}_statement.pdf")
    document = " ".join(_document(c)[:2])
    for value in (phone, "4111111111111111", "110101199003071237"):
        assert value not in document
    assert {"冻结", "chargeback", "回电", "statement"} <= set(document.split())
    _equals_rebuild(c)
