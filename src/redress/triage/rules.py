"""The flag rules: keywords and regexes per language (data in `TriageRule`), plus large amounts.

Matching is built for speed: Chinese keywords are substring tests, English keywords are a set
lookup on the text's words (phrases: a lookup in the space-joined words, only for phrases whose
first word the text has), and only the regex rules run the regex engine, only on texts that hold
the literal words every match of the regex must hold. A long English letter is split into words
by one `str.translate` and `split` (C), not by the regex engine. The rule set is built once per
process and rebuilt when a rule changes (signals, same process) or after REDRESS_TRIAGE_CACHE_SECONDS (other processes).
"""

from __future__ import annotations

import re
import string
import threading
import time
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import DatabaseError

from redress.triage.ml.amounts import DEFAULT_THRESHOLDS, large_amounts
from redress.triage.seed import DEFAULT_RULES
from redress.triage.taxonomy import FLAGS

_HAN = re.compile(r"[\u3400-\u9fff]")
_FLAG_ORDER = {flag: i for i, flag in enumerate(FLAGS)}
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# ASCII characters that are not part of a word (everything but a-z, 0-9 and the apostrophe) → space.
_SEPARATORS = str.maketrans(
    {c: " " for c in map(chr, range(128)) if c not in string.ascii_lowercase + string.digits + "'"}
)


# An apostrophe not between a letter or digit and a letter (quotes: 'like this' or ''): no word has it.
_LOOSE_APOSTROPHE = re.compile(r"'(?:(?<![a-z0-9]')|(?![a-z]))")
# What is left that one run could hold two words with: "a'b'c", "it's2".
_ODD_APOSTROPHE = re.compile(r"'[a-z]*[0-9']")


def words_of(folded: str) -> list[str]:
    """The words of a folded text (`_WORD.findall`), cheaper on long ASCII letters.

    The pattern matches only a-z, 0-9 and ', so its words lie within the runs of those characters;
    quotes ('like this', '') belong to no word, and then a run is exactly one word, unless it holds
    two apostrophes or a digit after one ("a'b'c", "it's2"): then the pattern splits the text.
    """
    if not folded.isascii():
        return _WORD.findall(folded)
    if "'" in folded:
        loose = _LOOSE_APOSTROPHE.sub(" ", folded)
        if "'" in loose and _ODD_APOSTROPHE.search(loose):
            return _WORD.findall(folded)
        folded = loose
    return folded.translate(_SEPARATORS).split()


@dataclass(frozen=True)
class RuleHit:
    flag: str
    pattern: str
    language: str
    match: str

    def as_dict(self) -> dict[str, str]:
        return {"flag": self.flag, "rule": self.pattern, "language": self.language, "match": self.match}


def compile_pattern(pattern: str, is_regex: bool) -> re.Pattern[str] | None:
    """Check a rule's pattern; the compiled regex for regex rules. Raises ValueError when it is unusable."""
    if not pattern.strip():
        raise ValueError("The pattern is empty.")
    if not is_regex:
        return None
    try:
        compiled = re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise ValueError(f"Not a valid regular expression: {exc}") from exc
    if compiled.search(""):
        raise ValueError("This regular expression matches an empty text, so it would flag everything.")
    return compiled


def required_literals(compiled: re.Pattern[str]) -> tuple[str, ...] | None:
    """Strings one of which every match of the regex starts with (None: no such set is known).

    A regex runs only on texts that contain one of them (a substring test is far cheaper than
    the regex engine on a long letter). Read off the parsed pattern: leading literal
    characters, through non-capturing groups and alternations; anything else stops the run.
    """
    try:
        import re._constants as sre_constants
        import re._parser as sre_parse

        parsed = list(sre_parse.parse(compiled.pattern, compiled.flags))
    except Exception:  # a private module of the standard library: no prefilter then
        return None

    def lead(items: list[Any]) -> tuple[str, ...] | None:
        text = ""
        for op, av in items:
            if op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT) and not text:
                continue  # \b, ^, lookarounds: they consume nothing, the match still starts with what follows
            if op is sre_constants.IN and not text:
                return first_characters(av)  # [7-9]: one of these characters
            if op is sre_constants.LITERAL:
                text += chr(av)
                continue
            if op is sre_constants.SUBPATTERN and not text:
                return lead(list(av[3]))
            if op is sre_constants.BRANCH and not text:
                branches = [lead(list(b)) for b in av[1]]
                if any(b is None for b in branches):
                    return None
                return tuple(x for b in branches if b for x in b)
            break
        return (_fold(text),) if text else None

    def first_characters(items: list[Any]) -> tuple[str, ...] | None:
        chars: list[str] = []
        for op, av in items:
            if op is sre_constants.LITERAL:
                chars.append(chr(av))
            elif op is sre_constants.RANGE and av[1] - av[0] < 16:
                chars.extend(map(chr, range(av[0], av[1] + 1)))
            else:
                return None  # a negated set, a category such as \d (every script's digits), a wide range
        return tuple(dict.fromkeys(map(_fold, chars)))

    return lead(parsed)


