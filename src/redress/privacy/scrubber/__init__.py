"""Personal data in free text (Chinese and English): find it, replace it by markers, show them.

`find(text)` returns the spans of names, ID numbers, phone, card and account numbers, e-mail
and postal addresses; `scrub(text)` replaces each by a language-neutral marker "⟦phone⟧", so
a scrubbed text can be stored once and shown in any language; `render(text)` turns markers
into labels in the active language ("[phone number]", "[电话号码]").

What counts as personal data is in `scrub_rules.toml` beside this module (patterns, context
words, surnames, check-digit validators by name), for compliance to read and extend.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext_lazy as _

from redress.privacy.scrubber.rules import KINDS, load_rules

__all__ = ["KINDS", "MARKER", "Found", "find", "kind_label", "render", "scrub"]

_LABELS = {
    "name": _("person's name"),
    "id_number": _("ID number"),
    "phone": _("phone number"),
    "card_number": _("card number"),
    "account_number": _("account number"),
    "email": _("e-mail address"),
    "address": _("postal address"),
}

MARKER = re.compile("⟦(" + "|".join(KINDS) + ")⟧")

# Full-width ASCII (１３８, ＠, ：) and the ideographic space to their ASCII forms, one character
# for one so that offsets in the translated text are offsets in the original.
_HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_KNOWN_PRIORITY = 100
_KNOWN_NUMBER_KINDS = ("phone", "id_number", "card_number", "account_number")
_KNOWN_SEPARATORS = r"[\s\-./()]*"
_MIN_KNOWN_LENGTH = 2
# Country codes a known phone number may start with, longest first ("852" before "8…").
_COUNTRY_CODES = ("852", "853", "886", "86", "44", "61", "65", "81", "82", "33", "49", "1")


@dataclass(frozen=True)
class Found:
    kind: str  # one of KINDS
    start: int
    end: int  # text[start:end] is the personal datum


def kind_label(kind: str) -> str:
    """The translated label of a kind ("phone number")."""
    return str(_LABELS[kind])


def _phone_national(value: str, chars: list[str]) -> tuple[list[str], str]:
    """The digits of a phone number without its country code or trunk 0, and a pattern for the
    prefixes it may be written with: "+86 138…", "0086-138…", "138…"; "+44 20…", "020…"."""
    digits = "".join(chars)
    international = value.startswith("+") or digits.startswith("00")
    digits = digits.removeprefix("00") if international else digits
    any_code = r"(?:(?:\+|00)\s*\d{1,3}[\s-]*(?:\(0\)\s*)?)"
    if international:
        code = next((c for c in _COUNTRY_CODES if digits.startswith(c) and len(digits) - len(c) >= 6), "")
        national = digits[len(code) :].removeprefix("0")
        return list(national), rf"(?:(?:(?:\+|00)\s*{code}[\s-]*(?:\(0\)\s*)?)|0)?"
    if digits.startswith("0"):
        return list(digits[1:]), rf"(?:{any_code}|0)"
    return list(digits), f"{any_code}?"


def _known_pattern(kind: str, value: str) -> re.Pattern[str] | None:
    return _compile_known(kind, unicodedata.normalize("NFKC", value).strip())


@lru_cache(maxsize=4096)
def _compile_known(kind: str, value: str) -> re.Pattern[str] | None:
    boundary_start, boundary_end = load_rules().boundaries
    if kind in _KNOWN_NUMBER_KINDS:
        chars = [ch for ch in value if ch.isalnum()]
        prefix = ""
        if kind == "phone":
            chars, prefix = _phone_national(value, chars)
        if len(chars) < 6:  # too short to be told from other numbers
            return None
        body = _KNOWN_SEPARATORS.join(re.escape(ch) for ch in chars)
        return re.compile(boundary_start + prefix + body + boundary_end, re.IGNORECASE)
    if len(value) < _MIN_KNOWN_LENGTH:
        return None
    if kind == "email":
        return re.compile(r"(?<![\w.+-])" + re.escape(value) + r"(?![\w-])", re.IGNORECASE)
    words = []
    for word in value.split():
        # Chinese is written with or without spaces between characters ("张 伟", "張偉").
        words.append(r"\s*".join(re.escape(ch) for ch in word) if not word.isascii() else re.escape(word))
    body = r"[\s,]+".join(words)
    edge = r"(?<![A-Za-z])" if value[:1].isascii() else ""
    tail = r"(?![A-Za-z])" if value[-1:].isascii() else ""
    return re.compile(edge + body + tail, re.IGNORECASE)


def _candidates(text: str, known: Iterable[tuple[str, str]]) -> list[tuple[int, int, int, str]]:
    """(start, end, priority, kind) of every match of every rule and known value."""
    found: list[tuple[int, int, int, str]] = []
    has_digit = any(ch.isdigit() for ch in text)
    for rule in load_rules().rules:
        if (rule.needs_digit and not has_digit) or (rule.needs is not None and not rule.needs.search(text)):
            continue
        for match in rule.pattern.finditer(text):
            group = "v" if "v" in rule.pattern.groupindex else 0
            start, end = match.span(group)
            value = match.group(group)
            if start == end or (rule.validator is not None and not rule.validator(value)):
                continue
            before = text[max(0, start - rule.window) : start]
            if rule.context is not None and not rule.context.search(before):
                continue
            if rule.unless is not None and rule.unless.search(before):
                continue
            found.append((start, end, rule.priority, rule.kind))
    for kind, value in known:
        if kind not in KINDS or not value:
            continue
        pattern = _known_pattern(kind, value)
        if pattern is None:
            continue
        found.extend((m.start(), m.end(), _KNOWN_PRIORITY, kind) for m in pattern.finditer(text))
    return found


def find(text: str, *, known: Iterable[tuple[str, str]] = ()) -> list[Found]:
    """The personal data in `text`, sorted by start and not overlapping (the longest match wins;
    between matches of one length, the rule with the higher priority). `known` are (kind, value)
    pairs already known to belong to the person: each occurrence of them is found too, whatever
    its spacing or separators and case."""
    if not text:
        return []
    normalised = text.translate(_HALF_WIDTH)
    candidates = _candidates(normalised, known)
    candidates.sort(key=lambda c: (c[0] - c[1], -c[2], c[0]))
    taken: list[Found] = []
    for start, end, _priority, kind in candidates:
        if all(end <= other.start or start >= other.end for other in taken):
            taken.append(Found(kind=kind, start=start, end=end))
    return sorted(taken, key=lambda f: f.start)


def scrub(text: str, *, known: Iterable[tuple[str, str]] = ()) -> str:
    """`text` with every personal datum replaced by its marker: "call me on ⟦phone⟧"."""
    parts = []
    position = 0
    for span in find(text, known=known):
        parts.append(text[position : span.start])
        parts.append(f"⟦{span.kind}⟧")
        position = span.end
    parts.append(text[position:])
    return "".join(parts)


def render(text: str) -> str:
    """A scrubbed text for a reader (plain text): each marker as its label in the active
    language, in square brackets ("[phone number]")."""
    return MARKER.sub(lambda match: f"[{kind_label(match.group(1))}]", text)
