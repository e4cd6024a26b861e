"""The audit chain anchored outside the database: someone who can write to it and rebuilds the chain
(every hash after an edited event made again, and every checkpoint) is found by the checkpoints'
signatures, made with a key the database does not hold, and by the anchor file."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import CommandError, call_command

from redress.accounts.models import User
from redress.audit.anchor import anchor_read, keygen, sign
from redress.audit.chain import checkpoint_hash, event_hash
from redress.audit.models import GENESIS, Checkpoint, CheckpointHead, Event
from redress.audit.services import checkpoint_anchored
from redress.audit.tasks import audit_checkpoint
from redress.audit.verify import verify_audit
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from tests.tamper import past_the_triggers

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing(settings: Any, tmp_path: Path) -> Path:
    """A signing key in a file outside REDRESS_HOME, set as REDRESS_AUDIT_SIGNING_KEY_FILE."""
    path = tmp_path / "keys" / "audit-signing.pem"
    path.parent.mkdir()
    keygen(path)
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(path)
    return path


@pytest.fixture
def anchor_file(settings: Any, tmp_path: Path) -> Path:
    path = tmp_path / "worm" / "audit-anchor.jsonl"
    path.parent.mkdir()
    settings.REDRESS_AUDIT_ANCHOR_FILE = str(path)
    return path


def _edit_and_rebuild(complaint: Complaint) -> Event:
    """The attack: edit an event, hash it and every later event of its chain again, then every checkpoint
    head and checkpoint again, all straight in the database. Returns the edited event."""
    target = Event.objects.filter(complaint=complaint, personal__isnull=True, seq__gt=1).order_by("seq").first()
    assert target is not None
    with past_the_triggers() as cursor:
        prev = GENESIS
        for e in Event.objects.filter(complaint=complaint).order_by("seq"):
            data = {**e.data, "forged": True} if e.pk == target.pk else e.data
            keys = list((e.personal or {}).get("keys") or [])
            digest = event_hash(
                prev_hash=prev,
                reference=complaint.reference,
                seq=e.seq,
                kind=e.kind,
                actor_kind=e.actor_kind,
                actor_id=e.actor_id,
                created_at=e.created_at,
                data={k: v for k, v in data.items() if k not in keys} if e.personal else data,
                personal=(keys, e.personal["digest"]) if e.personal else None,
            )
            cursor.execute(
                "UPDATE audit_event SET data = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [json.dumps(data), prev, digest, e.pk],
            )
            cursor.execute(
                "UPDATE audit_checkpointhead SET event_hash = %s WHERE complaint_id = %s AND seq = %s",
                [digest, complaint.pk, e.seq],
            )
            prev = digest
        prev = GENESIS
        for checkpoint in Checkpoint.objects.order_by("id"):
            heads = CheckpointHead.objects.filter(checkpoint=checkpoint).values_list(
                "complaint_id", "seq", "event_hash"
            )
            digest = checkpoint_hash(prev_hash=prev, last_event_id=checkpoint.last_event_id, heads=heads)
            cursor.execute(
                "UPDATE audit_checkpoint SET prev_hash = %s, hash = %s WHERE id = %s", [prev, digest, checkpoint.pk]
            )
            prev = digest
    return target


def _checkpointed_complaint(people: dict[str, User]) -> Complaint:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    assert checkpoint_anchored() is not None
    complaint = walk(complaint, "resolution_proposed", people)
    assert checkpoint_anchored() is not None
    return complaint


def test_without_anchors_a_rebuilt_chain_goes_unnoticed(people: dict[str, User]) -> None:
    """Why the anchors exist: the hash chains and checkpoints alone hold nothing against the database's owner."""
    complaint = _checkpointed_complaint(people)
    _edit_and_rebuild(complaint)
    assert Event.objects.filter(complaint=complaint, data__forged=True).exists()
    assert verify_audit().ok


def test_a_rebuilt_chain_is_found_by_the_checkpoint_signatures(people: dict[str, User], signing: Path) -> None:
    complaint = _checkpointed_complaint(people)
    assert Checkpoint.objects.exclude(signature="").count() == 2
    report = verify_audit()
    assert report.ok and report.signed == 2
    _edit_and_rebuild(complaint)
    report = verify_audit()
    assert report.first_break is not None
    first = Checkpoint.objects.order_by("id").first()
    assert first is not None and report.first_break.reference == f"checkpoint {first.pk}"
    assert report.first_break.problem == "signature does not match the checkpoint (forged or edited)"


def _forge(**fields: Any) -> None:
    """A checkpoint row inserted straight into the database, chained onto the last as the app would."""
    last = Checkpoint.objects.order_by("-id").first()
    assert last is not None
    prev = last.hash
    digest = checkpoint_hash(prev_hash=prev, last_event_id=last.last_event_id, heads=[])
    Checkpoint.objects.create(last_event_id=last.last_event_id, heads_count=0, prev_hash=prev, hash=digest, **fields)


