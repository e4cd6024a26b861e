"""Copies of the customer's data outside the complaint row are encrypted at rest too: letters, the
outbox, and every email as received."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest
from django.core.exceptions import FieldError
from django.db import connection

from redress.correspondence.models import Letter, OutboxMessage
from redress.intake.adapters.email import process_message
from redress.intake.models import InboundMessage
from redress.privacy.crypto import BYTES_PREFIX, DecryptionError, decrypt_bytes, encrypt_bytes
from redress.privacy.migrating import decrypt_columns, encrypt_columns
from tests.intake import corpus

pytestmark = pytest.mark.django_db

BODY = {
    "channel": "phone",
    "customer": {
        "name": "欧阳娜娜",
        "phone": "13812345678",
        "email": "nana@example.cn",
        "address": "北京市朝阳区建国路88号",
    },
    "description": "信用卡年费被重复扣取，请退还。",
    "language": "zh-hans",
    "jurisdiction": "CN-NFRA",
}


def stored(table: str, column: str, pk: int) -> Any:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])
        return cursor.fetchone()[0]


def test_the_acknowledgement_and_its_email_are_ciphertext_in_the_database(api: Any) -> None:
    reference = api("intake").post("/api/v1/complaints/", BODY, format="json").json()["reference"]
    letter = Letter.objects.get(complaint__reference=reference)
    assert "欧阳娜娜" in letter.body and "欧阳娜娜" in letter.body_html  # read in clear through the model
    outbox = OutboxMessage.objects.get(letter=letter)
    assert outbox.body == letter.body and outbox.html_body == letter.body_html
    for table, column, pk in [
        ("correspondence_letter", "body", letter.pk),
        ("correspondence_letter", "body_html", letter.pk),
        ("correspondence_outboxmessage", "body", outbox.pk),
        ("correspondence_outboxmessage", "html_body", outbox.pk),
    ]:
        raw = stored(table, column, pk)
        assert raw.startswith("v2:") and "欧阳" not in raw and reference not in raw


def test_an_email_as_received_is_ciphertext_in_the_database() -> None:
    raw = corpus.simple(message_id="<sealed@mail.example.cn>")
    assert b"zhang.san@example.cn" in raw
    outcome = process_message(raw)
    row = InboundMessage.objects.get(message_id="<sealed@mail.example.cn>")
    assert bytes(row.raw) == raw and outcome.status == "created"
    at_rest = bytes(stored("intake_inboundmessage", "raw", row.pk))
    assert at_rest.startswith(BYTES_PREFIX) and b"zhang.san" not in at_rest and b"Zhang" not in at_rest
    with pytest.raises(FieldError, match="blind index"):
        InboundMessage.objects.filter(raw=raw).exists()


def test_bytes_round_trip_and_tampering_is_caught() -> None:
    sealed = encrypt_bytes(b"From: a@b.c\r\n\r\nhello")
    assert decrypt_bytes(sealed) == b"From: a@b.c\r\n\r\nhello" and encrypt_bytes(b"") == b""
    assert encrypt_bytes(b"x") != encrypt_bytes(b"x")  # a fresh nonce every time
    with pytest.raises(DecryptionError):
        decrypt_bytes(sealed[:-1] + bytes([sealed[-1] ^ 1]))
    with pytest.raises(DecryptionError):
        decrypt_bytes(b"From: plaintext")


def test_the_data_migration_encrypts_what_was_kept_in_clear_once_and_can_go_back(api: Any) -> None:
    reference = api("intake").post("/api/v1/complaints/", BODY, format="json").json()["reference"]
    letter = Letter.objects.get(complaint__reference=reference)
    inbound = InboundMessage.objects.get(
        pk=process_message(corpus.simple(message_id="<old@mail.example.cn>")).inbound_id
    )
    text, html, raw = letter.body, letter.body_html, bytes(inbound.raw)
    with connection.cursor() as cursor:  # as an earlier release stored them
        cursor.execute(
            "UPDATE correspondence_letter SET body = %s, body_html = %s WHERE id = %s", [text, html, letter.pk]
        )
        cursor.execute("UPDATE intake_inboundmessage SET raw = %s WHERE id = %s", [raw, inbound.pk])
    editor = SimpleNamespace(connection=connection)
    for _ in range(2):  # a second run changes nothing
        encrypt_columns("correspondence_letter", "body", "body_html")(None, editor)
        encrypt_columns("intake_inboundmessage", "raw")(None, editor)
        assert stored("correspondence_letter", "body", letter.pk).startswith("v2:")
        assert bytes(stored("intake_inboundmessage", "raw", inbound.pk)).startswith(BYTES_PREFIX)
        letter.refresh_from_db()
        assert (letter.body, letter.body_html) == (text, html)
        assert bytes(InboundMessage.objects.get(pk=inbound.pk).raw) == raw
    decrypt_columns("correspondence_letter", "body", "body_html")(None, editor)
    decrypt_columns("intake_inboundmessage", "raw")(None, editor)
    assert stored("correspondence_letter", "body", letter.pk) == text
    assert bytes(stored("intake_inboundmessage", "raw", inbound.pk)) == raw


def uploaded(api: Any, people: Any, name: str, content: bytes) -> Any:
    """An evidence file added through the API to a complaint under investigation."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from redress.complaints.lifecycle import register, walk
    from redress.complaints.models import Evidence

    complaint = walk(register(by=people["intake"]), "investigating", people)
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    url = f"/api/v1/complaints/{complaint.reference}/attachments/"
    assert api("handler").post(url, {"file": upload}, format="multipart").status_code == 201
    return Evidence.objects.get(complaint=complaint)


def on_disk(evidence: Any) -> bytes:
    with open(evidence.file.path, "rb") as handle:
        return handle.read()


def test_evidence_files_are_ciphertext_on_disk_and_plaintext_to_those_who_may_see_them(api: Any, people: Any) -> None:
    from django.test import Client

    content = b"%PDF-1.4 ID card of Zhang San 110101199003071234"
    evidence = uploaded(api, people, "张三身份证.pdf", content)
    assert "张三" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    sealed = on_disk(evidence)
    assert sealed.startswith(BYTES_PREFIX) and b"110101" not in sealed and b"Zhang" not in sealed
    with evidence.file.open("rb") as handle:
        assert handle.read() == content
    page = Client()
    page.force_login(people["handler"])
    response = page.get(f"/complaints/{evidence.complaint.reference}/evidence/{evidence.pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == content


def test_the_data_migration_encrypts_evidence_stored_in_clear(api: Any, people: Any) -> None:
    import importlib

    from django.apps import apps

    migration = importlib.import_module("redress.complaints.migrations.0011_evidence_encrypted")
    evidence = uploaded(api, people, "statement.pdf", b"%PDF-1.4 old statement")
    with open(evidence.file.path, "wb") as handle:  # as an earlier release stored it
        handle.write(b"%PDF-1.4 old statement")
    for _ in range(2):  # a second run changes nothing
        migration.seal(apps, None)
        assert on_disk(evidence).startswith(BYTES_PREFIX)
        with evidence.file.open("rb") as handle:
            assert handle.read() == b"%PDF-1.4 old statement"
    migration.unseal(apps, None)
    assert on_disk(evidence) == b"%PDF-1.4 old statement"
