"""`redress keys rotate`: everything re-encrypted under a new data key, blind indexes recomputed, resumable."""

from __future__ import annotations

import base64
import io
import os
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.core.management import CommandError, call_command
from django.db import connection

from redress.access.models import AccessRecord
from redress.audit.models import Event
from redress.audit.sealing import SEALED, stored_data
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import act
from redress.complaints.models import Complaint
from redress.correspondence.models import Letter
from redress.privacy.blind_index import blind_index
from redress.privacy.crypto import DecryptionError, _subkey, decrypt, encrypt, key_id, key_id_of
from redress.retention.models import ErasureRequest
from tests.privacy.test_at_rest import BODY, on_disk, stored, uploaded

pytestmark = pytest.mark.django_db

OLD = base64.urlsafe_b64encode(b"o" * 32).decode()
NEW = base64.urlsafe_b64encode(b"n" * 32).decode()


@pytest.fixture(autouse=True)
def _old_key(settings: Any) -> None:
    settings.REDRESS_DATA_KEY = OLD
    settings.REDRESS_OLD_DATA_KEYS = []


@pytest.fixture
def new_key_file(tmp_path: Path) -> Path:
    path = tmp_path / "secrets" / "new.key"
    path.parent.mkdir()
    path.write_text(NEW + "\n")
    return path


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("keys", *args, stdout=out)
    return out.getvalue()


def event_token(pk: int) -> str:
    stored = Event.objects.filter(pk=pk).annotate(stored=stored_data()).values_list("stored", flat=True).get()
    return str(stored[SEALED])


def legacy_token(text: str, key: str) -> str:
    """A value as written before key ids ("v1:" + nonce, ciphertext and tag)."""
    nonce = os.urandom(12)
    sealed = AESGCM(_subkey(key, b"redress/pii-encryption/v1")).encrypt(nonce, text.encode(), None)
    return "v1:" + base64.urlsafe_b64encode(nonce + sealed).decode()


def complaints(api: Any, people: Any) -> tuple[Complaint, Any]:
    reference = api("intake").post("/api/v1/complaints/", BODY, format="json").json()["reference"]
    evidence = uploaded(api, people, "张三身份证.pdf", b"%PDF-1.4 ID card 110101199003071234")
    complaint = Complaint.objects.get(reference=reference)
    with connection.cursor() as cursor:  # one value kept from before key ids
        cursor.execute(
            "UPDATE complaints_complaint SET customer_address = %s WHERE id = %s",
            [legacy_token("北京市朝阳区建国路88号", OLD), complaint.pk],
        )
    ErasureRequest.objects.create(
        identity_kind="phone", identity_index=complaint.phone_index, reason="asked", requested_by=people["intake"]
    )
    return complaint, evidence


def test_a_value_names_its_key_and_old_keys_still_read(settings: Any) -> None:
    token = encrypt("张三")
    assert token.startswith(f"v2:{key_id(OLD)}:") and key_id_of(token) == key_id(OLD)
    settings.REDRESS_DATA_KEY = NEW
    with pytest.raises(DecryptionError, match="neither REDRESS_DATA_KEY nor an old key"):
        decrypt(token)
    settings.REDRESS_OLD_DATA_KEYS = [OLD]
    assert decrypt(token) == "张三" and decrypt(legacy_token("李四", OLD)) == "李四"
    assert key_id_of(encrypt("张三")) == key_id(NEW)


def test_rotation_re_encrypts_everything_and_the_new_key_alone_reads_it(
    api: Any, people: Any, settings: Any, new_key_file: Path
) -> None:
    complaint, evidence = complaints(api, people)
    assert "v1 (written before key ids" in run("status")

    out = run("rotate", "--new-key-file", str(new_key_file))
    assert f"Done: everything is under key {key_id(NEW)}" in out and "retire the old key" in out

    settings.REDRESS_DATA_KEY = NEW  # the old key retired
    rotated = Complaint.objects.get(pk=complaint.pk)
    assert (rotated.customer_name, rotated.customer_phone) == ("欧阳娜娜", "13812345678")
    assert rotated.customer_address == "北京市朝阳区建国路88号"
    assert rotated.phone_index == blind_index("phone", "+86 138 1234 5678") != complaint.phone_index
    assert ErasureRequest.objects.get().identity_index == rotated.phone_index
    assert "欧阳娜娜" in Letter.objects.filter(complaint=complaint).first().body  # type: ignore[union-attr]
    assert stored("complaints_complaint", "customer_name", complaint.pk).startswith(f"v2:{key_id(NEW)}:")
    assert stored("complaints_complaint", "description", complaint.pk).startswith(f"v2:{key_id(NEW)}:")
    assert rotated.description == BODY["description"]
    assert key_id_of(on_disk(evidence)) == key_id(NEW)
    with evidence.file.open("rb") as handle:
        assert handle.read() == b"%PDF-1.4 ID card 110101199003071234"
    found = api("manager").get("/api/v1/complaints/", {"customer": "138-1234-5678"}).json()
    assert complaint.reference in [row["reference"] for row in found["results"]]
    status = run("status")
    assert key_id(OLD) not in status and "v1 (" not in status and f"{key_id(NEW)} (REDRESS_DATA_KEY)" in status