def first_match(regex: re.Pattern[str], text: str, literals: tuple[str, ...]) -> re.Match[str] | None:
    """`regex.search(text)` for a regex every match of which starts with one of `literals`.

    The regex is tried only where one of them starts (`match` there sees the text before, for \b and
    lookbehinds), leftmost first: the leftmost match, as `search` finds it, without the engine's
    walk over every character of a long letter (a regex that begins with \b gets no fast scan).
    """
    starts: set[int] = set()
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            starts.add(at)
            if len(starts) > 64:  # too many places to try one by one: search from the first
                return regex.search(text, min(i for i in map(text.find, literals) if i >= 0))
            at = text.find(literal, at + 1)
    for at in sorted(starts):
        m = regex.match(text, at)
        if m is not None:
            return m
    return None


def contained_literals(compiled: re.Pattern[str]) -> tuple[str, ...]:
    """Strings (of 2+ characters) that every match of the regex contains: its top-level literal runs.

    `\\b(?:6[5-9]|[7-9]\\d)[- ]years?[- ]old\\b` holds "year" and "old" in every match, so a text
    without both cannot match it. Read off the parsed pattern; () when nothing is known.
    """
    try:
        import re._constants as sre_constants
        import re._parser as sre_parse

        parsed = list(sre_parse.parse(compiled.pattern, compiled.flags))
    except Exception:  # a private module of the standard library: no prefilter then
        return ()
    runs: list[str] = []
    text = ""
    for op, av in parsed:
        if op is sre_constants.LITERAL:
            text += chr(av)
            continue
        runs.append(text)
        text = ""
    runs.append(text)
    return tuple(dict.fromkeys(_fold(run) for run in runs if len(run) >= 2))


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("’", "'").lower()


