"""Personal data taken out of a text: each datum replaced by a language-neutral marker such as "⟦phone⟧".

A placeholder with the agreed contract (find, scrub, render, KINDS, kind_label): it finds e-mail
addresses, runs of digits (phone, ID, card and account numbers) and the values the caller knows
(`known`: (kind, value) pairs, e.g. the complaint's own customer fields). The full rules replace it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

KINDS = ("name", "id_number", "phone", "card_number", "account_number", "email", "address")
MARKER = re.compile(r"⟦(" + "|".join(KINDS) + r")⟧")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"(?<![\dA-Za-z])\+?\d[\d -]{5,}\d[Xx]?(?![\dA-Za-z])")


@dataclass(frozen=True)
class Found:
    kind: str
    start: int
    end: int


def kind_label(kind: str) -> str:
    labels = {
        "name": _("name"),
        "id_number": _("ID number"),
        "phone": _("phone number"),
        "card_number": _("card number"),
        "account_number": _("account number"),
        "email": _("e-mail address"),
        "address": _("address"),
    }
    return labels.get(kind, kind)


def _digit_kind(run: str) -> str:
    digits = re.sub(r"\D", "", run)
    if run[-1:] in "Xx" or len(digits) in (15, 18):
        return "id_number"
    if (len(digits) == 11 and digits.startswith("1")) or run.startswith("+"):
        return "phone"
    if 13 <= len(digits) <= 19:
        return "card_number"
    return "account_number" if len(digits) >= 8 else "phone"


def find(text: str, *, known: Iterable[tuple[str, str]] = ()) -> list[Found]:
    """The personal data in `text`, in order, without overlaps (the longer of two overlapping finds wins)."""
    found: list[Found] = []
    for kind, value in known:
        value = (value or "").strip()
        if len(value) < 2:
            continue
        for match in re.finditer(re.escape(value), text, flags=re.IGNORECASE):
            found.append(Found(kind, match.start(), match.end()))
    found += [Found("email", m.start(), m.end()) for m in _EMAIL.finditer(text)]
    found += [Found(_digit_kind(m.group()), m.start(), m.end()) for m in _DIGITS.finditer(text)]
    kept: list[Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(item.end <= k.start or item.start >= k.end for k in kept):
            kept.append(item)
    return sorted(kept, key=lambda f: f.start)


def scrub(text: str, *, known: Iterable[tuple[str, str]] = ()) -> str:
    out, at = [], 0
    for item in find(text or "", known=tuple(known)):
        out += [text[at : item.start], f"⟦{item.kind}⟧"]
        at = item.end
    out.append((text or "")[at:])
    return "".join(out)


def render(text: str) -> str:
    """The markers as labels in the active language: "[phone number]"."""
    return MARKER.sub(lambda m: f"[{kind_label(m.group(1))}]", text or "")