def test_an_interrupted_rotation_carries_on_where_it_stopped(
    api: Any, people: Any, settings: Any, new_key_file: Path
) -> None:
    complaint, _evidence = complaints(api, people)
    out = run("rotate", "--new-key-file", str(new_key_file), "--limit", "1", "--batch-size", "1")
    assert "Not finished" in out
    # Meanwhile the service runs with the new key and the old one kept for reading: both are read, and found.
    settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = NEW, [OLD]
    assert Complaint.objects.get(pk=complaint.pk).customer_phone == "13812345678"
    found = api("manager").get("/api/v1/complaints/", {"customer": "13812345678"}).json()
    assert complaint.reference in [row["reference"] for row in found["results"]]
    assert "Done:" in run("rotate")  # the rest, under REDRESS_DATA_KEY; rows already rotated are skipped
    assert "Re-encrypted under key" in run("rotate") and "0 values in 0 rows, 0 files" in run("rotate")
    settings.REDRESS_OLD_DATA_KEYS = []
    assert Complaint.objects.get(pk=complaint.pk).customer_address == "北京市朝阳区建国路88号"


def test_a_wrong_or_missing_new_key_is_refused_clearly(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"new key file .*missing\.key cannot be read: No such file"):
        run("rotate", "--new-key-file", str(tmp_path / "missing.key"))
    (tmp_path / "empty.key").write_text("\n")
    with pytest.raises(CommandError, match="empty"):
        run("rotate", "--new-key-file", str(tmp_path / "empty.key"))
    (tmp_path / "short.key").write_text("c2hvcnQ=")
    with pytest.raises(CommandError, match="does not hold a data key"):
        run("rotate", "--new-key-file", str(tmp_path / "short.key"))


def test_the_access_log_follows_the_rotation(api: Any, people: Any, settings: Any, new_key_file: Path) -> None:
    """The access records keep the customer as the complaint's blind indexes: they are re-keyed with it, and
    found by the customer's phone, e-mail or ID number during the rotation and after it."""
    complaint, _evidence = complaints(api, people)
    assert api("compliance").get(f"/api/v1/complaints/{complaint.reference}/").status_code == 200
    record = AccessRecord.objects.get(complaint=complaint)
    assert record.phone_index == complaint.phone_index != ""

    def listed(customer: str) -> list[str]:
        rows = api("compliance").get("/api/v1/privacy/access/", {"customer": customer}).json()["results"]
        return [row["complaint"] for row in rows]

    # Halfway: the service runs on the new key with the old one kept; this record is not rotated yet.
    settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = NEW, [OLD]
    assert listed("138 1234 5678") == [complaint.reference]
    run("rotate")
    settings.REDRESS_OLD_DATA_KEYS = []  # the old key retired
    record.refresh_from_db()
    assert (record.phone_index, record.email_index, record.id_number_index) == (
        blind_index("phone", "13812345678"),
        Complaint.objects.get(pk=complaint.pk).email_index,
        Complaint.objects.get(pk=complaint.pk).id_number_index,
    )
    assert record.phone_index != complaint.phone_index
    assert listed("13812345678") == [complaint.reference]


def test_the_timeline_events_sealed_values_are_re_encrypted_too(
    api: Any, people: Any, settings: Any, new_key_file: Path
) -> None:
    """Each event's personal values are one token inside its data: rotated like a column, batch by batch,
    resumable, and the chain still verifies under the new key alone."""
    complaint, _evidence = complaints(api, people)
    for n in range(3):
        act(complaint, "add_note", by=people["intake"], payload={"text": f"与欧阳娜娜通话第{n}次"})
    notes = list(Event.objects.filter(complaint=complaint, kind="add_note").order_by("seq"))
    assert {key_id_of(event_token(e.pk)) for e in notes} == {key_id(OLD)}
    assert "audit.Event: " + key_id(OLD) in run("status")

    runs = 0
    while "Done:" not in run("rotate", "--new-key-file", str(new_key_file), "--limit", "1", "--batch-size", "1"):
        runs += 1
        assert runs < 50  # every run moves on by one row
    assert runs > len(notes)

    settings.REDRESS_DATA_KEY = NEW  # the old key retired
    assert {key_id_of(event_token(e.pk)) for e in notes} == {key_id(NEW)}
    assert [e.data["text"] for e in Event.objects.filter(pk__in=[e.pk for e in notes]).order_by("seq")] == [
        f"与欧阳娜娜通话第{n}次" for n in range(3)
    ]
    assert verify_audit().ok
    assert key_id(OLD) not in run("status")