class RuleSet:
    """A compiled set of rules. `match(text)` → the hits, at most one per (flag, rule)."""

    def __init__(
        self,
        rules: Iterable[tuple[str, str, str, bool]],
        *,
        thresholds: dict[str, int] | None = None,
        default_currency: str = "CNY",
    ) -> None:
        self.zh: dict[str, list[tuple[str, str, str]]] = {}  # first character → [(keyword, flag, language)]
        self.words: dict[str, list[tuple[str, str, str]]] = {}  # word → [(flag, language, pattern)]
        # first word → [(" phrase ", flag, language, pattern)]
        self.phrases: dict[str, list[tuple[str, str, str, str]]] = {}
        # (regex, flag, language, pattern, leading literals (one of them) or None, contained literals (all))
        self.regexes: list[tuple[re.Pattern[str], str, str, str, tuple[str, ...] | None, tuple[str, ...]]] = []
        self.thresholds = dict(DEFAULT_THRESHOLDS if thresholds is None else thresholds)
        self.default_currency = default_currency
        self.size = 0
        for flag, language, pattern, is_regex in rules:
            try:
                compiled = compile_pattern(pattern, is_regex)
            except ValueError:
                continue  # the admin form refuses these; a bad row never stops triage
            self.size += 1
            if compiled is not None:
                self.regexes.append(
                    (compiled, flag, language, pattern, required_literals(compiled), contained_literals(compiled))
                )
                continue
            folded = _fold(pattern).strip()
            if _HAN.search(folded) or not _WORD.search(folded):
                self.zh.setdefault(folded[0], []).append((folded, flag, language))
                continue
            tokens = _WORD.findall(folded)
            if len(tokens) == 1:
                self.words.setdefault(tokens[0], []).append((flag, language, pattern))
            else:
                self.phrases.setdefault(tokens[0], []).append((f" {' '.join(tokens)} ", flag, language, pattern))
        self._leading_words = frozenset(self.words) | frozenset(self.phrases)
        # The regexes that can apply, by (the text has Chinese, the text has words), in their order.
        self._regexes_for = {
            (han, words): [r for r in self.regexes if (han or not r[2].startswith("zh")) and (words or r[2] != "en")]
            for han in (False, True)
            for words in (False, True)
        }

    def match(self, text: str) -> list[RuleHit]:
        folded = _fold(text)
        hits: dict[tuple[str, str], RuleHit] = {}
        han = not folded.isascii() and bool(_HAN.search(folded))
        if han:
            # Only keywords whose first character occurs in the text can match.
            for first in self.zh.keys() & set(folded):
                for keyword, flag, language in self.zh[first]:
                    if keyword in folded:
                        hits.setdefault((flag, keyword), RuleHit(flag, keyword, language, keyword))
        tokens = words_of(folded)
        if tokens:
            # The keywords, and the first words of phrases, that the text has (one pass over its words, no set of them).
            present = self._leading_words.intersection(tokens)
            for token in present.intersection(self.words):
                for flag, language, pattern in self.words[token]:
                    hits.setdefault((flag, pattern), RuleHit(flag, pattern, language, token))
            starts = present.intersection(self.phrases)
            if starts:
                joined = f" {' '.join(tokens)} "
                for first in starts:
                    for phrase, flag, language, pattern in self.phrases[first]:
                        if phrase in joined:
                            hits.setdefault((flag, pattern), RuleHit(flag, pattern, language, phrase.strip()))
        # A Chinese rule needs Chinese text, an English one English words: the others are not even looked at.
        for regex, flag, language, pattern, literals, contained in self._regexes_for[han, bool(tokens)]:
            if contained and not all(map(folded.__contains__, contained)):
                continue  # every match holds each of these
            # Every match starts with one of `literals`: tried only where one does.
            m = regex.search(folded) if literals is None else first_match(regex, folded, literals)
            if m is not None:
                hits.setdefault((flag, pattern), RuleHit(flag, pattern, language, m.group(0)))
        for amount in large_amounts(folded, self.thresholds, default_currency=self.default_currency):
            limit = Decimal(self.thresholds[amount.currency])
            rule = f"amount ≥ {limit:,} {amount.currency}"
            hits.setdefault(("large_amount", rule), RuleHit("large_amount", rule, "any", amount.text))
        return sorted(hits.values(), key=lambda h: (_FLAG_ORDER.get(h.flag, 99), h.pattern))


def thresholds() -> dict[str, int]:
    return dict(getattr(settings, "REDRESS_TRIAGE_LARGE_AMOUNTS", DEFAULT_THRESHOLDS))


def default_ruleset() -> RuleSet:
    return RuleSet(DEFAULT_RULES, thresholds=thresholds(), default_currency=_currency())


def _currency() -> str:
    return str(getattr(settings, "REDRESS_DEFAULT_CURRENCY", "CNY"))


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.ruleset: RuleSet | None = None
        self.loaded_at = 0.0


_cache = _Cache()


def invalidate(*args: Any, **kwargs: Any) -> None:
    """Forget the compiled rules (a rule was saved or deleted; settings changed in a test)."""
    _cache.ruleset = None


def current_ruleset() -> RuleSet:
    """The active rules of the database (the seed list while the table is empty or missing)."""
    ttl = float(getattr(settings, "REDRESS_TRIAGE_CACHE_SECONDS", 30))
    ruleset = _cache.ruleset
    if ruleset is not None and time.monotonic() - _cache.loaded_at < ttl:
        return ruleset
    with _cache.lock:
        ruleset = _load()
        _cache.ruleset, _cache.loaded_at = ruleset, time.monotonic()
    return ruleset


def _load() -> RuleSet:
    from redress.triage.models import TriageRule

    try:
        if not TriageRule.objects.exists():
            return default_ruleset()
        rows = list(TriageRule.objects.filter(active=True).values_list("flag", "language", "pattern", "is_regex"))
    except DatabaseError:
        return default_ruleset()  # no table yet (predict before migrate): the seed rules
    return RuleSet(rows, thresholds=thresholds(), default_currency=_currency())
