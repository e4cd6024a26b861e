"""Themes: planted themes are found, the same input and seed give the same themes, growth is counted right."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from redress.analytics.models import Theme, ThemeRun
from redress.analytics.themes.periods import previous_period, weekly_period
from redress.analytics.themes.services import themes_run
from tests.analytics.themecorpus import EMAILS, PHONES, PLANTED, complaint, planted_corpus

START, END = date(2026, 10, 5), date(2026, 11, 1)


@pytest.fixture
def corpus(people: Any) -> dict[int, str]:
    return planted_corpus(people, start=START, days=28)


def _members(run: ThemeRun, truth: dict[int, str]) -> dict[int, Counter[str]]:
    """theme id -> planted themes of its example complaints (the strongest of its members)."""
    return {t.id: Counter(truth[e["complaint"]] for e in t.examples) for t in run.themes.all()}


@pytest.mark.django_db
def test_each_planted_theme_is_found(corpus: dict[int, str]) -> None:
    run = themes_run(start=START, end=END, seed=0)
    assert run.texts == len(corpus)
    themes = list(run.themes.all())
    for name, (_language, _words, expected) in PLANTED.items():
        found = [
            t
            for t in themes
            if set(expected) <= {x["term"] for x in t.terms[:8]}
            and sum(1 for e in t.examples if corpus[e["complaint"]] == name) * 2 > len(t.examples)
        ]
        assert found, f"{name} not found: {[[x['term'] for x in t.terms[:8]] for t in themes]}"
        theme = max(found, key=lambda t: t.size)
        assert theme.size >= 12  # most of its 24 texts


@pytest.mark.django_db
def test_chinese_terms_keep_their_traditional_form(corpus: dict[int, str]) -> None:
    run = themes_run(start=START, end=END)
    terms = {x["term"]: x for t in run.themes.all() for x in t.terms}
    assert terms["盗刷"]["hant"] == "盜刷" and terms["盗刷"]["lang"] == "zh"
    assert terms["equifax"]["hant"] == "" and terms["equifax"]["lang"] == "en"
    assert "盜刷" not in terms  # the Traditional texts counted with the Simplified ones


@pytest.mark.django_db
def test_same_input_and_seed_same_themes(corpus: dict[int, str]) -> None:
    first, second = themes_run(start=START, end=END, seed=3), themes_run(start=START, end=END, seed=3)

    def shape(run: ThemeRun) -> list[Any]:
        return [(t.number, t.terms, t.size, t.previous_size, t.growth, t.examples) for t in run.themes.all()]

    assert shape(first) == shape(second)
    assert first.parameters == second.parameters


@pytest.mark.django_db
def test_examples_hold_no_personal_data(corpus: dict[int, str]) -> None:
    run = themes_run(start=START, end=END)
    snippets = [e["snippet"] for t in run.themes.all() for e in t.examples]
    assert snippets
    for snippet in snippets:
        for value in (*EMAILS, *PHONES, "jane.roe@example.net", "13500002222"):
            assert value not in snippet
    assert any("⟦" in s for s in snippets)


@pytest.mark.django_db
def test_growth_against_the_period_before(people: Any) -> None:
    start, end = date(2026, 11, 2), date(2026, 11, 8)
    before, last = previous_period(start, end)
    assert (before, last) == (date(2026, 10, 26), date(2026, 11, 1))
    fee = ["annual fee charged twice", "annual fee refund refused", "annual fee not waived as promised"]
    fraud = ["card skimmed at atm withdrawal", "card skimmed fraudulent withdrawal", "skimmed card withdrawal abroad"]
    for i in range(10):
        complaint(people["intake"], start, fee[i % 3])
        complaint(people["intake"], start + __import__("datetime").timedelta(days=1), fraud[i % 3])
    for i in range(5):
        complaint(people["intake"], before, fee[i % 3])
        complaint(people["intake"], last, "")  # no word that counts: in no theme
    run = themes_run(start=start, end=end, k=2)
    by_word = {"fee" in {x["term"] for x in t.terms}: t for t in run.themes.all()}
    fee_theme, fraud_theme = by_word[True], by_word[False]
    assert (fee_theme.size, fee_theme.previous_size, fee_theme.growth) == (10, 5, 100.0)
    assert (fraud_theme.size, fraud_theme.previous_size, fraud_theme.growth) == (10, 0, None)
    assert (run.texts, run.previous_texts) == (20, 10)


def test_the_weekly_period_is_the_last_four_full_weeks() -> None:
    assert weekly_period(date(2026, 12, 7)) == (date(2026, 11, 9), date(2026, 12, 6))  # a Monday
    assert weekly_period(date(2026, 12, 9)) == (date(2026, 11, 9), date(2026, 12, 6))
    assert weekly_period(date(2026, 12, 13)) == (date(2026, 11, 9), date(2026, 12, 6))  # a Sunday


@pytest.mark.django_db
def test_cli_json_one_line_per_theme(corpus: dict[int, str]) -> None:
    out = StringIO()
    call_command(
        "analytics", "themes", "--from", START.isoformat(), "--to", END.isoformat(), "--json", "--seed", "1", stdout=out
    )
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines and len(lines) == Theme.objects.count()
    for line in lines:
        assert {"id", "label", "terms", "size", "growth", "examples"} <= set(line)
        assert isinstance(line["terms"], list) and all(isinstance(t, str) for t in line["terms"])
        assert all(r.startswith("CMP-") for r in line["examples"])
    assert sum(line["size"] for line in lines) <= len(corpus)
    assert ThemeRun.objects.get().seed == 1


@pytest.mark.django_db
def test_cli_table_and_bad_period(corpus: dict[int, str]) -> None:
    out = StringIO()
    call_command("analytics", "themes", "--from", START.isoformat(), "--to", END.isoformat(), stdout=out)
    text = out.getvalue()
    assert f"Themes of {START} to {END}" in text and "new" in text
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--to"):
        call_command("analytics", "themes", "--from", "2026-10-05", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("analytics", "themes", "--from", "2026-10-05", "--to", "2026-10-01", stdout=StringIO())


@pytest.mark.django_db
def test_terms_in_the_readers_language(corpus: dict[int, str]) -> None:
    from redress.analytics.themes.selectors import reader_terms

    run = themes_run(start=START, end=END)
    fraud = next(t for t in run.themes.all() if "盗刷" in {x["term"] for x in t.terms})
    escrow = next(t for t in run.themes.all() if "escrow" in {x["term"] for x in t.terms})
    assert "盜刷" in reader_terms(fraud, "zh-hant") and "盗刷" not in reader_terms(fraud, "zh-hant")
    assert "盗刷" in reader_terms(fraud, "zh-hans")
    assert "盗刷" in reader_terms(fraud, "en")  # no English words: the Chinese ones
    assert reader_terms(escrow, "en")[0].isascii()


@pytest.mark.django_db
def test_a_period_without_complaints(people: Any) -> None:
    run = themes_run(start=START, end=END)
    assert (run.texts, run.themes.count(), run.parameters["k"]) == (0, 0, 0)


@pytest.mark.django_db
def test_the_weekly_task_runs_the_last_four_full_weeks(people: Any) -> None:
    from celery.schedules import crontab
    from django.utils import timezone

    from redress.analytics.tasks import analytics_themes
    from redress.config.celery import app

    entry = app.conf.beat_schedule["analytics-themes"]
    assert entry["task"] == "redress.analytics.tasks.analytics_themes"
    assert isinstance(entry["schedule"], crontab)
    assert entry["schedule"] == crontab(hour=3, minute=30, day_of_week=1)
    run = ThemeRun.objects.get(pk=analytics_themes.delay().get())
    start, end = weekly_period(timezone.localdate())
    assert (run.period_start, run.period_end) == (start, end)
    assert (run.previous_start, run.previous_end) == previous_period(start, end)
