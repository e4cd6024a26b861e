"""The archive's envelope: everything inside is encrypted and authenticated, in chunks, with AES-256-GCM.

Layout: a header (`MAGIC`, a random salt, a key check), then records of `flag (1 byte) + length (4 bytes) +
ciphertext`. The archive key is derived from the backup key with HKDF and the archive's own salt, so every
archive has its own key and a chunk counter can serve as the nonce. The header is the associated data of
every chunk and the final chunk carries its flag in its nonce too (the STREAM construction), so any changed,
moved, removed or added byte, and an archive cut short, fails authentication.

The key check (an HMAC under a second derived key) tells "another key" from "altered" before any chunk is
read; it says nothing of the key itself.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import io
import os
import struct
from collections.abc import Iterator
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from redress.backup.errors import DamagedArchive, NotAnArchive, WrongKey

MAGIC = b"REDRESS-BACKUP\x00\x01"
CHUNK_BYTES = 1024 * 1024
_SALT_BYTES = 16
_CHECK_BYTES = 16
_TAG_BYTES = 16
_HEADER_BYTES = len(MAGIC) + _SALT_BYTES + _CHECK_BYTES
_RECORD = struct.Struct(">BI")
_MORE, _FINAL = 0, 1
_INFO = b"redress/backup-archive/v1"


def master_key_bytes(key: str, *, setting: str) -> bytes:
    """A key setting (urlsafe base64 of 32 bytes) as bytes; a clear error naming the setting otherwise."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError) as exc:
        raise WrongKey(f"{setting} is not urlsafe base64.") from exc
    if len(raw) != 32:
        raise WrongKey(f"{setting} must decode to exactly 32 bytes.")
    return raw


def _derive(master: bytes, salt: bytes) -> tuple[bytes, bytes]:
    derived = HKDF(algorithm=hashes.SHA256(), length=64, salt=salt, info=_INFO).derive(master)
    return derived[:32], derived[32:]


def _check_value(check_key: bytes) -> bytes:
    return hmac.new(check_key, b"redress backup key check", hashlib.sha256).digest()[:_CHECK_BYTES]


def _nonce(counter: int, flag: int) -> bytes:
    return counter.to_bytes(11, "big") + bytes([flag])


class SealingWriter(io.RawIOBase):
    """A write-only stream that seals what is written to it into `sink`; `close()` writes the final chunk."""

    def __init__(self, sink: BinaryIO, master: bytes) -> None:
        super().__init__()
        salt = os.urandom(_SALT_BYTES)
        key, check_key = _derive(master, salt)
        self._sink = sink
        self._aead = AESGCM(key)
        self._header = MAGIC + salt + _check_value(check_key)
        self._buffer = bytearray()
        self._counter = 0
        sink.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        self._buffer += data
        while len(self._buffer) > CHUNK_BYTES:
            self._seal(bytes(self._buffer[:CHUNK_BYTES]), _MORE)
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), _FINAL)
            self._buffer.clear()
        super().close()

    def _seal(self, chunk: bytes, flag: int) -> None:
        sealed = self._aead.encrypt(_nonce(self._counter, flag), chunk, self._header)
        self._sink.write(_RECORD.pack(flag, len(sealed)) + sealed)
        self._counter += 1


def unseal(source: BinaryIO, master: bytes) -> Iterator[bytes]:
    """The plaintext of a sealed archive, chunk by chunk; each chunk is authenticated before it is given."""
    header = source.read(_HEADER_BYTES)
    if len(header) < _HEADER_BYTES or not header.startswith(MAGIC):
        raise NotAnArchive("This file is not a redress backup archive.")
    salt = header[len(MAGIC) : len(MAGIC) + _SALT_BYTES]
    key, check_key = _derive(master, salt)
    if not hmac.compare_digest(header[-_CHECK_BYTES:], _check_value(check_key)):
        raise WrongKey(
            "This archive was sealed with another key: set REDRESS_BACKUP_KEY (or REDRESS_DATA_KEY, when no "
            "backup key was set) to the key of the installation that made it."
        )
    aead = AESGCM(key)
    counter = 0
    while True:
        record = source.read(_RECORD.size)
        if not record:
            raise DamagedArchive("The archive is cut short (its last part is missing): nothing was restored.")
        if len(record) < _RECORD.size:
            raise DamagedArchive("The archive is cut short: nothing was restored.")
        flag, length = _RECORD.unpack(record)
        if flag not in (_MORE, _FINAL) or not _TAG_BYTES <= length <= CHUNK_BYTES + _TAG_BYTES:
            raise DamagedArchive(f"The archive is damaged or was altered (part {counter + 1}): nothing was restored.")
        sealed = source.read(length)
        if len(sealed) < length:
            raise DamagedArchive("The archive is cut short: nothing was restored.")
        try:
            chunk = aead.decrypt(_nonce(counter, flag), sealed, header)
        except InvalidTag:
            raise DamagedArchive(
                f"The archive is damaged or was altered (part {counter + 1} fails authentication): "
                "nothing was restored."
            ) from None
        yield chunk
        counter += 1
        if flag == _FINAL:
            if source.read(1):
                raise DamagedArchive("The archive has data after its end (it was altered): nothing was restored.")
            return


class UnsealingReader(io.RawIOBase):
    """`unseal` as a readable stream (for tarfile)."""

    def __init__(self, source: BinaryIO, master: bytes) -> None:
        super().__init__()
        self._chunks = unseal(source, master)
        self._pending = memoryview(b"")
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._pending and not self._done:
            try:
                self._pending = memoryview(next(self._chunks))
            except StopIteration:
                self._done = True
        size = min(len(buffer), len(self._pending))
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        return size

    def drain(self) -> None:
        """Read to the end, so the final chunk (and nothing after it) is checked too."""
        for _ in iter(lambda: self.read(CHUNK_BYTES), b""):
            pass
