"""Partial masking of personal data for display to staff who need only to recognise it.

Every masker returns "" for empty or blank input, and never returns the value unmasked
when there is more than a character or two of it. Free text (a description, a note, a letter) is
masked by the scrubber: `mask_free_text`, `mask_free_html`, `mask_free_data`, and `text_mask` for
one reader of one complaint.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html import escape
from threading import Lock
from typing import Any

from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from redress.privacy.blind_index import normalize
from redress.privacy.scrubber import MARKER, kind_label, render, scrub

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


# --- Free text -----------------------------------------------------------------------------

Known = tuple[tuple[str, str], ...]

_KNOWN_FIELDS = (
    ("name", "customer_name"),
    ("id_number", "customer_id_number"),
    ("phone", "customer_phone"),
    ("email", "customer_email"),
    ("address", "customer_address"),
)
# Event data that is bookkeeping, not text anyone wrote: status codes, digests, staff usernames and
# department codes (shown by their names), the fields a reveal covered.
_STRUCTURAL_KEYS = frozenset(
    {"from", "to", "sha256", "hash", "message_id", "assignee", "previous", "department", "fields", "clock"}
)
# A long text is scrubbed once per version, not on every view of it: the scrubbed text by a digest
# of the text and the known values (the text itself is not kept as a key).
_CACHE_MIN_LENGTH = 1000
_CACHE_SIZE = 128
_cache: OrderedDict[bytes, str] = OrderedDict()
_cache_lock = Lock()


def known_of(complaint: Any) -> Known:
    """The complaint's own personal values as (kind, value) pairs for the scrubber: found wherever they are
    written, whatever the rules find."""
    return tuple((kind, value) for kind, field in _KNOWN_FIELDS if (value := (getattr(complaint, field) or "").strip()))


def _scrubbed(text: str, known: Known) -> str:
    if len(text) < _CACHE_MIN_LENGTH:
        return scrub(text, known=known)
    key = hashlib.blake2b(repr((text, known)).encode("utf-8", "surrogatepass"), digest_size=20).digest()
    with _cache_lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    found = scrub(text, known=known)
    with _cache_lock:
        _cache[key] = found
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return found


def mask_free_text(text: str | None, known: Iterable[tuple[str, str]] = ()) -> str:
    """`text` with the personal data in it (what the scrubber's rules find, and every `known` value) replaced
    by its label in the active language: "call me on [phone number]". Plain text."""
    if not text:
        return text or ""
    return render(_scrubbed(text, tuple(known)))


def mask_free_html(text: str | None, known: Iterable[tuple[str, str]] = ()) -> SafeString:
    """As `mask_free_text`, for a page: the text HTML-escaped, each label in a `<span class="pii-removed">`."""
    return markers_html(_scrubbed(text or "", tuple(known)))


def markers_html(scrubbed: str) -> SafeString:
    """A scrubbed text HTML-escaped, each marker ("⟦phone⟧") as `<span class="pii-removed">[phone number]</span>`."""
    # Escaping first leaves the markers as they are (⟦ ⟧ are not HTML), so only our spans are markup.
    escaped = escape(scrubbed, quote=True)
    html = MARKER.sub(lambda m: f'<span class="pii-removed">[{escape(kind_label(m.group(1)))}]</span>', escaped)
    return mark_safe(html)  # every piece of text in it was escaped above


def mask_letter_text(text: str, complaint: Any, *, html: bool = False) -> str:
    """A letter's text for who may not see personal data: the customer's own values partly masked (still
    recognisable: "张*", "138****5678"), then every other personal datum in it as a label. `html`: `text` is
    HTML (the labels are escaped into it)."""
    partly = mask_customer_data(text, complaint, html=html)
    scrubbed = _scrubbed(partly, known_of(complaint)) if partly else ""
    if html:
        return MARKER.sub(lambda m: f"[{escape(kind_label(m.group(1)))}]", scrubbed)
    return render(scrubbed)


def mask_free_data(value: Any, known: Iterable[tuple[str, str]] = ()) -> Any:
    """A copy of JSON-like data (an event's data) with every text in it masked as `mask_free_text` does;
    numbers, booleans and bookkeeping keys (status codes, digests, staff usernames) as they are."""
    known = tuple(known)
    if isinstance(value, str):
        return mask_free_text(value, known)
    if isinstance(value, list):
        return [mask_free_data(v, known) for v in value]
    if isinstance(value, dict):
        return {k: v if k in _STRUCTURAL_KEYS else mask_free_data(v, known) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class TextMask:
    """How one reader is shown a complaint's free text: as written (`active` false), or with the personal
    data in it replaced by labels, the complaint's own values (`known`) always among them."""

    active: bool = True
    known: Known = ()

    def text(self, value: str | None) -> str:
        return mask_free_text(value, self.known) if self.active else value or ""

    def html(self, value: str | None) -> SafeString:
        return mask_free_html(value, self.known) if self.active else conditional_escape(value or "")

    def data(self, value: Any) -> Any:
        return mask_free_data(value, self.known) if self.active else value

    def __bool__(self) -> bool:
        return self.active


def text_mask(complaint: Any, *, unmasked: bool) -> TextMask:
    """The mask of `complaint`'s free text for a reader who may (`unmasked`) or may not see personal data."""
    return TextMask(active=False) if unmasked else TextMask(active=True, known=known_of(complaint))
