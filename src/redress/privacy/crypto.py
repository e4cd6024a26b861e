"""Encryption of personal data at rest (AES-256-GCM) and the key for blind indexes.

Both keys are derived from a data key with HKDF, each with its own `info` label, so the
encryption key and the blind-index key are independent: knowing one index value (or the index
key) says nothing about the encryption key, and vice versa.

Keys can be rotated (`redress keys rotate`): every ciphertext names the data key that made it by
a key id (8 hex characters, itself derived with HKDF, so it says nothing about the key). Values are
written with `settings.REDRESS_DATA_KEY` and read with it or any of `settings.REDRESS_OLD_DATA_KEYS`.
Ciphertexts written before key ids ("v1:", b"\\x00v1") carry none: they are tried with each key.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os
from collections.abc import Iterator
from contextlib import contextmanager

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v2:"  # "v2:" + key id + ":" + urlsafe_b64(nonce + ciphertext + tag)
LEGACY_PREFIX = "v1:"  # before key ids: "v1:" + urlsafe_b64(nonce + ciphertext + tag)
BYTES_PREFIX = b"\x00v2"  # the same for raw bytes (+ 4 key-id bytes); a NUL no stored email starts with
LEGACY_BYTES_PREFIX = b"\x00v1"
LEGACY = "v1"  # what `key_id_of` says of a value written before key ids
_KEY_ID_BYTES = 4
_NONCE_BYTES = 12
_TAG_BYTES = 16
_KEY_BYTES = 32
_ENCRYPTION_INFO = b"redress/pii-encryption/v1"
_INDEX_INFO = b"redress/pii-blind-index/v1"
_KEY_ID_INFO = b"redress/data-key-id/v1"


class DecryptionError(ValueError):
    """A stored value could not be decrypted: not a token, corrupted, tampered, or wrong key."""


@functools.lru_cache(maxsize=32)
def _subkey(master_key: str, info: bytes) -> bytes:
    # Cached on the key string itself, so tests that override the setting get fresh keys.
    try:
        master = base64.urlsafe_b64decode(master_key.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise ImproperlyConfigured("REDRESS_DATA_KEY is not urlsafe base64.") from exc
    if len(master) != _KEY_BYTES:
        raise ImproperlyConfigured("REDRESS_DATA_KEY must decode to exactly 32 bytes.")
    hkdf = HKDF(algorithm=hashes.SHA256(), length=_KEY_BYTES, salt=None, info=info)
    return hkdf.derive(master)


def check_key(master_key: str) -> None:
    """Raise `ImproperlyConfigured` unless `master_key` is a usable data key."""
    _subkey(master_key, _ENCRYPTION_INFO)


def key_id(master_key: str) -> str:
    """The id a data key's ciphertexts carry (hex): derived, so it reveals nothing of the key."""
    return _subkey(master_key, _KEY_ID_INFO)[:_KEY_ID_BYTES].hex()


def current_key_id() -> str:
    return key_id(settings.REDRESS_DATA_KEY)


def _keys() -> list[str]:
    """The current key first, then the old ones kept for reading during a rotation."""
    old = [k for k in getattr(settings, "REDRESS_OLD_DATA_KEYS", []) if k != settings.REDRESS_DATA_KEY]
    return [settings.REDRESS_DATA_KEY, *old]


def _reading_key(kid: str) -> bytes:
    for master in _keys():
        if key_id(master) == kid:
            return _subkey(master, _ENCRYPTION_INFO)
    raise DecryptionError(f"Encrypted with data key {kid}, which is neither REDRESS_DATA_KEY nor an old key.")


def _encryption_key() -> bytes:
    return _subkey(settings.REDRESS_DATA_KEY, _ENCRYPTION_INFO)


def index_key() -> bytes:
    """The HMAC key for blind indexes (see `redress.privacy.blind_index`)."""
    return _subkey(settings.REDRESS_DATA_KEY, _INDEX_INFO)


def index_keys() -> list[bytes]:
    """The blind-index keys of every configured key, current first: what a search must try during a rotation."""
    return [_subkey(master, _INDEX_INFO) for master in _keys()]


