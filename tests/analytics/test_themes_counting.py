"""Themes' word counts: each distinct text cut once, and the same matrix scikit-learn's CountVectorizer gives."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from sklearn.feature_extraction.text import CountVectorizer

from redress.analytics.themes.counting import Counts, Vocabulary
from redress.analytics.themes.text import to_traditional, words
from tests.analytics.themecorpus import PLANTED, text_of


def _texts(rng: random.Random, n: int) -> list[str]:
    """Planted-theme texts in both languages, some in Traditional, many repeated (as copies and short questions
    are); some with no word that counts."""
    texts = []
    for i in range(n):
        language, vocabulary, _expected = PLANTED[rng.choice(sorted(PLANTED))]
        text = text_of(rng, language, vocabulary)
        if language == "zh" and i % 4 == 0:
            text = to_traditional(text)
        texts.append(rng.choice(["", "123 !!", text, text, text]))
    return texts + texts[: n // 3]


def _same(ours: Any, theirs: Any) -> None:
    assert (ours != theirs).nnz == 0
    assert np.array_equal(ours.indices, theirs.indices)  # the same order within each row, to the same sums


@pytest.mark.parametrize(("limit", "min_df", "max_df"), [(10_000, 2, 0.5), (12, 2, 0.5), (10_000, 1, 1.0)])
def test_the_counts_are_count_vectorizers(limit: int, min_df: int, max_df: float) -> None:
    rng = random.Random(7)
    period, before = _texts(rng, 300), _texts(rng, 200)
    theirs = CountVectorizer(analyzer=words, min_df=min_df, max_df=max_df, max_features=limit)
    expected = theirs.fit_transform(period)
    seen = Counts(words)
    ours = Vocabulary(seen, seen.rows(period), min_df=min_df, max_df=max_df, limit=limit)
    assert ours.words == list(theirs.get_feature_names_out())
    _same(ours.counts, expected)
    _same(ours.transform(before), theirs.transform(before))


def test_a_text_is_cut_once() -> None:
    cut: list[str] = []

    def analyzer(text: str) -> list[str]:
        cut.append(text)
        return words(text)

    seen = Counts(analyzer)
    first = seen.rows(["overdraft fee charged", "年费扣取", "overdraft fee charged"])
    again = seen.rows(["年费扣取", "escrow servicer"])
    assert cut == ["overdraft fee charged", "年费扣取", "escrow servicer"]
    assert first.tolist() == [0, 1, 0] and again.tolist() == [1, 2]
    totals = np.asarray(seen.matrix(again).sum(axis=1)).ravel().tolist()
    assert totals == [len(words("年费扣取")), len(words("escrow servicer"))]


def test_no_word_that_counts() -> None:
    seen = Counts(words)
    with pytest.raises(ValueError):
        Vocabulary(seen, seen.rows(["", "12 34", "!!"]), min_df=1, max_df=1.0, limit=10)
    with pytest.raises(ValueError):
        Vocabulary(seen, seen.rows([]), min_df=1, max_df=1.0, limit=10)
