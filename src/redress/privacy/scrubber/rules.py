"""The rules file (scrub_rules.toml), read and compiled once per process."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from redress.privacy.scrubber.validators import Validator, make_validators

RULES_FILE = Path(__file__).with_name("scrub_rules.toml")

KINDS = ("name", "id_number", "phone", "card_number", "account_number", "email", "address")

_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_DEFAULT_WINDOW = 16
# Every rule of these kinds matches digits (an HKID or IBAN too), so texts without one skip them.
_NUMBER_KINDS = ("id_number", "phone", "card_number", "account_number")


@dataclass(frozen=True)
class Rule:
    kind: str
    pattern: re.Pattern[str]
    priority: int
    validator: Validator | None
    context: re.Pattern[str] | None
    unless: re.Pattern[str] | None
    window: int
    needs: re.Pattern[str] | None  # the rule is tried only on texts where this is found
    needs_digit: bool  # skip texts without a digit: most rules are about numbers


@dataclass(frozen=True)
class Rules:
    rules: tuple[Rule, ...]
    boundaries: tuple[str, str]


def _alternation(words: list[str]) -> str:
    # Longest first, so "账户号码" is tried before "账户"; single characters (most surnames) as
    # one character class, which the regex engine tests at once instead of one by one.
    longer = sorted({word for word in words if len(word) > 1 or not word.isalnum()}, key=len, reverse=True)
    single = sorted({word for word in words if len(word) == 1 and word.isalnum()})
    return "|".join([*longer, *(["[" + "".join(single) + "]"] if single else [])])


def _expand(pattern: str, fragments: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in fragments:
            raise ValueError(f"scrub rules: unknown placeholder {{{name}}} in {pattern!r}")
        return fragments[name]

    return _PLACEHOLDER.sub(replace, pattern)


def _word_pattern(lists: dict[str, list[str]], name: str | None) -> re.Pattern[str] | None:
    if name is None:
        return None
    if name not in lists:
        raise ValueError(f"scrub rules: unknown list {name!r}")
    return re.compile(_alternation(lists[name]), re.IGNORECASE)


def compile_rules(data: dict[str, Any]) -> Rules:
    """Check and compile parsed rules; a mistake in the file fails here, loudly, at first use."""
    lists: dict[str, list[str]] = data.get("lists", {})
    boundaries = data["boundaries"]
    fragments = {name: f"(?:{_alternation(words)})" for name, words in lists.items()}
    fragments.update(B=boundaries["B"], E=boundaries["E"])
    validators = make_validators(lists)
    compiled = []
    for entry in data["rules"]:
        kind = entry["kind"]
        if kind not in KINDS:
            raise ValueError(f"scrub rules: unknown kind {kind!r}")
        validator_name = entry.get("validator")
        if validator_name is not None and validator_name not in validators:
            raise ValueError(f"scrub rules: unknown validator {validator_name!r}")
        source = entry["pattern"]
        pattern = re.compile(_expand(source, fragments), re.IGNORECASE if entry.get("ignorecase") else 0)
        compiled.append(
            Rule(
                kind=kind,
                pattern=pattern,
                priority=int(entry.get("priority", 0)),
                validator=validators[validator_name] if validator_name else None,
                context=_word_pattern(lists, entry.get("context")),
                unless=_word_pattern(lists, entry.get("unless")),
                window=int(entry.get("window", _DEFAULT_WINDOW)),
                needs=_word_pattern(lists, entry.get("needs")),
                needs_digit=kind in _NUMBER_KINDS,
            )
        )
    return Rules(rules=tuple(compiled), boundaries=(boundaries["B"], boundaries["E"]))


@cache
def load_rules() -> Rules:
    with RULES_FILE.open("rb") as handle:
        return compile_rules(tomllib.load(handle))