@contextmanager
def writing_with(new_key: str) -> Iterator[None]:
    """Within: write with `new_key`, read with it and every configured key (what a rotation runs under)."""
    check_key(new_key)
    saved = settings.REDRESS_DATA_KEY, getattr(settings, "REDRESS_OLD_DATA_KEYS", [])
    settings.REDRESS_OLD_DATA_KEYS = [k for k in _keys() if k != new_key]
    settings.REDRESS_DATA_KEY = new_key
    try:
        yield
    finally:
        settings.REDRESS_DATA_KEY, settings.REDRESS_OLD_DATA_KEYS = saved


def _open(keys: list[bytes], nonce: bytes, sealed: bytes) -> bytes:
    for key in keys:
        try:
            return AESGCM(key).decrypt(nonce, sealed, None)
        except InvalidTag:
            continue
    raise DecryptionError("Encrypted value failed authentication: it was altered or the key is wrong.")


def _legacy_keys() -> list[bytes]:
    return [_subkey(master, _ENCRYPTION_INFO) for master in _keys()]


def encrypt(plaintext: str) -> str:
    """Encrypt text as `"v2:" + key id + ":" + urlsafe_b64(nonce + ciphertext + tag)`; "" stays ""."""
    if plaintext == "":
        return ""
    # A fresh random nonce per value: the same text never encrypts to the same token.
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, plaintext.encode("utf-8"), None)
    return f"{PREFIX}{current_key_id()}:" + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    """Reverse `encrypt`; raise `DecryptionError` if the token is malformed, was altered, or its key is unknown."""
    if token == "":
        return ""
    if token.startswith(PREFIX):
        kid, sep, body = token[len(PREFIX) :].partition(":")
        if not sep or len(kid) != 2 * _KEY_ID_BYTES:
            raise DecryptionError("Encrypted value has no key id.")
        keys = [_reading_key(kid)]
    elif token.startswith(LEGACY_PREFIX):
        body, keys = token[len(LEGACY_PREFIX) :], _legacy_keys()
    else:
        raise DecryptionError("Not an encrypted value (missing the 'v2:' or 'v1:' prefix).")
    try:
        raw = base64.b64decode(body.encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise DecryptionError("Encrypted value is not valid base64.") from exc
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("Encrypted value is too short.")
    return _open(keys, raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]).decode("utf-8")


def is_encrypted(value: str | bytes | memoryview) -> bool:
    """Whether a stored value is one of our tokens (text or bytes), i.e. not plaintext kept from before."""
    if isinstance(value, str):
        return value.startswith((PREFIX, LEGACY_PREFIX))
    return bytes(value).startswith((BYTES_PREFIX, LEGACY_BYTES_PREFIX))


def key_id_of(value: str | bytes | memoryview) -> str | None:
    """The key id a stored token names, `LEGACY` for one written before key ids, None for plaintext or empty."""
    if isinstance(value, str):
        if value.startswith(PREFIX):
            return value[len(PREFIX) : len(PREFIX) + 2 * _KEY_ID_BYTES]
        return LEGACY if value.startswith(LEGACY_PREFIX) else None
    head = bytes(value[: len(BYTES_PREFIX) + _KEY_ID_BYTES])
    if head.startswith(BYTES_PREFIX):
        return head[len(BYTES_PREFIX) :].hex()
    return LEGACY if head.startswith(LEGACY_BYTES_PREFIX) else None


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt bytes (a whole email as received): `BYTES_PREFIX + key id + nonce + ciphertext + tag`; b"" stays b""."""
    if not data:
        return b""
    nonce = os.urandom(_NONCE_BYTES)
    kid = bytes.fromhex(current_key_id())
    return BYTES_PREFIX + kid + nonce + AESGCM(_encryption_key()).encrypt(nonce, data, None)


def decrypt_bytes(token: bytes) -> bytes:
    """Reverse `encrypt_bytes`; raise `DecryptionError` if the value is not ours, was altered, or its key is unknown."""
    if not token:
        return b""
    if token.startswith(BYTES_PREFIX):
        body = token[len(BYTES_PREFIX) + _KEY_ID_BYTES :]
        keys = [_reading_key(token[len(BYTES_PREFIX) : len(BYTES_PREFIX) + _KEY_ID_BYTES].hex())]
    elif token.startswith(LEGACY_BYTES_PREFIX):
        body, keys = token[len(LEGACY_BYTES_PREFIX) :], _legacy_keys()
    else:
        raise DecryptionError("Not encrypted bytes (missing the version prefix).")
    if len(body) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("Encrypted bytes are too short.")
    return _open(keys, body[:_NONCE_BYTES], body[_NONCE_BYTES:])
