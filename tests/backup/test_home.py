"""Which files of a home go into a backup: data, never keys, database files, queues, caches or archives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from redress.backup.home import data_files
from redress.backup.sealing import MAGIC


def _touch(path: Path, body: bytes = b"x") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    return path


def test_it_keeps_data_and_leaves_keys_databases_queues_caches_and_archives(settings: Any, tmp_path: Path) -> None:
    home = tmp_path / "home"
    settings.HOME = home
    settings.MEDIA_ROOT = str(home / "media")
    settings.EMAIL_FILE_PATH = home / "sent-mail"
    settings.REDRESS_TRIAGE_MODEL_DIR = tmp_path / "models"
    settings.STATIC_ROOT = home / "static"
    for name in (
        "data.key",
        "anchor.key",
        "redress.sqlite3",
        "redress.sqlite3-wal",
        "redress.sqlite3-shm",
        "broker.sqlite3",
        "celerybeat-schedule",
        "static/app.css",
        ".redress-staging-abc/x",
    ):
        _touch(home / name)
    _touch(home / "backups" / "nightly.redress-backup", MAGIC + b"sealed")
    kept = [
        _touch(home / "media" / "evidence" / "2026" / "statement.pdf"),
        _touch(home / "sent-mail" / "20261207-1.log"),
        _touch(home / "secret_key"),
        _touch(tmp_path / "models" / "triage-v3.npz"),
    ]

    found = {data_file.name: data_file.path for data_file in data_files()}

    assert found == {
        "home/media/evidence/2026/statement.pdf": kept[0],
        "home/secret_key": kept[2],
        "home/sent-mail/20261207-1.log": kept[1],
        "triage/triage-v3.npz": kept[3],
    }
