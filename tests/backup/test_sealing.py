"""The archive's envelope: what it seals comes back, and any change, cut or other key is refused."""

from __future__ import annotations

import io
import os

import pytest

from redress.backup import sealing
from redress.backup.errors import DamagedArchive, NotAnArchive, WrongKey
from redress.backup.sealing import SealingWriter, UnsealingReader, master_key_bytes, unseal

KEY = os.urandom(32)


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sealing, "CHUNK_BYTES", 64)


def _seal(plain: bytes, key: bytes = KEY) -> bytes:
    sink = io.BytesIO()
    with SealingWriter(sink, key) as writer:
        for start in range(0, len(plain), 50):
            writer.write(plain[start : start + 50])
    return sink.getvalue()


def _unseal(sealed: bytes, key: bytes = KEY) -> bytes:
    return b"".join(unseal(io.BytesIO(sealed), key))


@pytest.mark.parametrize("size", [0, 1, 64, 65, 1000])
def test_it_gives_back_what_it_sealed(size: int) -> None:
    plain = os.urandom(size)

    assert _unseal(_seal(plain)) == plain
    reader = UnsealingReader(io.BytesIO(_seal(plain)), KEY)
    assert reader.read() == plain


def test_the_same_plaintext_seals_differently_each_time() -> None:
    assert _seal(b"x" * 200) != _seal(b"x" * 200)


def test_every_changed_byte_is_refused() -> None:
    sealed = _seal(os.urandom(300))
    header = len(sealing.MAGIC) + 32
    for position in range(len(sealing.MAGIC), len(sealed)):
        changed = bytearray(sealed)
        changed[position] ^= 0x01
        expected = WrongKey if position < header else DamagedArchive
        with pytest.raises(expected):
            _unseal(bytes(changed))


@pytest.mark.parametrize("keep", [0.2, 0.5, 0.99])
def test_a_cut_archive_is_refused(keep: float) -> None:
    sealed = _seal(os.urandom(300))

    with pytest.raises(DamagedArchive, match="cut short"):
        _unseal(sealed[: int(len(sealed) * keep)])


def test_a_cut_at_a_chunk_boundary_is_refused() -> None:
    sealed = _seal(os.urandom(128))
    header = len(sealing.MAGIC) + 32
    first_record = header + 5 + 64 + 16

    with pytest.raises(DamagedArchive, match="cut short"):
        _unseal(sealed[:first_record])


def test_reordered_chunks_are_refused() -> None:
    sealed = _seal(os.urandom(128) + b"end")
    header = len(sealing.MAGIC) + 32
    record = 5 + 64 + 16
    first, second = sealed[header : header + record], sealed[header + record : header + 2 * record]

    with pytest.raises(DamagedArchive):
        _unseal(sealed[:header] + second + first + sealed[header + 2 * record :])


def test_data_after_the_end_is_refused() -> None:
    with pytest.raises(DamagedArchive, match="after its end"):
        _unseal(_seal(b"plain") + b"more")


def test_another_key_is_told_apart_from_damage() -> None:
    with pytest.raises(WrongKey, match="another key"):
        _unseal(_seal(b"plain"), os.urandom(32))


def test_a_file_that_is_not_an_archive_is_said_so() -> None:
    with pytest.raises(NotAnArchive):
        _unseal(b"SQLite format 3\x00" + bytes(100))


@pytest.mark.parametrize("key", ["not base64!", "c2hvcnQ="])
def test_a_malformed_key_setting_is_named(key: str) -> None:
    with pytest.raises(WrongKey, match="REDRESS_BACKUP_KEY"):
        master_key_bytes(key, setting="REDRESS_BACKUP_KEY")
