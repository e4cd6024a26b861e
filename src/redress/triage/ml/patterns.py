"""Rule patterns: checking a pattern, and the literals every match of a regex must hold.

`compile_pattern` is what both the rule form (`TriageRule.clean`) and the rule set use to accept
a pattern. `required_literals`, `contained_literals` and `contained_alternatives` read the parsed
regex so that the rule set runs the regex engine only on texts that can match; `first_match`
tries a regex only where one of its leading literals occurs.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any


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


def required_literals(compiled: re.Pattern[str], *, ascii_text: bool = False) -> tuple[str, ...] | None:
    """Strings one of which every match of the regex starts with (None: no such set is known).

    A regex runs only on texts that contain one of them (a substring test is far cheaper than
    the regex engine on a long letter). Read off the parsed pattern: leading literal
    characters, through non-capturing groups, alternations and repeats; anything else stops the run.
    With `ascii_text`, for texts of ASCII only, a digit (\\d) is one of 0-9.
    """
    read = _parse(compiled)
    if read is None:
        return None
    parsed, sre_constants = read

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
            if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and not text and av[0] >= 1:
                return lead(list(av[2]))  # \d{2,}: what the first repeat starts with
            if op is sre_constants.BRANCH and not text:
                branches = [lead(list(b)) for b in av[1]]
                if any(b is None for b in branches):
                    return None
                return tuple(x for b in branches if b for x in b)
            break
        return (fold(text),) if text else None

    def first_characters(items: list[Any]) -> tuple[str, ...] | None:
        chars: list[str] = []
        for op, av in items:
            if op is sre_constants.LITERAL:
                chars.append(chr(av))
            elif op is sre_constants.RANGE and av[1] - av[0] < 16:
                chars.extend(map(chr, range(av[0], av[1] + 1)))
            elif op is sre_constants.CATEGORY and av is sre_constants.CATEGORY_DIGIT and ascii_text:
                chars.extend("0123456789")
            else:
                return None  # a negated set, a category such as \d (every script's digits), a wide range
        return tuple(dict.fromkeys(map(fold, chars)))

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
    read = _parse(compiled)
    if read is None:
        return ()
    parsed, sre_constants = read
    return tuple(dict.fromkeys(fold(run) for run in _literal_runs(parsed, sre_constants) if len(run) >= 2))


def contained_alternatives(compiled: re.Pattern[str]) -> tuple[tuple[str, ...], ...]:
    """Sets of strings (of 3+ characters) one of which every match of the regex contains.

    Each top-level group or alternation whose every branch holds a literal run gives one set: every
    match of `\\b\\d+\\s+(?:customers|co-?workers)\\b` holds "customers" or "workers", so a text with
    neither cannot match it, though nothing leads it. Smallest sets first; () when nothing is known.
    """
    read = _parse(compiled)
    if read is None:
        return ()
    parsed, sre_constants = read

    def one_of(items: list[Any]) -> tuple[str, ...] | None:
        """Strings one of which every match of this sequence holds: its longest literal run, or else
        what one of its groups or alternations holds in every branch."""
        longest = max(_literal_runs(items, sre_constants), key=len)
        if len(longest) >= 3:
            return (fold(longest),)
        for op, av in items:
            found = within(op, av)
            if found is not None:
                return found
        return None

    def within(op: Any, av: Any) -> tuple[str, ...] | None:
        if op is sre_constants.SUBPATTERN:
            return one_of(list(av[3]))
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT) and av[0] >= 1:
            return one_of(list(av[2]))
        if op is sre_constants.BRANCH:
            branches = [one_of(list(b)) for b in av[1]]
            if any(b is None for b in branches):
                return None
            return tuple(dict.fromkeys(x for b in branches if b for x in b))
        return None

    groups = [within(op, av) for op, av in parsed]
    return tuple(sorted({g for g in groups if g is not None and len(g) > 1}, key=len))


def _literal_runs(items: list[Any], sre_constants: Any) -> list[str]:
    """The runs of literal characters in a parsed sequence, between its other items (empty runs too)."""
    runs, text = [], ""
    for op, av in items:
        if op is sre_constants.LITERAL:
            text += chr(av)
            continue
        runs.append(text)
        text = ""
    runs.append(text)
    return runs


def _parse(compiled: re.Pattern[str]) -> tuple[list[Any], Any] | None:
    """The parsed regex and the parser's constants, from the standard library's private modules; None should
    they go (a regex then only loses its prefilter). Parsed once for the prefilters of one regex."""
    return _parsed(compiled.pattern, compiled.flags)


@functools.lru_cache(maxsize=1024)
def _parsed(pattern: str, flags: int) -> tuple[list[Any], Any] | None:
    try:
        import re._constants as sre_constants  # lazy: see above
        import re._parser as sre_parse

        return list(sre_parse.parse(pattern, flags)), sre_constants
    except Exception:
        return None


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).replace("’", "'").lower()
