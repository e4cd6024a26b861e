"""Placeholder: personal data out of free text (the real scrubber replaces this module).

`scrub` puts a marker "⟦kind⟧" where it finds an e-mail address, a run of digits or a value the caller
already knows; `render` turns the markers into labels in the reader's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from django.utils.translation import gettext as _

KINDS: Final = ("email", "number", "name", "phone", "id_number", "address")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_DIGITS = re.compile(r"\d[\d\s-]{4,}\d")
_MARKER = re.compile(r"⟦([a-z_]+)⟧")


def kind_label(kind: str) -> str:
    labels = {
        "email": _("e-mail address"),
        "number": _("number"),
        "name": _("name"),
        "phone": _("phone number"),
        "id_number": _("ID number"),
        "address": _("address"),
    }
    return labels.get(kind, _("personal data"))


def scrub(text: str, *, known: Iterable[tuple[str, str]] = ()) -> str:
    """`text` with personal data replaced by markers; `known`: (kind, value) pairs to remove wherever they occur."""
    for kind, value in sorted(known, key=lambda kv: -len(kv[1])):
        if value and len(value.strip()) > 1:
            text = text.replace(value.strip(), f"⟦{kind if kind in KINDS else 'name'}⟧")
    text = _EMAIL.sub("⟦email⟧", text)
    return _DIGITS.sub("⟦number⟧", text)


def render(text: str) -> str:
    """The markers as labels, e.g. "[e-mail address]"."""
    return _MARKER.sub(lambda m: f"[{kind_label(m.group(1))}]", text)
