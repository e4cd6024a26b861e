"""Checkpoints anchored outside the database.

Whoever can write to the database can edit an event and hash every later event and every checkpoint
again: the chains alone then verify. Two anchors stop that, each optional:

- a signature: each checkpoint is signed (Ed25519) with a private key kept in a file the database does
  not hold (`REDRESS_AUDIT_SIGNING_KEY_FILE`, made by `redress audit keygen`); verification needs only
  the public key (derived from the private key, or `REDRESS_AUDIT_VERIFY_KEY_FILE`, which may hold the
  public keys of earlier signing keys too);
- a copy: each checkpoint is appended as one JSON line to a file outside the database
  (`REDRESS_AUDIT_ANCHOR_FILE`), meant for append-only storage, so even the newest checkpoints cannot be
  deleted from the database unnoticed.
"""

from __future__ import annotations

import base64
import fcntl
import hashlib
import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from redress.audit.models import Checkpoint

_PEM = re.compile(r"-----BEGIN [A-Z ]+-----.+?-----END [A-Z ]+-----", re.DOTALL)


class AnchorError(Exception):
    """A key or anchor file that cannot be used (the message says which and why)."""


@dataclass(frozen=True)
class Signed:
    key_id: str
    signature: str


def key_id(public: Ed25519PublicKey) -> str:
    """A short name of a public key: the start of the SHA-256 of its raw bytes."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def _read(path: str, setting: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise AnchorError(f"{setting} {path} cannot be read: {exc.strerror}") from exc


def signing_key() -> Ed25519PrivateKey | None:
    path = settings.REDRESS_AUDIT_SIGNING_KEY_FILE
    if not path:
        return None
    try:
        key = serialization.load_pem_private_key(_read(path, "REDRESS_AUDIT_SIGNING_KEY_FILE"), password=None)
    except ValueError as exc:
        raise AnchorError(f"REDRESS_AUDIT_SIGNING_KEY_FILE {path} is not a PEM private key.") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AnchorError(f"REDRESS_AUDIT_SIGNING_KEY_FILE {path} is not an Ed25519 key.")
    return key


def verify_keys() -> dict[str, Ed25519PublicKey]:
    """key id -> public key: the signing key's, and every key in REDRESS_AUDIT_VERIFY_KEY_FILE."""
    keys: dict[str, Ed25519PublicKey] = {}
    private = signing_key()
    if private is not None:
        keys[key_id(private.public_key())] = private.public_key()
    path = settings.REDRESS_AUDIT_VERIFY_KEY_FILE
    if path:
        blocks = _PEM.findall(_read(path, "REDRESS_AUDIT_VERIFY_KEY_FILE").decode("ascii", "replace"))
        if not blocks:
            raise AnchorError(f"REDRESS_AUDIT_VERIFY_KEY_FILE {path} holds no PEM public key.")
        for block in blocks:
            try:
                public = serialization.load_pem_public_key(block.encode("ascii"))
            except ValueError as exc:
                raise AnchorError(f"REDRESS_AUDIT_VERIFY_KEY_FILE {path} holds a key that cannot be read.") from exc
            if not isinstance(public, Ed25519PublicKey):
                raise AnchorError(f"REDRESS_AUDIT_VERIFY_KEY_FILE {path} holds a key that is not Ed25519.")
            keys[key_id(public)] = public
    return keys


def message(checkpoint: Checkpoint, signer: str) -> bytes:
    """What is signed: everything the checkpoint states (its hash covers the heads and the one before)."""
    at = checkpoint.created_at.astimezone(UTC).isoformat(timespec="microseconds")
    parts = [
        "redress-audit-checkpoint/1",
        at,
        str(checkpoint.last_event_id),
        str(checkpoint.heads_count),
        checkpoint.prev_hash,
        checkpoint.hash,
        signer,
    ]
    return "\n".join(parts).encode("ascii")


