"""The purge: personal data gone, case record and figures kept, the chain still verifiable, tampering still found."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from redress.accounts.models import User
from redress.analytics.filters import Filters
from redress.analytics.selectors import business_reason, outcomes
from redress.analytics.services import facts_refresh
from redress.audit.chain import ERASED
from redress.audit.models import Event
from redress.audit.verify import verify_audit
from redress.complaints.models import Complaint, Evidence, RedressItem, ResolutionPlan
from redress.correspondence.models import Letter
from redress.retention.models import Erasure
from redress.retention.services import legal_hold_set, retention_purge
from tests.retention.conftest import EMAIL, NAME, PHONE, SECRET
from tests.tamper import past_the_triggers

TODAY = date(2026, 12, 7)


def _everything(complaint: Complaint) -> str:
    """Every text the complaint's rows hold, decrypted: what a person with the database and the key could read."""
    c = Complaint.objects.get(pk=complaint.pk)
    parts = [c.customer_name, c.customer_phone, c.customer_email, c.customer_address, c.description, c.desired_outcome]
    parts += [str(e.data) for e in Event.objects.filter(complaint=c)]
    parts += [e.original_name for e in Evidence.objects.filter(complaint=c)]
    parts += [p.summary for p in ResolutionPlan.objects.filter(complaint=c)]
    parts += [letter.body + letter.body_html for letter in Letter.objects.filter(complaint=c)]
    return "\n".join(parts)


def _figures(user: User) -> tuple[object, object]:
    facts_refresh(full=True)
    return business_reason(user=user, filters=Filters()), outcomes(user=user, filters=Filters())


@pytest.mark.django_db
def test_it_erases_personal_data_and_the_chain_still_verifies(
    ended: Callable[..., Complaint], people: dict[str, User]
) -> None:
    complaint = ended()
    evidence = Evidence.objects.get(complaint=complaint)
    path = evidence.file.path
    assert SECRET in _everything(complaint) and NAME in _everything(complaint)
    before = _figures(people["analyst"])
    amounts = list(RedressItem.objects.filter(plan__complaint=complaint).values_list("amount", flat=True))

    report = retention_purge(today=TODAY)

    assert report.erased == [complaint.reference]
    text = _everything(complaint)
    for personal in (SECRET, NAME, PHONE, EMAIL):
        assert personal not in text
    c = Complaint.objects.get(pk=complaint.pk)
    assert (c.customer_name, c.customer_phone, c.phone_index) == ("[erased]", "", "")
    assert (c.status, c.business, c.reason, c.outcome, c.channel) == (
        "archived",
        "bank_card",
        "pricing_fees",
        "upheld",
        "phone",
    )
    evidence.refresh_from_db()
    assert not evidence.file and evidence.original_name == "[erased]" and evidence.size == len(SECRET.encode())
    assert not __import__("os").path.exists(path)
    assert list(RedressItem.objects.filter(plan__complaint=c).values_list("amount", flat=True)) == amounts
    erased = Event.objects.filter(complaint=c, kind="erased").get()
    assert erased.actor_kind == "system" and erased.data["why"] == "retention"
    assert erased.data["counts"]["evidence"] == 1 and erased.data["counts"]["events"] >= 1
    assert Event.objects.get(complaint=c, kind="add_note").data["text"] == ERASED
    report_ok = verify_audit()
    assert report_ok.ok, report_ok.first_break
    out = StringIO()
    call_command("audit", "verify", stdout=out)
    assert "intact" in out.getvalue()
    assert _figures(people["analyst"]) == before


@pytest.mark.django_db
def test_it_is_idempotent(ended: Callable[..., Complaint]) -> None:
    complaint = ended()
    assert retention_purge(today=TODAY).erased == [complaint.reference]
    assert retention_purge(today=TODAY).erased == []
    assert Erasure.objects.count() == 1 and Event.objects.filter(kind="erased").count() == 1


@pytest.mark.django_db
def test_it_keeps_what_is_not_past_its_date(ended: Callable[..., Complaint]) -> None:
    kept = ended(retain_until=date(2031, 1, 1), phone="13900000001")
    assert retention_purge(today=TODAY).erased == []
    assert SECRET in _everything(kept)


