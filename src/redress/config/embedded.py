"""REDRESS_HOME kept private, and secrets for the embedded default: created once under it, owner-readable only."""

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


def private_home(home: Path, umask: int) -> None:
    """Files redress writes (database, evidence, sent mail, keys) readable by its own user only: the process's
    umask (REDRESS_UMASK, default 077) and the home folder 0700 (made so, when this user owns it)."""
    os.umask(umask)
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    info = home.stat()
    if info.st_uid == os.getuid() and info.st_mode & 0o077:
        home.chmod(0o700)


def key_from_file(path: Path) -> str:
    """The data key kept in a file (REDRESS_DATA_KEY_FILE), e.g. a mounted secret outside REDRESS_HOME."""
    try:
        key = path.read_text().strip()
    except OSError as exc:
        raise SystemExit(f"REDRESS_DATA_KEY_FILE {path} cannot be read: {exc.strerror}") from exc
    if not key:
        raise SystemExit(f"REDRESS_DATA_KEY_FILE {path} is empty.")
    return key
