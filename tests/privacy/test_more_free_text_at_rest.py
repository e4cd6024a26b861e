"""The other free texts that can hold a customer's personal data are encrypted at rest too: evidence file names and
descriptions, plans' summaries, redress items' descriptions, approval notes, the staff member named as given,
letters' and e-mails' subjects, delivery and processing errors, inbound e-mails' subjects, follow-up visits'
summaries, legal holds' and erasure requests' reasons, access records' reasons. They still read, mask and show as
before; their migrations go forward and back; a key rotation re-encrypts them."""

from __future__ import annotations

import datetime
import importlib
import io
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import FieldError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection, models
from django.test import Client

from redress.access.models import AccessRecord
from redress.accounts.models import User
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, register, walk
from redress.complaints.models import Approval, Complaint, ComplaintSearch, Evidence, RedressItem, ResolutionPlan
from redress.correspondence.models import Letter, OutboxMessage, SmsMessage
from redress.intake.adapters.email import process_message
from redress.intake.models import InboundMessage
from redress.privacy.crypto import PREFIX, key_id
from redress.retention.models import ErasureRequest, LegalHold
from redress.surveys.models import FollowUpTask
from tests.intake import corpus
from tests.operations.test_key_rotation import NEW, OLD
from tests.privacy.test_at_rest import stored

pytestmark = pytest.mark.django_db

PHONE = SAMPLE_CUSTOMER.phone  # the customer's own: masked for who sees data masked
TEXT = f"张三来电{PHONE}，要求退还年费"
NAME = f"张三身份证{PHONE}.pdf"

# (model, field) of every text this change encrypts.
FIELDS: list[tuple[type[models.Model], str]] = [
    (Evidence, "original_name"),
    (Evidence, "description"),
    (ResolutionPlan, "summary"),
    (RedressItem, "description"),
    (Approval, "note"),
    (Complaint, "named_staff_text"),
    (Letter, "subject"),
    (OutboxMessage, "subject"),
    (OutboxMessage, "last_error"),
    (SmsMessage, "last_error"),
    (InboundMessage, "subject"),
    (InboundMessage, "error"),
    (FollowUpTask, "summary"),
    (LegalHold, "reason"),
    (ErasureRequest, "reason"),
    (ErasureRequest, "decision_note"),
    (AccessRecord, "reason"),
]

MIGRATIONS = {
    "complaints": "0024_plan_evidence_text_encrypted",
    "correspondence": "0014_subjects_errors_encrypted",
    "intake": "0003_inbound_subject_error_encrypted",
    "surveys": "0004_followup_summary_encrypted",
    "retention": "0002_reasons_encrypted",
    "access": "0002_access_reason_encrypted",
}


def plan_payloads(text: str) -> dict[str, dict[str, Any]]:
    return {
        "propose_resolution": {
            "summary": text,
            "redress": [{"type": "refund", "amount": "200.00", "currency": "CNY", "description": text}],
        },
        "approve_resolution": {"note": text},
    }


def approved(people: dict[str, User], text: str = TEXT) -> Complaint:
    complaint = register(by=people["intake"], named_staff_text="王经理张伟")
    return walk(complaint, "resolution_approved", people, payloads=plan_payloads(text))