def sign(checkpoint: Checkpoint, key: Ed25519PrivateKey) -> Signed:
    signer = key_id(key.public_key())
    return Signed(signer, base64.b64encode(key.sign(message(checkpoint, signer))).decode("ascii"))


def signature_problem(checkpoint: Checkpoint, keys: dict[str, Ed25519PublicKey]) -> str | None:
    public = keys.get(checkpoint.key_id)
    if public is None:
        return f"signed by an unknown key ({checkpoint.key_id or 'none'})"
    try:
        public.verify(base64.b64decode(checkpoint.signature, validate=True), message(checkpoint, checkpoint.key_id))
    except (InvalidSignature, ValueError):
        return "signature does not match the checkpoint (forged or edited)"
    return None


def keygen(path: Path) -> tuple[str, bytes]:
    """A new signing key in `path` (owner-readable only; never overwritten), its public key in `path`.pub.
    Returns (key id, the public key's PEM)."""
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    public = private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError as exc:
        raise AnchorError(f"{path} exists: a signing key is never overwritten.") from exc
    except OSError as exc:
        raise AnchorError(f"{path} cannot be written: {exc.strerror}") from exc
    with os.fdopen(fd, "wb") as handle:
        handle.write(pem)
    Path(f"{path}.pub").write_bytes(public)
    return key_id(private.public_key()), public


# The anchor file: one JSON object a line per checkpoint, in order.


def anchor_line(checkpoint: Checkpoint) -> dict[str, Any]:
    return {
        "id": checkpoint.pk,
        "created_at": checkpoint.created_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "last_event_id": checkpoint.last_event_id,
        "heads_count": checkpoint.heads_count,
        "prev_hash": checkpoint.prev_hash,
        "hash": checkpoint.hash,
        "key_id": checkpoint.key_id,
        "signature": checkpoint.signature,
    }


def anchor_read(path: str) -> list[dict[str, Any]]:
    """The lines of the anchor file (none if it does not exist yet)."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise AnchorError(f"REDRESS_AUDIT_ANCHOR_FILE {path} cannot be read: {exc.strerror}") from exc
    lines = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as exc:
            raise AnchorError(f"REDRESS_AUDIT_ANCHOR_FILE {path} line {number} is not JSON.") from exc
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), int):
            raise AnchorError(f"REDRESS_AUDIT_ANCHOR_FILE {path} line {number} is not a checkpoint.")
        lines.append(entry)
    return lines


def anchor_sync() -> int:
    """Append to the anchor file every checkpoint it lacks (those after its last line); returns how many.
    Run after each checkpoint commits, so one the file missed (a crash in between) is added the next time."""
    path = settings.REDRESS_AUDIT_ANCHOR_FILE
    if not path:
        return 0
    try:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    except OSError as exc:
        raise AnchorError(f"REDRESS_AUDIT_ANCHOR_FILE {path} cannot be opened: {exc.strerror}") from exc
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # two workers checkpointing at once write each line once
        since = _last_id(path)
        new = Checkpoint.objects.filter(id__gt=since).order_by("id")
        written = _append(handle, (anchor_line(c) for c in new.iterator()))
        handle.flush()
        os.fsync(handle.fileno())
    return written


def _last_id(path: str) -> int:
    """The id of the file's last line (0 if empty), read from its end: a line is a few hundred bytes."""
    with open(path, "rb") as handle:
        size = handle.seek(0, os.SEEK_END)
        handle.seek(max(0, size - 4096))
        tail = handle.read().splitlines()
    if not tail:
        return 0
    try:
        entry = json.loads(tail[-1])
    except json.JSONDecodeError as exc:
        raise AnchorError(f"REDRESS_AUDIT_ANCHOR_FILE {path}: its last line is not JSON.") from exc
    return int(entry["id"])


def _append(handle: Any, entries: Iterable[dict[str, Any]]) -> int:
    count = 0
    for entry in entries:
        handle.write(json.dumps(entry, sort_keys=True, separators=(",", ":")) + "\n")
        count += 1
    return count