@pytest.mark.parametrize(
    ("forged", "problem"),
    [
        ({}, "not signed, though an earlier checkpoint is (forged)"),
        ({"key_id": "0123456789abcdef", "signature": "AAAA"}, "signed by an unknown key (0123456789abcdef)"),
        ("copied", "signature does not match the checkpoint (forged or edited)"),
        ("other key", "signed by an unknown key"),
    ],
)
def test_a_forged_checkpoint_row_is_found(
    people: dict[str, User], signing: Path, tmp_path: Path, forged: Any, problem: str
) -> None:
    _checkpointed_complaint(people)
    if forged == "copied":  # the key id and signature of a genuine checkpoint
        genuine = Checkpoint.objects.order_by("-id").first()
        assert genuine is not None
        forged = {"key_id": genuine.key_id, "signature": genuine.signature}
    elif forged == "other key":  # signed, with a key the attacker made
        last = Checkpoint.objects.order_by("-id").first()
        assert last is not None
        probe = Checkpoint(
            created_at=last.created_at,
            last_event_id=last.last_event_id,
            heads_count=0,
            prev_hash=last.hash,
            hash=checkpoint_hash(prev_hash=last.hash, last_event_id=last.last_event_id, heads=[]),
        )
        signed = sign(probe, Ed25519PrivateKey.generate())
        forged = {"created_at": probe.created_at, "key_id": signed.key_id, "signature": signed.signature}
    _forge(**forged)
    report = verify_audit()
    newest = Checkpoint.objects.order_by("-id").first()
    assert report.first_break is not None and newest is not None
    assert report.first_break.reference == f"checkpoint {newest.pk}"
    assert report.first_break.problem.startswith(problem)


def test_signatures_stripped_or_checkpoints_deleted_are_found(people: dict[str, User], signing: Path) -> None:
    complaint = _checkpointed_complaint(people)
    with past_the_triggers() as cursor:
        cursor.execute("UPDATE audit_checkpoint SET key_id = '', signature = ''")
    report = verify_audit()
    assert report.first_break is not None and report.first_break.problem.startswith(
        "the newest checkpoint is not signed"
    )
    _edit_and_rebuild(complaint)
    with past_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_checkpointhead")
        cursor.execute("DELETE FROM audit_checkpoint")
    report = verify_audit()
    assert report.first_break is not None and report.first_break.problem.startswith("no signed checkpoint")


def test_a_new_key_signs_the_next_checkpoint_though_nothing_grew(
    people: dict[str, User], settings: Any, tmp_path: Path
) -> None:
    register(by=people["intake"])
    assert checkpoint_anchored() is not None  # no key yet: unsigned
    path = tmp_path / "new.pem"
    keygen(path)
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(path)
    assert verify_audit().first_break is not None  # the newest is not signed: run a checkpoint
    checkpoint = checkpoint_anchored()
    assert checkpoint is not None and checkpoint.heads_count == 0 and checkpoint.signature
    assert verify_audit().ok
    assert checkpoint_anchored() is None


def test_the_public_key_alone_verifies(people: dict[str, User], signing: Path, settings: Any) -> None:
    """An auditor's machine, or a rotated signing key: REDRESS_AUDIT_VERIFY_KEY_FILE holds public keys."""
    complaint = _checkpointed_complaint(people)
    older = signing.parent / "older.pem"
    keygen(older)
    verify_file = signing.parent / "verify.pem"
    verify_file.write_bytes(Path(f"{older}.pub").read_bytes() + Path(f"{signing}.pub").read_bytes())
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = ""
    settings.REDRESS_AUDIT_VERIFY_KEY_FILE = str(verify_file)
    report = verify_audit()
    assert report.ok and report.signatures_checked and report.signed == 2
    _edit_and_rebuild(complaint)
    assert verify_audit().first_break is not None


def test_the_anchor_file_finds_the_newest_checkpoints_deleted(
    people: dict[str, User], signing: Path, anchor_file: Path
) -> None:
    """Signatures cannot show that the newest checkpoints were deleted (and the chain rebuilt behind the
    oldest kept); their copies in the anchor file can."""
    complaint = _checkpointed_complaint(people)
    lines = anchor_read(str(anchor_file))
    assert [line["id"] for line in lines] == list(Checkpoint.objects.order_by("id").values_list("id", flat=True))
    assert all(line["signature"] for line in lines)
    assert verify_audit().anchored == 2
    newest = lines[-1]["id"]
    with past_the_triggers() as cursor:
        cursor.execute("DELETE FROM audit_checkpointhead WHERE checkpoint_id = %s", [newest])
        cursor.execute("DELETE FROM audit_checkpoint WHERE id = %s", [newest])
    walk(complaint, "resolution_approved", people)
    report = verify_audit()
    assert report.first_break is not None
    assert (report.first_break.reference, report.first_break.problem) == (
        f"checkpoint {newest}",
        "in the anchor file but gone from the database (deleted)",
    )


