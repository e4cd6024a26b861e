"""The database itself refuses to change the audit record, on SQLite as on PostgreSQL: no UPDATE, no DELETE,
except the erasure of an event's personal values (redress.retention) and the re-encryption of their sealed
token (`redress keys rotate`), and nothing more."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from redress.accounts.models import User
from redress.audit.chain import ERASED
from redress.audit.models import Event
from redress.audit.sealing import SEALED, stored_data
from redress.audit.services import checkpoint_create
from redress.complaints.lifecycle import register, walk
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.privacy.crypto import decrypt, encrypt

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list[Any] | None = None) -> None:
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_event SET kind = 'x'",
        "UPDATE audit_event SET hash = prev_hash",
        "DELETE FROM audit_event",
        "UPDATE audit_checkpoint SET hash = prev_hash",
        "UPDATE audit_checkpoint SET signature = ''",
        "DELETE FROM audit_checkpoint",
        "UPDATE audit_checkpointhead SET event_hash = 'x'",
        "DELETE FROM audit_checkpointhead",
    ],
)
def test_updates_and_deletes_are_refused(people: dict[str, User], sql: str) -> None:
    register(by=people["intake"])
    checkpoint_create()
    _refused(sql)


def _personal_event(people: dict[str, User]) -> Event:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    evidence_add(
        reference=complaint.reference,
        upload=SimpleUploadedFile("王小明身份证.txt", b"110101199003074578", content_type="text/plain"),
        actor=actor_for(people["intake"]),
        user=people["intake"],
    )
    event = Event.objects.get(complaint=complaint, kind="add_evidence")
    assert "salt" in event.personal
    return event


def _erasure(event: Event) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = event.personal["keys"]
    return {**event.data, **dict.fromkeys(keys, ERASED)}, {"keys": keys, "digest": event.personal["digest"]}


def test_the_erasure_of_personal_values_is_allowed(people: dict[str, User]) -> None:
    event = _personal_event(people)
    data, personal = _erasure(event)
    Event.objects.filter(pk=event.pk).update(data=data, personal=personal)
    event.refresh_from_db()
    assert event.personal == personal and all(event.data[k] == ERASED for k in personal["keys"])


@pytest.mark.parametrize("change", ["a public value", "the salt kept", "the digest", "the hash", "a key added"])
def test_an_erasure_that_changes_anything_else_is_refused(people: dict[str, User], change: str) -> None:
    event = _personal_event(people)
    data, personal = _erasure(event)
    hash_ = event.hash
    if change == "a public value":
        public = next(k for k in data if k not in personal["keys"])
        data[public] = "forged"
    elif change == "the salt kept":
        personal["salt"] = event.personal["salt"]
    elif change == "the digest":
        personal["digest"] = "0" * 64
    elif change == "the hash":
        hash_ = "0" * 64
    else:
        data["forged"] = True
    _refused(
        "UPDATE audit_event SET data = %s, personal = %s, hash = %s WHERE id = %s",
        [json.dumps(data), json.dumps(personal), hash_, event.pk],
    )


def test_an_erasure_that_keeps_the_sealed_token_is_refused(people: dict[str, User]) -> None:
    event = _personal_event(people)
    data, personal = _erasure(event)
    token = Event.objects.filter(pk=event.pk).annotate(stored=stored_data()).values_list("stored", flat=True).get()
    _refused(
        "UPDATE audit_event SET data = %s, personal = %s WHERE id = %s",
        [json.dumps({**data, SEALED: token[SEALED]}), json.dumps(personal), event.pk],
    )


def _stored(event: Event) -> dict[str, Any]:
    stored: dict[str, Any] = (
        Event.objects.filter(pk=event.pk).annotate(stored=stored_data()).values_list("stored", flat=True).get()
    )
    return stored


def test_a_key_rotation_swapping_the_token_alone_is_allowed(people: dict[str, User]) -> None:
    event = _personal_event(people)
    stored = _stored(event)
    fresh = {**stored, SEALED: encrypt(decrypt(stored[SEALED]))}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET data = %s WHERE id = %s", [json.dumps(fresh), event.pk])
    assert _stored(event) == fresh and Event.objects.get(pk=event.pk).data == event.data


@pytest.mark.parametrize(
    "change", ["a public value", "a value put in clear", "the token dropped", "the salt", "the hash", "a key added"]
)
def test_a_rotation_that_changes_anything_else_is_refused(people: dict[str, User], change: str) -> None:
    event = _personal_event(people)
    stored = _stored(event)
    data = {**stored, SEALED: encrypt(decrypt(stored[SEALED]))}
    personal, hash_ = dict(event.personal), event.hash
    if change == "a public value":
        public = next(k for k in data if k not in personal["keys"] and k != SEALED)
        data[public] = "forged"
    elif change == "a value put in clear":
        data[personal["keys"][0]] = "forged"
    elif change == "the token dropped":
        data = {k: v for k, v in event.data.items()}
    elif change == "the salt":
        personal["salt"] = "0" * 32
    elif change == "the hash":
        hash_ = "0" * 64
    else:
        data["forged"] = True
    _refused(
        "UPDATE audit_event SET data = %s, personal = %s, hash = %s WHERE id = %s",
        [json.dumps(data), json.dumps(personal), hash_, event.pk],
    )
