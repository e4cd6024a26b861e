"""`backup_create` writes one sealed archive of the database and the home's data files; `backup_restore`
puts one back into the configured home and database.

A restore checks everything before it changes anything: the key, every chunk's authentication, every file's
SHA-256 against the manifest, the database vendor, the data key, and that this redress knows every migration
the archive's schema had. Only then is the database replaced and the files put in place; the migrations of a
newer redress are then applied to an archive from an older one.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tarfile
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from redress.backup import database
from redress.backup.errors import BackupError, DamagedArchive, WrongKey
from redress.backup.home import STAGING_PREFIX, data_files
from redress.backup.manifest import NAME as MANIFEST_NAME
from redress.backup.manifest import Entry, Manifest, data_key_check, redress_version, sha256_of
from redress.backup.sealing import SealingWriter, UnsealingReader, master_key_bytes

_DATABASE_FOLDER = "database"


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    manifest: Manifest
    size: int


@dataclass(frozen=True)
class RestoreSummary:
    manifest: Manifest
    migrations_applied: int


def backup_key() -> bytes:
    """The key archives are sealed with: REDRESS_BACKUP_KEY when set, else the data key."""
    if settings.REDRESS_BACKUP_KEY:
        return master_key_bytes(settings.REDRESS_BACKUP_KEY, setting="REDRESS_BACKUP_KEY")
    return master_key_bytes(settings.REDRESS_DATA_KEY, setting="REDRESS_DATA_KEY")


def default_archive_name() -> str:
    return f"redress-backup-{timezone.now().strftime('%Y%m%dT%H%M%SZ')}.redress-backup"


def backup_create(*, output: Path) -> BackupSummary:
    output = output.resolve()
    if output.exists():
        raise BackupError(f"{output} already exists: name another file (a backup is never written over).")
    if not output.parent.is_dir():
        raise BackupError(f"The folder {output.parent} does not exist.")
    if not database.migrated():
        raise BackupError("The database has not been migrated yet: there is nothing to back up.")
    key = backup_key()
    partial = output.with_name(f".{output.name}.partial")
    with _staging() as staging:
        dump = staging / database.dump_file_name()
        migrations = database.dump_database(dump)
        manifest = Manifest(
            redress_version=redress_version(),
            created_at=timezone.now().isoformat(),
            database_vendor=database.vendor(),
            database=Entry(name=f"{_DATABASE_FOLDER}/{dump.name}", size=0, sha256=""),
            migrations=migrations,
            data_key_check=data_key_check(),
        )
        try:
            handle = os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb")
        except FileExistsError:
            raise BackupError(f"Another backup is being written to {output}.") from None
        try:
            with handle:
                with SealingWriter(handle, key) as sealed, tarfile.open(fileobj=sealed, mode="w|gz") as tar:
                    _write_contents(tar, manifest, dump, skip={output, partial})
                handle.flush()
                os.fsync(handle.fileno())  # on disk before it takes its name: a named archive is a whole one
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return BackupSummary(path=output, manifest=manifest, size=output.stat().st_size)


def backup_restore(*, archive: Path, force: bool) -> RestoreSummary:
    if not archive.is_file():
        raise BackupError(f"There is no file {archive}.")
    key = backup_key()
    with _staging() as staging:
        manifest = _unpack(archive, key, staging)
        _check_restorable(manifest, force=force)
        database.restore_database(staging / manifest.database.name, force=force)
        _place_files(manifest, staging, force=force)
        executor = MigrationExecutor(connection)
        pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
        call_command("migrate", interactive=False, verbosity=0)
    return RestoreSummary(manifest=manifest, migrations_applied=pending)


def _write_contents(tar: tarfile.TarFile, manifest: Manifest, dump: Path, *, skip: set[Path]) -> None:
    """The database copy, the data files, then the manifest (last: it holds every file's SHA-256)."""
    manifest.database = _add(tar, manifest.database.name, dump)
    for data_file in data_files(skip=skip):
        entry = _add_if_present(tar, data_file.name, data_file.path)
        if entry:
            manifest.files.append(entry)
    info = tarfile.TarInfo(MANIFEST_NAME)
    body = manifest.to_json()
    info.size, info.mode, info.mtime = len(body), 0o600, int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(body))


class _HashingReader(io.RawIOBase):
    def __init__(self, source: BinaryIO) -> None:
        super().__init__()
        self._source = source
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        block = self._source.read(size)
        self.digest.update(block)
        return block


def _add(tar: tarfile.TarFile, name: str, path: Path) -> Entry:
    info = tar.gettarinfo(str(path), arcname=name)
    info.mode, info.uid, info.gid, info.uname, info.gname = 0o600, 0, 0, "", ""
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return Entry(name=name, size=info.size, sha256=reader.digest.hexdigest())


