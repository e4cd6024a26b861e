"""Partial masking of personal data for display to staff who need only to recognise it.

Every masker returns "" for empty or blank input, and never returns the value unmasked
when there is more than a character or two of it.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from redress.privacy.blind_index import normalize

_ADDRESS_KEEP = 6


def _keep_ends(text: str, head: int, tail: int) -> str:
    """Keep `head` leading and `tail` trailing characters; short values keep the last 2."""
    if len(text) > head + tail:
        return text[:head] + "*" * (len(text) - head - tail) + text[-tail:]
    if len(text) > 2:
        return "*" * (len(text) - 2) + text[-2:]
    return "*" * len(text)


def mask_phone(value: str | None) -> str:
    """'+86 138-1234-5678' -> '138****5678'."""
    # Normalise first so the country code and separators don't count as shown digits.
    return _keep_ends(normalize("phone", value or ""), 3, 4)


def mask_email(value: str | None) -> str:
    """'zhang.san@example.com' -> 'z********@example.com' (one star per hidden character)."""
    text = (value or "").strip()
    if not text:
        return ""
    local, at, domain = text.rpartition("@")
    if not at:  # not an address: mask it like a local part
        local, domain = text, ""
    return local[:1] + "*" * (len(local) - 1) + at + domain


def mask_id_number(value: str | None) -> str:
    """'110101199003071234' -> '110***********1234'."""
    return _keep_ends(normalize("id_number", value or ""), 3, 4)


def mask_name(value: str | None) -> str:
    """'张三' -> '张*', '欧阳娜娜' -> '欧***', 'John Smith' -> 'J*** S****'."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in (value or "").split())


def mask_address(value: str | None) -> str:
    """'北京市朝阳区建国路88号' -> '北京市朝阳区****' (the first 6 characters)."""
    text = (value or "").strip()
    if not text:
        return ""
    # A short address would be shown whole by "first 6": show at most half of it.
    keep = _ADDRESS_KEEP if len(text) > _ADDRESS_KEEP else len(text) // 2
    return text[:keep] + "****"


MASKERS: dict[str, Callable[[str | None], str]] = {
    "customer_name": mask_name,
    "customer_phone": mask_phone,
    "customer_email": mask_email,
    "customer_id_number": mask_id_number,
    "customer_address": mask_address,
}


def customer_data(complaint: Any, *, unmasked: bool) -> dict[str, str]:
    """The complaint's customer details by short name (name, id_number, phone, email, address), masked unless
    `unmasked`: what the pages and the API show."""
    return {
        field.removeprefix("customer_"): (getattr(complaint, field) if unmasked else mask(getattr(complaint, field)))
        for field, mask in MASKERS.items()
    }


def mask_customer_data(text: str, complaint: Any, *, html: bool = False) -> str:
    """A copy of `text` (a letter) with the complaint's customer data in it masked; `html`: as HTML escapes it."""
    c = complaint
    pairs = [
        (c.customer_id_number, mask_id_number(c.customer_id_number)),
        (c.customer_email, mask_email(c.customer_email)),
        (c.customer_phone, mask_phone(c.customer_phone)),
        (c.customer_address, mask_address(c.customer_address)),
        (c.customer_name, mask_name(c.customer_name)),
    ]
    if html:
        pairs = [(escape(secret or "", quote=False), escape(masked, quote=False)) for secret, masked in pairs]
    for secret, masked in sorted(pairs, key=lambda p: -len(p[0] or "")):
        if secret and secret.strip():
            text = text.replace(secret, masked)
    return text
