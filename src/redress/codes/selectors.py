"""Reads of the code tables: a code's label in the reader's language, and a code from what someone typed.

The tables are small and read on every registration and page, so each process keeps them in memory
for `_TTL` seconds (and drops them at once when a table is saved in this process).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from redress.codes.models import BusinessLine, CfpbIssueRule, CodeTable, Product, Reason, RootCause
from redress.core.errors import InvalidInput

if TYPE_CHECKING:
    from collections.abc import Iterable

TABLES: Final[dict[str, type[CodeTable]]] = {
    "business": BusinessLine,
    "product": Product,
    "reason": Reason,
    "root_cause": RootCause,
}
_TTL = 60.0


@dataclass(frozen=True)
class Entry:
    code: str
    label_zh_hans: str
    label_zh_hant: str
    label_en: str
    active: bool
    extra: dict[str, str]

    def label(self, language: str | None = None) -> str:
        lang = (language if language is not None else get_language() or "").lower()
        if lang.startswith("zh"):
            if lang in ("zh-hant", "zh-tw", "zh-hk", "zh-mo") and self.label_zh_hant:
                return self.label_zh_hant
            return self.label_zh_hans
        return self.label_en


@dataclass(frozen=True)
class _Index:
    loaded: float
    entries: dict[str, Entry]  # by code, in the table's order
    by_text: dict[str, str]  # casefolded code or label -> code


_cache: dict[str, _Index] = {}
_issue_rules: list[tuple[float, tuple[tuple[str, tuple[str, ...]], ...]]] = []
_EXTRA: Final[dict[str, tuple[str, ...]]] = {
    "business": (),
    "product": ("business", "fca_group", "fca_product", "cfpb_product"),
    "reason": ("fca_cause", "cfpb_issue", "keywords"),
    "root_cause": ("fca_cause", "cfpb_issue"),
}


def invalidate() -> None:
    _cache.clear()
    _issue_rules.clear()


def _index(kind: str) -> _Index:
    now = time.monotonic()
    index = _cache.get(kind)
    if index is not None and now - index.loaded < _TTL:
        return index
    extra = _EXTRA[kind]
    entries: dict[str, Entry] = {}
    by_text: dict[str, str] = {}
    for row in TABLES[kind]._default_manager.all():
        entry = Entry(
            code=row.code,
            label_zh_hans=row.label_zh_hans,
            label_zh_hant=row.label_zh_hant,
            label_en=row.label_en,
            active=row.active,
            extra={name: str(getattr(row, name)) for name in extra},
        )
        entries[row.code] = entry
        for text in (row.label_zh_hans, row.label_zh_hant, row.label_en):
            if text:
                by_text.setdefault(text.strip().casefold(), row.code)
    for code in entries:  # a code always means itself, even where it is also another row's label
        by_text[code.casefold()] = code
    index = _Index(loaded=now, entries=entries, by_text=by_text)
    _cache[kind] = index
    return index


def entries(kind: str, *, active_only: bool = True) -> list[Entry]:
    return [e for e in _index(kind).entries.values() if e.active or not active_only]


def entry(kind: str, code: str) -> Entry | None:
    return _index(kind).entries.get(code)


def label(kind: str, code: str, language: str | None = None) -> str:
    """The label of `code` in `language` (the active one by default); an unknown code is shown as given."""
    if not code:
        return ""
    found = entry(kind, code)
    return found.label(language) if found else code


def choices(kind: str, *, blank: bool = True) -> list[tuple[str, str]]:
    """(code, label) pairs for a form's select, in the reader's language."""
    rows = [(e.code, e.label()) for e in entries(kind)]
    return [("", "—"), *rows] if blank else rows


def lookup(kind: str, value: str) -> str | None:
    """The code `value` names (a code or any of its labels, any case); None when it names none."""
    text = (value or "").strip().casefold()
    if not text:
        return None
    return _index(kind).by_text.get(text)


def resolve(kind: str, value: str, *, field: str | None = None) -> str:
    """The code for `value`; "" for blank; anything else is an InvalidInput naming the field."""
    if not (value or "").strip():
        return ""
    code = lookup(kind, value)
    if code is None:
        raise InvalidInput({field or kind: [unknown_message(kind, value)]})
    return code


def table_label(kind: str) -> str:
    """What a code of this table is called, capitalised for a form: "Complaint reason", "Root cause"."""
    name = str(TABLES[kind]._meta.verbose_name)
    return name[:1].upper() + name[1:]


def unknown_message(kind: str, value: str) -> str:
    return _("“%(value)s” is not a known %(what)s: give one of its codes or labels.") % {
        "value": value,
        "what": TABLES[kind]._meta.verbose_name,
    }


def product_for_cfpb(name: str) -> str:
    """The first product mapped to a CFPB product name ("" when none is)."""
    if not name:
        return ""
    for e in entries("product", active_only=False):
        if e.extra.get("cfpb_product") == name:
            return e.code
    return ""


def cfpb_product_of(code: str) -> str:
    found = entry("product", code)
    return found.extra.get("cfpb_product", "") if found else ""


def suggest_reason(text: str) -> str:
    """The reason whose keywords occur most often in `text` ("" when none does)."""
    folded = text.casefold()
    best, best_hits = "", 0
    for e in entries("reason"):
        hits = sum(folded.count(word) for word in _keywords(e.extra.get("keywords", "")))
        if hits > best_hits:
            best, best_hits = e.code, hits
    return best


def _keywords(raw: str) -> Iterable[str]:
    return (w.strip().casefold() for w in raw.splitlines() if w.strip())


def reason_for_cfpb_issue(issue: str) -> str:
    """The reason a CFPB "Issue" counts under: the reason whose `cfpb_issue` it is, else the first
    `CfpbIssueRule` with a word in it, else "other" ("" for a blank issue). Both are admin data."""
    folded = (issue or "").strip().casefold()
    if not folded:
        return ""
    for e in entries("reason"):
        if e.extra.get("cfpb_issue", "").strip().casefold() == folded:
            return e.code
    for reason, words in _rules():
        if any(word in folded for word in words):
            return reason
    return "other" if entry("reason", "other") else ""


def _rules() -> tuple[tuple[str, tuple[str, ...]], ...]:
    now = time.monotonic()
    if _issue_rules and now - _issue_rules[0][0] < _TTL:
        return _issue_rules[0][1]
    known = {e.code for e in entries("reason")}
    rules = tuple(
        (rule.reason, tuple(_keywords(rule.words)))
        for rule in CfpbIssueRule.objects.filter(active=True)
        if rule.reason in known
    )
    _issue_rules[:] = [(now, rules)]
    return rules