def test_the_anchor_file_finds_a_rebuilt_chain_without_a_key(people: dict[str, User], anchor_file: Path) -> None:
    complaint = _checkpointed_complaint(people)
    _edit_and_rebuild(complaint)
    report = verify_audit()
    assert report.first_break is not None
    assert report.first_break.problem == "differs from its copy in the anchor file (rebuilt)"


def test_the_anchor_file_catches_up_and_a_copy_can_be_checked(
    people: dict[str, User], anchor_file: Path, settings: Any, tmp_path: Path
) -> None:
    settings.REDRESS_AUDIT_ANCHOR_FILE = ""
    complaint = _checkpointed_complaint(people)  # two checkpoints the file never saw
    settings.REDRESS_AUDIT_ANCHOR_FILE = str(anchor_file)
    walk(complaint, "resolution_approved", people)
    checkpoint_anchored()
    assert len(anchor_read(str(anchor_file))) == 3
    assert stat.S_IMODE(os.stat(anchor_file).st_mode) == 0o600
    copy = tmp_path / "copy.jsonl"
    copy.write_text(anchor_file.read_text())
    settings.REDRESS_AUDIT_ANCHOR_FILE = ""
    _edit_and_rebuild(complaint)
    assert verify_audit().ok  # neither anchor configured
    with pytest.raises(CommandError, match="differs from its copy in the anchor file"):
        call_command("audit", "verify", "--anchor-file", str(copy))


def test_an_edited_anchor_file_line_is_found(people: dict[str, User], anchor_file: Path) -> None:
    _checkpointed_complaint(people)
    lines = anchor_file.read_text().splitlines()
    first = json.loads(lines[0])
    lines[0] = json.dumps({**first, "hash": "f" * 64})
    anchor_file.write_text("\n".join(lines) + "\n")
    report = verify_audit()
    assert report.first_break is not None
    assert report.first_break.problem == "differs from its copy in the anchor file (rebuilt)"


def test_the_scheduled_task_signs_and_anchors(people: dict[str, User], signing: Path, anchor_file: Path) -> None:
    register(by=people["intake"])
    assert audit_checkpoint.delay().get() == 1
    checkpoint = Checkpoint.objects.get()
    assert checkpoint.signature and len(anchor_read(str(anchor_file))) == 1


def test_the_commands(people: dict[str, User], tmp_path: Path, settings: Any, capsys: Any) -> None:
    path = tmp_path / "signing.pem"
    call_command("audit", "keygen", str(path))
    out = capsys.readouterr().out
    assert f"REDRESS_AUDIT_SIGNING_KEY_FILE={path}" in out and "BEGIN PUBLIC KEY" in out
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600 and Path(f"{path}.pub").exists()
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("audit", "keygen", str(path))
    with pytest.raises(CommandError, match="inside REDRESS_HOME"):
        call_command("audit", "keygen", str(Path(settings.HOME) / "signing.pem"))
    with pytest.raises(CommandError, match="Name the file"):
        call_command("audit", "keygen")
    register(by=people["intake"])
    call_command("audit", "verify")
    assert "Signatures not checked" in capsys.readouterr().out
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(path)
    call_command("audit", "checkpoint")
    assert "1 chain heads, signed." in capsys.readouterr().out
    call_command("audit", "verify")
    assert "1 signatures checked." in capsys.readouterr().out
    Path(f"{path}.pub").rename(tmp_path / "not-a-key.pem")
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(tmp_path / "not-a-key.pem")
    with pytest.raises(CommandError, match="is not a PEM private key"):
        call_command("audit", "verify")
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(tmp_path / "missing.pem")
    with pytest.raises(CommandError, match="cannot be read"):
        call_command("audit", "checkpoint")


def test_the_deploy_check_asks_for_an_anchor(settings: Any, tmp_path: Path) -> None:
    from redress.audit.checks import audit_chain_anchored

    settings.PRODUCTION = True
    assert [w.id for w in audit_chain_anchored(None)] == ["redress.W002"]
    settings.REDRESS_AUDIT_ANCHOR_FILE = str(tmp_path / "anchor.jsonl")
    assert audit_chain_anchored(None) == []
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(Path(settings.HOME) / "audit.pem")
    assert [w.id for w in audit_chain_anchored(None)] == ["redress.W003"]
    settings.REDRESS_AUDIT_SIGNING_KEY_FILE = str(tmp_path / "audit.pem")
    assert audit_chain_anchored(None) == []
