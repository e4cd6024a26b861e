"""The rules file: it loads, and a mistake in it fails loudly instead of finding nothing."""

import tomllib

import pytest

from redress.privacy.scrubber import KINDS, scrub
from redress.privacy.scrubber.rules import RULES_FILE, compile_rules, load_rules


def _rules(**entry):
    return {
        "boundaries": {"B": "(?<![0-9])", "E": "(?![0-9])"},
        "lists": {"words": ["账号", "account"]},
        "rules": [{"kind": "account_number", "pattern": "{B}[0-9]{8}{E}", **entry}],
    }


def test_the_shipped_rules_cover_every_kind():
    assert {rule.kind for rule in load_rules().rules} == set(KINDS)


def test_the_shipped_rules_name_only_known_lists_and_validators():
    with RULES_FILE.open("rb") as handle:
        data = tomllib.load(handle)
    assert compile_rules(data).rules  # raises on an unknown placeholder, list, kind or validator


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"kind": "salary"}, "unknown kind 'salary'"),
        ({"validator": "crc32"}, "unknown validator 'crc32'"),
        ({"context": "nothing"}, "unknown list 'nothing'"),
        ({"pattern": "{nothing}[0-9]+"}, "unknown placeholder {nothing}"),
    ],
)
def test_a_mistake_in_the_rules_is_refused(entry, message):
    with pytest.raises(ValueError, match=message):
        compile_rules(_rules(**entry))


def test_a_rule_with_context_needs_its_word_before_the_match():
    rule = compile_rules(_rules(context="words")).rules[0]
    assert rule.context is not None
    assert rule.context.search("我的账号是")
    assert not rule.context.search("金额")


def test_scrubbing_twice_changes_nothing_more():
    once = scrub("My name is Jane Doe, 手机13812345678, 姓名：张伟, email a.b@qq.com")
    assert scrub(once) == once
