"""Secrets for the embedded default: created once under REDRESS_HOME, owner-readable only."""

from __future__ import annotations

import base64
import os
import secrets
from pathlib import Path


def _read_or_create(path: Path, make: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(make + "\n")
    return make


def embedded_secret(home: Path) -> str:
    return _read_or_create(home / "secret_key", secrets.token_urlsafe(50))


def embedded_data_key(home: Path) -> str:
    return _read_or_create(home / "data.key", base64.urlsafe_b64encode(os.urandom(32)).decode())
