"""Files encrypted at rest: the evidence a customer or handler attaches (ID cards, statements, recordings).

`EncryptedFileSystemStorage` is Django's file-system storage whose files hold `encrypt_bytes` of what
was saved, under the same data key as the customer fields; opening a file gives back the plaintext.
Evidence is at most 20 MB a file (`complaints.services.evidence.MAX_BYTES`), so a file is sealed and
opened whole in memory.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import IO, Any

from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from redress.privacy.crypto import current_key_id, decrypt_bytes, encrypt_bytes, is_encrypted, key_id_of


class EncryptedFileSystemStorage(FileSystemStorage):
    def save(self, name: str | None, content: IO[Any], max_length: int | None = None) -> str:
        content.seek(0)
        return super().save(name, ContentFile(encrypt_bytes(content.read())), max_length=max_length)

    def open(self, name: str, mode: str = "rb") -> File[Any]:
        if "w" in mode or "a" in mode or "+" in mode:
            raise ValueError("Encrypted files are written by save(), not opened for writing.")
        with super().open(name, "rb") as sealed:
            return ContentFile(decrypt_bytes(sealed.read()), name=name)

    def seal_in_place(self, name: str) -> bool:
        """Encrypt a file stored before encryption (a data migration); False when it already was."""
        return self._rewrite(name, sealed=False, change=encrypt_bytes)

    def unseal_in_place(self, name: str) -> bool:
        """The data migration's reverse: the file back in clear; False when it was not encrypted."""
        return self._rewrite(name, sealed=True, change=decrypt_bytes)

    def key_id_of(self, name: str) -> str | None:
        """The key id the stored file names (see `crypto.key_id_of`); None when it is not encrypted."""
        with super().open(name, "rb") as handle:
            return key_id_of(handle.read(8))

    def rekey_in_place(self, name: str) -> bool:
        """Re-encrypt a file under the current data key (a key rotation); False when it already was, or is in clear.

        The new file replaces the old one in one rename, so an interrupted rotation leaves either, never half."""
        with super().open(name, "rb") as handle:
            data = handle.read()
        if not data or not is_encrypted(data) or key_id_of(data) == current_key_id():
            return False
        path = self.path(name)
        temporary = f"{path}.rekey"
        with open(temporary, "wb") as handle:
            handle.write(encrypt_bytes(decrypt_bytes(data)))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
        return True

    def _rewrite(self, name: str, *, sealed: bool, change: Callable[[bytes], bytes]) -> bool:
        with super().open(name, "rb") as handle:
            data = handle.read()
        if not data or is_encrypted(data) != sealed:
            return False
        with open(self.path(name), "wb") as handle:
            handle.write(change(data))
        return True


def evidence_storage() -> EncryptedFileSystemStorage:
    """The storage of evidence files (a callable, so migrations do not record its settings)."""
    return EncryptedFileSystemStorage()
