"""Encryption of personal data at rest (AES-256-GCM) and the key for blind indexes.

Both keys are derived from `settings.REDRESS_DATA_KEY` with HKDF, each with its own `info`
label, so the encryption key and the blind-index key are independent: knowing one index
value (or the index key) says nothing about the encryption key, and vice versa.
"""

from __future__ import annotations

import base64
import binascii
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "v1:"  # names the scheme, so a later key or algorithm can live beside this one
BYTES_PREFIX = b"\x00v1"  # the same scheme for raw bytes; a NUL no stored email starts with
_NONCE_BYTES = 12
_TAG_BYTES = 16
_KEY_BYTES = 32
_ENCRYPTION_INFO = b"redress/pii-encryption/v1"
_INDEX_INFO = b"redress/pii-blind-index/v1"


class DecryptionError(ValueError):
    """A stored value could not be decrypted: not a token, corrupted, tampered, or wrong key."""


@functools.lru_cache(maxsize=16)
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


def _encryption_key() -> bytes:
    return _subkey(settings.REDRESS_DATA_KEY, _ENCRYPTION_INFO)


def index_key() -> bytes:
    """The HMAC key for blind indexes (see `redress.privacy.blind_index`)."""
    return _subkey(settings.REDRESS_DATA_KEY, _INDEX_INFO)


def encrypt(plaintext: str) -> str:
    """Encrypt text as `"v1:" + urlsafe_b64(nonce + ciphertext + tag)`; "" stays ""."""
    if plaintext == "":
        return ""
    # A fresh random nonce per value: the same text never encrypts to the same token.
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(_encryption_key()).encrypt(nonce, plaintext.encode("utf-8"), None)
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode("ascii")


def decrypt(token: str) -> str:
    """Reverse `encrypt`; raise `DecryptionError` if the token is malformed or was altered."""
    if token == "":
        return ""
    if not token.startswith(PREFIX):
        raise DecryptionError("Not an encrypted value (missing the 'v1:' prefix).")
    try:
        raw = base64.b64decode(token[len(PREFIX) :].encode("ascii"), altchars=b"-_", validate=True)
    except (binascii.Error, UnicodeEncodeError) as exc:
        raise DecryptionError("Encrypted value is not valid base64.") from exc
    if len(raw) < _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("Encrypted value is too short.")
    nonce, sealed = raw[:_NONCE_BYTES], raw[_NONCE_BYTES:]
    try:
        plaintext = AESGCM(_encryption_key()).decrypt(nonce, sealed, None)
    except InvalidTag as exc:
        raise DecryptionError("Encrypted value failed authentication: it was altered or the key is wrong.") from exc
    return plaintext.decode("utf-8")


def is_encrypted(value: str | bytes | memoryview) -> bool:
    """Whether a stored value is one of our tokens (text or bytes), i.e. not plaintext kept from before."""
    if isinstance(value, str):
        return value.startswith(PREFIX)
    return bytes(value).startswith(BYTES_PREFIX)


def encrypt_bytes(data: bytes) -> bytes:
    """Encrypt bytes (a whole email as received) as `BYTES_PREFIX + nonce + ciphertext + tag`; b"" stays b""."""
    if not data:
        return b""
    nonce = os.urandom(_NONCE_BYTES)
    return BYTES_PREFIX + nonce + AESGCM(_encryption_key()).encrypt(nonce, data, None)


def decrypt_bytes(token: bytes) -> bytes:
    """Reverse `encrypt_bytes`; raise `DecryptionError` if the value is not ours or was altered."""
    if not token:
        return b""
    if not token.startswith(BYTES_PREFIX) or len(token) < len(BYTES_PREFIX) + _NONCE_BYTES + _TAG_BYTES:
        raise DecryptionError("Not encrypted bytes (missing the version prefix, or too short).")
    body = token[len(BYTES_PREFIX) :]
    try:
        return AESGCM(_encryption_key()).decrypt(body[:_NONCE_BYTES], body[_NONCE_BYTES:], None)
    except InvalidTag as exc:
        raise DecryptionError("Encrypted value failed authentication: it was altered or the key is wrong.") from exc
