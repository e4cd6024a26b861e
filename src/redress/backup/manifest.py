"""The archive's table of contents: what made it, when, which schema, and a SHA-256 of every file in it."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import asdict, dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from redress.backup.errors import DamagedArchive
from redress.backup.sealing import master_key_bytes

FORMAT = "redress-backup/1"
NAME = "manifest.json"


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str


@dataclass
class Manifest:
    redress_version: str
    created_at: str
    database_vendor: str
    database: Entry
    migrations: list[list[str]]
    data_key_check: str
    files: list[Entry] = field(default_factory=list)
    format: str = FORMAT

    def to_json(self) -> bytes:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1).encode("utf-8")

    @classmethod
    def from_json(cls, raw: bytes) -> Manifest:
        try:
            data: dict[str, Any] = json.loads(raw)
            if data.get("format") != FORMAT:
                raise DamagedArchive(f"This archive's format ({data.get('format')!r}) is not one redress reads.")
            return cls(
                redress_version=str(data["redress_version"]),
                created_at=str(data["created_at"]),
                database_vendor=str(data["database_vendor"]),
                database=Entry(**data["database"]),
                migrations=[[str(app), str(name)] for app, name in data["migrations"]],
                data_key_check=str(data["data_key_check"]),
                files=[Entry(**entry) for entry in data["files"]],
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise DamagedArchive("The archive's manifest is unreadable: nothing was restored.") from exc

    def entries(self) -> list[Entry]:
        return [self.database, *self.files]


def redress_version() -> str:
    try:
        return version("redress")
    except PackageNotFoundError:  # run from a source tree that was not installed
        return "unknown"


def data_key_check() -> str:
    """A fingerprint of the data key (a separately derived value; it tells nothing of the key): a restore can
    then refuse data that the configured key cannot read, before it writes anything."""
    master = master_key_bytes(settings.REDRESS_DATA_KEY, setting="REDRESS_DATA_KEY")
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"redress/data-key-check/v1").derive(master)
    return hmac.new(derived, b"redress data key check", hashlib.sha256).hexdigest()[:32]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()