def one_of_each(people: dict[str, User], api: Any) -> dict[tuple[type[models.Model], str], models.Model]:
    """A row of every model above holding TEXT in the field (evidence and the plan through the API and services)."""
    c = approved(people)
    complaint = walk(register(by=people["intake"]), "investigating", people)
    upload = SimpleUploadedFile(NAME, b"%PDF-1.4 scan", content_type="application/pdf")
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"
    assert api("handler").post(url, {"file": upload}, format="multipart").status_code == 201
    evidence = Evidence.objects.get(complaint=complaint)
    evidence.description = TEXT
    evidence.save(update_fields=["description"])
    plan = ResolutionPlan.objects.get(complaint=c)
    letter = Letter.objects.create(
        complaint=c, kind="free_message", channel="email", language="zh-hans", subject=TEXT, body=TEXT, status="sent"
    )
    outbox = OutboxMessage.objects.create(to_address="a@b.cn", subject=TEXT, body=TEXT, last_error=TEXT)
    sms = SmsMessage.objects.create(purpose="tracking", to_number=PHONE, body=TEXT, last_error=TEXT)
    inbound = InboundMessage.objects.get(
        pk=process_message(corpus.simple(message_id="<fieldseal@mail.example.cn>", subject=TEXT)).inbound_id
    )
    InboundMessage.objects.filter(pk=inbound.pk).update(error=TEXT)
    task = FollowUpTask.objects.create(complaint=c, due_on=datetime.date(2026, 12, 1), summary=TEXT)
    hold = LegalHold.objects.create(complaint=complaint, reason=TEXT, set_by=people["compliance"])
    request = ErasureRequest.objects.create(
        identity_kind="phone", identity_index="x", reason=TEXT, decision_note=TEXT, requested_by=people["intake"]
    )
    record = AccessRecord.objects.create(
        user=people["compliance"], complaint=c, what="page", basis="reveal", reason=TEXT
    )
    rows: dict[type[models.Model], models.Model] = {
        Evidence: evidence,
        ResolutionPlan: plan,
        RedressItem: plan.items.get(),
        Approval: plan.approvals.get(),
        Complaint: c,
        Letter: letter,
        OutboxMessage: outbox,
        SmsMessage: sms,
        InboundMessage: inbound,
        FollowUpTask: task,
        LegalHold: hold,
        ErasureRequest: request,
        AccessRecord: record,
    }
    return {(model, field): rows[model] for model, field in FIELDS}


def clear(model: type[models.Model], field: str, row: models.Model) -> str:
    value: str = getattr(model.objects.get(pk=row.pk), field)
    return value


def at_rest(model: type[models.Model], field: str, row: models.Model) -> str:
    raw: str = stored(model._meta.db_table, model._meta.get_field(field).column, row.pk)
    return raw


def expected(model: type[models.Model], field: str) -> str:
    if (model, field) == (Evidence, "original_name"):
        return NAME
    if (model, field) == (Complaint, "named_staff_text"):
        return "王经理张伟"
    return TEXT


def test_each_text_is_ciphertext_in_the_database_and_plaintext_through_the_model(api: Any, people: Any) -> None:
    rows = one_of_each(people, api)
    for (model, field), row in rows.items():
        raw = at_rest(model, field, row)
        assert raw.startswith(PREFIX) and PHONE not in raw and "张" not in raw, (model, field)
        assert clear(model, field, row) == expected(model, field), (model, field)
        with pytest.raises(FieldError, match="blind index"):
            model.objects.filter(**{f"{field}__icontains": "张三"}).exists()


def test_the_page_and_api_show_plan_and_evidence_texts_whole_or_masked_by_role(api: Any, people: Any) -> None:
    c = approved(people)
    whole = api("compliance").get(f"/api/v1/complaints/{c.reference}/").json()
    assert whole["resolution"]["summary"] == TEXT and whole["resolution"]["redress"][0]["description"] == TEXT
    assert whole["resolution"]["approvals"][0]["note"] == TEXT
    masked = api("manager").get(f"/api/v1/complaints/{c.reference}/").json()
    for text in (
        masked["resolution"]["summary"],
        masked["resolution"]["redress"][0]["description"],
        masked["resolution"]["approvals"][0]["note"],
    ):
        assert PHONE not in text and "要求退还年费" in text
    for username, shown in (("compliance", True), ("manager", False)):
        page = Client()
        page.force_login(people[username])
        html = page.get(f"/complaints/{c.reference}/").content.decode()
        assert "要求退还年费" in html and (PHONE in html) is shown, username


def test_evidence_names_show_to_who_may_see_them(api: Any, people: Any) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    upload = SimpleUploadedFile(NAME, b"%PDF-1.4 scan", content_type="application/pdf")
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"
    added = api("handler").post(url, {"file": upload}, format="multipart")
    assert added.status_code == 201 and added.json()["name"] == NAME  # the assignee sees it whole
    for username, shown in (("handler", True), ("manager", False)):
        page = Client()
        page.force_login(people[username])
        html = page.get(f"/complaints/{complaint.reference}/").content.decode()
        assert "身份证" in html and (PHONE in html) is shown, username
    # The search document, kept in clear, takes the name's words with the customer's data scrubbed out.
    extra = ComplaintSearch.objects.get(complaint=complaint).extra
    assert "张三" not in extra and PHONE not in extra and "身份证" in extra
    found = api("compliance").get("/api/v1/complaints/", {"q": "身份证"}).json()["results"]
    assert [r["reference"] for r in found] == [complaint.reference]