def _tamper(sql: str, params: list[object]) -> None:
    """Write past the application, as someone with the database would (past its append-only triggers)."""
    with past_the_triggers() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "what",
    ["public value of an erased event", "erased value written over", "personal value of a live event"],
)
def test_tampering_after_a_purge_is_still_found(ended: Callable[..., Complaint], what: str) -> None:
    erased = ended()
    live = ended(retain_until=date(2031, 1, 1), phone="13900000002")
    retention_purge(today=TODAY)
    assert verify_audit().ok
    if what == "public value of an erased event":
        event = Event.objects.get(complaint=erased, kind="add_evidence")
        data = {**event.data, "size": 1}
    elif what == "erased value written over":
        event = Event.objects.get(complaint=erased, kind="add_note")
        data = {**event.data, "text": "客户说过别的话"}
    else:
        event = Event.objects.get(complaint=live, kind="add_note")
        data = {**event.data, "text": "改写的记录"}
    _tamper("UPDATE audit_event SET data = %s WHERE id = %s", [__import__("json").dumps(data), event.pk])
    report = verify_audit()
    assert not report.ok and report.first_break is not None and report.first_break.event_id == event.pk


@pytest.mark.django_db
def test_erasing_without_an_erasure_event_is_found(ended: Callable[..., Complaint]) -> None:
    complaint = ended()
    event = Event.objects.get(complaint=complaint, kind="add_note")
    personal = {k: v for k, v in event.personal.items() if k != "salt"}
    data = {**event.data, "text": ERASED}
    _tamper(
        "UPDATE audit_event SET data = %s, personal = %s WHERE id = %s",
        [__import__("json").dumps(data), __import__("json").dumps(personal), event.pk],
    )
    report = verify_audit()
    assert not report.ok and report.first_break is not None
    assert report.first_break.problem == "personal content erased without an erasure on the timeline"


@pytest.mark.django_db
def test_a_legal_hold_blocks_the_purge_and_is_listed(ended: Callable[..., Complaint], people: dict[str, User]) -> None:
    complaint = ended()
    legal_hold_set(user=people["compliance"], reference=complaint.reference, reason="诉讼保全 / litigation")
    report = retention_purge(today=TODAY)
    assert report.erased == [] and report.held == [complaint.reference]
    assert SECRET in _everything(complaint)
    assert Event.objects.filter(complaint=complaint, kind="legal_hold_set").exists()


@pytest.mark.django_db
def test_a_dry_run_changes_nothing(ended: Callable[..., Complaint]) -> None:
    complaint = ended()
    before = _everything(complaint)
    events = Event.objects.count()
    out = StringIO()
    call_command("retention", "purge", "--dry-run", stdout=out)
    assert f"Would erase 1 complaints: {complaint.reference}" in out.getvalue()
    assert _everything(complaint) == before and Event.objects.count() == events
    assert not Erasure.objects.exists()


@pytest.mark.django_db
def test_the_command_erases_and_the_task_is_scheduled(ended: Callable[..., Complaint], settings: object) -> None:
    complaint = ended()
    out = StringIO()
    call_command("retention", "purge", stdout=out)
    assert f"Erased 1 complaints: {complaint.reference}" in out.getvalue()
    schedule = settings.CELERY_BEAT_SCHEDULE  # type: ignore[attr-defined]
    assert schedule["retention-purge"]["task"] == "redress.retention.tasks.retention_purge"


@pytest.mark.django_db
def test_postgresql_refuses_any_other_update_of_an_event(ended: Callable[..., Complaint]) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger is PostgreSQL's")
    from django.db import DatabaseError

    complaint = ended()
    event = Event.objects.get(complaint=complaint, kind="add_note")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(data={**event.data, "text": "rewritten"})
    retention_purge(today=TODAY)  # the erasure itself is allowed
    event.refresh_from_db()
    assert event.data["text"] == ERASED
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(data={**event.data, "text": "again"})


@pytest.mark.django_db
def test_the_complaint_page_shows_an_erased_complaint(ended: Callable[..., Complaint], people: dict[str, User]) -> None:
    from django.test import Client

    complaint = ended()
    retention_purge(today=TODAY)
    client = Client()
    client.force_login(people["compliance"])
    response = client.get(f"/complaints/{complaint.reference}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Personal data erased" in page and "[erased]" in page and SECRET not in page
    assert Event.objects.get(complaint=complaint, kind="erased").data["counts"]["events_kept"] == 0
