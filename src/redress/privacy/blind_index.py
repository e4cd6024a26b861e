"""Blind indexes: a keyed hash of a normalised value, so encrypted fields can be searched.

Store `blind_index(kind, value)` beside the encrypted value and filter on it. Values are
normalised first so that different spellings of the same phone number, e-mail address or ID
number give the same index.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata
from typing import Literal

from redress.privacy.crypto import index_key, index_keys

Kind = Literal["phone", "email", "id_number"]

_NON_DIGITS = re.compile(r"[^0-9]")
_CN_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_CN_CODE = "86"


def _normalize_phone(text: str) -> str:
    digits = _NON_DIGITS.sub("", text)
    international = text.startswith("+")
    if not international and digits.startswith("00"):  # "00" dials out, like "+"
        digits, international = digits[2:], True
    if digits.startswith(_CN_CODE):
        national = digits[len(_CN_CODE) :]
        # "+86"/"0086" always name China; a bare "86" only when a mobile number follows,
        # since a domestic number may itself start with 86.
        if international or _CN_MOBILE.fullmatch(national):
            return national
    return digits  # other countries keep their country code: "+44 20 7946 0958" -> "44..."


def normalize(kind: Kind, value: str) -> str:
    """The canonical form of `value` that the index is computed over ("" if blank)."""
    # NFKC turns full-width digits and letters (common in Chinese input) into ASCII.
    text = unicodedata.normalize("NFKC", value).strip()
    if kind == "phone":
        return _normalize_phone(text)
    if kind == "email":
        return text.lower()
    if kind == "id_number":
        return "".join(text.split()).upper()  # the final check character may be x or X
    raise ValueError(f"Unknown blind index kind: {kind!r}")


def _hmac(key: bytes, kind: Kind, normalized: str) -> str:
    # The kind is part of the message so the same string indexes differently per kind.
    return hmac.new(key, f"{kind}:{normalized}".encode(), hashlib.sha256).hexdigest()


def blind_index(kind: Kind, value: str) -> str:
    """HMAC-SHA256 (hex, 64 chars) of `kind:normalized` under the current key; "" when there is nothing to index."""
    normalized = normalize(kind, value)
    return _hmac(index_key(), kind, normalized) if normalized else ""


def blind_indexes(kind: Kind, value: str) -> list[str]:
    """The index under the current key and under each old key: what to search for while a rotation runs
    (rows not yet rotated keep their old index); one value when no old key is set, [] for nothing."""
    normalized = normalize(kind, value)
    return [_hmac(key, kind, normalized) for key in index_keys()] if normalized else []
