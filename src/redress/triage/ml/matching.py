"""The flag rules compiled for matching: keywords and regexes per language, plus large amounts.

Matching is built for speed: Chinese keywords are substring tests, English keywords are a set
lookup on the text's words (phrases: a lookup in the space-joined words, only for phrases whose
first word the text has), and only the regex rules run the regex engine, only on texts that hold
the literal words every match of the regex must hold (each of them, and one of each alternation's).
A long English letter is split into words by one `str.translate` and `split` (C), not by the regex
engine.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from redress.triage.ml.amounts import DEFAULT_THRESHOLDS, large_amounts
from redress.triage.ml.patterns import (
    compile_pattern,
    contained_alternatives,
    contained_literals,
    first_match,
    fold,
    required_literals,
)
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


_Literals = tuple[str, ...] | None
_Regex = tuple[re.Pattern[str], str, str, str, _Literals, _Literals, tuple[str, ...], tuple[tuple[str, ...], ...]]


@dataclass(frozen=True)
class RuleHit:
    flag: str
    pattern: str
    language: str
    match: str

    def as_dict(self) -> dict[str, str]:
        return {"flag": self.flag, "rule": self.pattern, "language": self.language, "match": self.match}


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
        # (regex, flag, language, pattern, leading literals (one of them) or None, the same for ASCII texts,
        #  contained literals (all), contained alternatives (one of each))
        self.regexes: list[_Regex] = []
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
                    (
                        compiled,
                        flag,
                        language,
                        pattern,
                        required_literals(compiled),
                        required_literals(compiled, ascii_text=True),
                        contained_literals(compiled),
                        contained_alternatives(compiled),
                    )
                )
                continue
            folded = fold(pattern).strip()
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
        folded = fold(text)
        hits: dict[tuple[str, str], RuleHit] = {}
        ascii_text = folded.isascii()
        han = not ascii_text and bool(_HAN.search(folded))
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
        has = folded.__contains__
        for regex, flag, language, pattern, anywhere, in_ascii, contained, alternatives in self._regexes_for[
            han, bool(tokens)
        ]:
            if contained and not all(map(has, contained)):
                continue  # every match holds each of these
            if alternatives and not all(any(map(has, one_of)) for one_of in alternatives):
                continue  # and one of each of these
            # Every match starts with one of `literals`: tried only where one does.
            literals = in_ascii if ascii_text else anywhere
            m = regex.search(folded) if literals is None else first_match(regex, folded, literals)
            if m is not None:
                hits.setdefault((flag, pattern), RuleHit(flag, pattern, language, m.group(0)))
        for amount in large_amounts(folded, self.thresholds, default_currency=self.default_currency):
            limit = Decimal(self.thresholds[amount.currency])
            rule = f"amount ≥ {limit:,} {amount.currency}"
            hits.setdefault(("large_amount", rule), RuleHit("large_amount", rule, "any", amount.text))
        return sorted(hits.values(), key=lambda h: (_FLAG_ORDER.get(h.flag, 99), h.pattern))
