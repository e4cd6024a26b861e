"""The flags as staff labels: codes checked against the taxonomy, kept once each in its order.

No ORM: the payload of `triage`, the queue's `flag` filter and the training data read flags through
these, so a flag means the same everywhere. Their labels, in the reader's language: `selectors.FLAG_DISPLAY`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from redress.triage.taxonomy import FLAGS


def unknown_flags(codes: Iterable[str]) -> list[str]:
    """The codes that are not flags, once each, in the order given (codes are lower case: "Fraud" is unknown)."""
    unknown: list[str] = []
    for code in codes:
        if code not in FLAGS and code not in unknown:
            unknown.append(code)
    return unknown


def ordered_flags(codes: Iterable[str]) -> list[str]:
    """The flags among `codes`, once each, in the taxonomy's order (the order the first assessment gives)."""
    given = set(codes)
    return [flag for flag in FLAGS if flag in given]


def flags_asked(value: str | Iterable[str] | None) -> list[str]:
    """The codes of a query's `flag`: one value or several, each possibly comma-separated; empty parts dropped."""
    if value is None:
        return []
    values = [value] if isinstance(value, str) else list(value)
    return [part.strip() for v in values for part in str(v).split(",") if part.strip()]


def unknown_flags_message(unknown: Iterable[str]) -> str:
    """What the API answers for codes that are not flags (the page's choices say it with the labels)."""
    return _("Unknown flag: %(unknown)s. The flags are: %(flags)s.") % {
        "unknown": ", ".join(unknown),
        "flags": ", ".join(FLAGS),
    }
