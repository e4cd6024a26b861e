"""What can go wrong with a backup or a restore, each said plainly (the commands print it, no traceback)."""

from __future__ import annotations


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


class NotAnArchive(BackupError):
    pass


class WrongKey(BackupError):
    pass


class DamagedArchive(BackupError):
    pass