def _add_if_present(tar: tarfile.TarFile, name: str, path: Path) -> Entry | None:
    try:
        return _add(tar, name, path)
    except FileNotFoundError:
        return None  # removed while the backup ran (a replaced triage model, say): no longer data


def _unpack(archive: Path, key: bytes, staging: Path) -> Manifest:
    """Unseal and extract into `staging`; every chunk authenticated, every file checked against the manifest."""
    extracted: set[str] = set()
    with archive.open("rb") as source:
        reader = UnsealingReader(source, key)
        try:
            with tarfile.open(fileobj=reader, mode="r|gz") as tar:
                for member in tar:
                    _check_member(member)
                    tar.extract(member, staging, filter="data")
                    if member.isfile():
                        extracted.add(member.name)
            reader.drain()
        except (tarfile.TarError, EOFError, zlib.error) as exc:
            raise DamagedArchive(f"The archive's contents are unreadable ({exc}): nothing was restored.") from exc
    if MANIFEST_NAME not in extracted:
        raise DamagedArchive("The archive has no manifest: nothing was restored.")
    manifest = Manifest.from_json((staging / MANIFEST_NAME).read_bytes())
    listed = {entry.name for entry in manifest.entries()}
    if extracted - {MANIFEST_NAME} != listed:
        raise DamagedArchive("The archive's files are not the ones its manifest lists: nothing was restored.")
    for entry in manifest.entries():
        path = staging / entry.name
        if path.stat().st_size != entry.size or sha256_of(path) != entry.sha256:
            raise DamagedArchive(f"{entry.name} does not match its SHA-256 in the manifest: nothing was restored.")
    return manifest


def _check_member(member: tarfile.TarInfo) -> None:
    parts = PurePosixPath(member.name).parts
    if not (member.isfile() or member.isdir()) or member.name.startswith("/") or ".." in parts:
        raise DamagedArchive(f"The archive holds an entry redress never writes ({member.name}): nothing was restored.")


def _check_restorable(manifest: Manifest, *, force: bool) -> None:
    if manifest.database_vendor != database.vendor():
        raise BackupError(
            f"This archive holds a {manifest.database_vendor} database and this installation uses "
            f"{database.vendor()}: restore it into an installation on {manifest.database_vendor}."
        )
    if manifest.data_key_check != data_key_check():
        raise WrongKey(
            "The personal data in this archive was encrypted with another data key: set REDRESS_DATA_KEY to "
            "the data key of the installation that made it (an archive never holds that key)."
        )
    known = _known_migrations()
    unknown = [f"{app}.{name}" for app, name in manifest.migrations if (app, name) not in known]
    if unknown:
        raise BackupError(
            f"This archive comes from a newer redress ({manifest.redress_version}): its migration "
            f"{unknown[0]} is unknown here. Install that version (or a later one), then restore."
        )
    if not force and database.migrated() and database.holds_data():
        raise BackupError(
            "The database of this installation already holds complaints, users or audit events: a restore "
            "would replace them. Restore into an empty database, or add --force to replace it."
        )


def _known_migrations() -> set[tuple[str, str]]:
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    return known


def _target_of(name: str) -> Path:
    root, _, rest = name.partition("/")
    roots = {
        "home": Path(settings.HOME),
        "media": Path(settings.MEDIA_ROOT),
        "sent-mail": Path(settings.EMAIL_FILE_PATH),
        "triage": Path(settings.REDRESS_TRIAGE_MODEL_DIR),
    }
    if root not in roots or not rest:
        raise DamagedArchive(f"The archive holds a file redress never writes ({name}): nothing was restored.")
    return roots[root].resolve() / rest


def _place_files(manifest: Manifest, staging: Path, *, force: bool) -> None:
    targets = {entry.name: _target_of(entry.name) for entry in manifest.files}
    if force:
        # a forced restore gives back the archive's state: data files made since are removed
        kept = set(targets.values())
        for data_file in data_files():
            if data_file.path.resolve() not in kept:
                data_file.path.unlink()
    for name, target in targets.items():
        _make_private_folders(target.parent)
        shutil.move(staging / name, target)
        target.chmod(0o600)


def _make_private_folders(folder: Path) -> None:
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for path in reversed(missing):
        path.mkdir(mode=0o700)


@contextmanager
def _staging() -> Iterator[Path]:
    """A private folder in the home (the data's file system: files are moved, not copied), removed whatever
    happens."""
    home = Path(settings.HOME)
    home.mkdir(parents=True, exist_ok=True)
    path = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=home))
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)
