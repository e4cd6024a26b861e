"""Which files of a redress home are data, and so go into a backup.

Everything under `REDRESS_HOME` is data (evidence, sent mail, triage models, the embedded secret that signs
survey links, ...) except: key files (`*.key`: the data key is never in the archive that it protects; keep it
apart), the database files (the archive holds a consistent copy made for it instead), the embedded broker's
queue and the scheduler's state (work in flight, made again at start), collected static files (a cache), and
backup archives or a restore's staging. Evidence, sent mail and triage models kept outside the home (their
settings point elsewhere) are data too, each under its own name in the archive.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from redress.backup.sealing import MAGIC

STAGING_PREFIX = ".redress-staging-"
_NOT_DATA_NAMES = ("redress.sqlite3", "broker.sqlite3", "celerybeat-schedule")
_KEY_SETTINGS = ("REDRESS_DATA_KEY_FILE", "REDRESS_BACKUP_KEY_FILE")


@dataclass(frozen=True)
class DataFile:
    name: str  # in the archive: "<root>/<path under the root>"
    path: Path


def data_roots() -> dict[str, Path]:
    """The folders whose files are data, by their name in the archive."""
    home = Path(settings.HOME).resolve()
    roots = {"home": home}
    for name, setting in (
        ("media", settings.MEDIA_ROOT),
        ("sent-mail", getattr(settings, "EMAIL_FILE_PATH", None)),
        ("triage", getattr(settings, "REDRESS_TRIAGE_MODEL_DIR", None)),
    ):
        if setting and not Path(setting).resolve().is_relative_to(home):
            roots[name] = Path(setting).resolve()
    return roots


def _excluded_paths() -> set[Path]:
    excluded = {Path(settings.STATIC_ROOT).resolve()}
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        excluded.add(Path(database["NAME"]).resolve())
    for setting in _KEY_SETTINGS:
        if getattr(settings, setting, ""):
            excluded.add(Path(getattr(settings, setting)).resolve())
    return excluded


def _is_data(path: Path, excluded: set[Path]) -> bool:
    name = path.name
    if name.endswith(".key") or name.startswith(STAGING_PREFIX) or name.startswith(_NOT_DATA_NAMES):
        return False
    if path in excluded or any(path.name.startswith(e.name + "-") and path.parent == e.parent for e in excluded):
        return False  # the file itself, or SQLite's -wal, -shm and -journal beside it
    if path.is_file():
        with path.open("rb") as handle:
            return handle.read(len(MAGIC)) != MAGIC  # an archive kept in the home is not backed up again
    return True


def data_files(*, skip: set[Path] | None = None) -> Iterator[DataFile]:
    """Every data file, in a stable order; symbolic links are not followed (nor kept)."""
    excluded = _excluded_paths() | {path.resolve() for path in skip or ()}
    for root_name, root in data_roots().items():
        if root.is_dir():
            yield from _walk(root_name, root, root, excluded)


def _walk(root_name: str, root: Path, folder: Path, excluded: set[Path]) -> Iterator[DataFile]:
    for path in sorted(folder.iterdir()):
        if path.is_symlink() or not _is_data(path, excluded):
            continue
        if path.is_dir():
            yield from _walk(root_name, root, path, excluded)
        elif path.is_file():
            yield DataFile(name=f"{root_name}/{path.relative_to(root).as_posix()}", path=path)