def test_the_admin_shows_the_texts_and_its_searches_still_work(api: Any, people: Any) -> None:
    rows = one_of_each(people, api)
    admin = User.objects.create_superuser("fieldseal-admin", "root@bank.example", "correct horse battery staple")
    client = Client()
    client.force_login(admin)
    plan = rows[(ResolutionPlan, "summary")]
    assert TEXT in client.get(f"/admin/complaints/resolutionplan/{plan.pk}/change/").content.decode()
    inbound = rows[(InboundMessage, "subject")]
    listing = client.get("/admin/intake/inboundmessage/", {"q": "fieldseal@mail"})
    assert listing.status_code == 200 and TEXT in listing.content.decode()
    assert client.get("/admin/intake/inboundmessage/", {"q": "年费"}).status_code == 200  # no subject lookup
    assert TEXT in client.get(f"/admin/intake/inboundmessage/{inbound.pk}/change/").content.decode()
    assert TEXT in client.get("/admin/correspondence/outboxmessage/").content.decode()


def _as_an_earlier_release(rows: dict[tuple[type[models.Model], str], models.Model]) -> None:
    with connection.cursor() as cursor:
        for (model, field), row in rows.items():
            table, column = model._meta.db_table, model._meta.get_field(field).column
            cursor.execute(
                f"UPDATE {table} SET {column} = %s WHERE id = %s",
                [expected(model, field), row.pk],
            )


def test_the_data_migrations_encrypt_what_was_kept_in_clear_and_go_back(api: Any, people: Any) -> None:
    rows = one_of_each(people, api)
    _as_an_earlier_release(rows)
    assert at_rest(ResolutionPlan, "summary", rows[(ResolutionPlan, "summary")]) == TEXT
    editor = SimpleNamespace(connection=connection)
    modules = [importlib.import_module(f"redress.{app}.migrations.{name}") for app, name in MIGRATIONS.items()]
    evidence = rows[(Evidence, "original_name")]
    ComplaintSearch.objects.filter(complaint_id=evidence.complaint_id).update(extra=f"张三 {PHONE} 身份证")
    for _ in range(2):  # a second run (an interrupted one run again) changes nothing more
        for module in modules:
            module.seal(apps, editor)
        modules[0].scrub_file_names(apps, editor)
        extra = ComplaintSearch.objects.get(complaint_id=evidence.complaint_id).extra
        assert "张三" not in extra and PHONE not in extra and "身份证" in extra
        for (model, field), row in rows.items():
            raw = at_rest(model, field, row)
            assert raw.startswith(PREFIX) and PHONE not in raw, (model, field)
            assert clear(model, field, row) == expected(model, field), (model, field)
    for module in modules:
        module.unseal(apps, editor)
    for (model, field), row in rows.items():
        assert at_rest(model, field, row) == expected(model, field), (model, field)


def test_a_key_rotation_re_encrypts_them(api: Any, people: Any, settings: Any) -> None:
    settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = OLD, []
    rows = one_of_each(people, api)
    out = io.StringIO()
    settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = NEW, [OLD]
    call_command("keys", "rotate", stdout=out)
    assert "Done:" in out.getvalue()
    settings.REDRESS_OLD_DATA_KEYS = []  # the old key retired
    for (model, field), row in rows.items():
        assert at_rest(model, field, row).startswith(f"{PREFIX}{key_id(NEW)}:"), (model, field)
        assert clear(model, field, row) == expected(model, field), (model, field)
    status = io.StringIO()
    call_command("keys", "status", stdout=status)
    assert key_id(OLD) not in status.getvalue() and "retention.LegalHold" in status.getvalue()


def test_erasure_overwrites_the_plan_texts_and_the_inbound_subject(api: Any, people: Any) -> None:
    from redress.complaints.workflow import SYSTEM_ACTOR
    from redress.retention.erase import complaint_erase

    c = approved(people)
    inbound = InboundMessage.objects.get(
        pk=process_message(corpus.simple(message_id="<erase@mail.example.cn>", subject=TEXT)).inbound_id
    )
    InboundMessage.objects.filter(pk=inbound.pk).update(complaint=c)
    complaint_erase(complaint=Complaint.objects.get(pk=c.pk), why="retention", actor=SYSTEM_ACTOR)
    plan = ResolutionPlan.objects.get(complaint=c)
    texts = [plan.summary, plan.items.get().description, plan.approvals.get().note]
    texts.append(InboundMessage.objects.get(pk=inbound.pk).subject)
    assert all(TEXT not in t and t for t in texts), texts
