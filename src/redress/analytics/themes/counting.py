"""Word counts of a theme run's texts, each distinct text cut into words once.

A month of complaints repeats texts (a copy sent twice, the same short question asked by many), and the period
before shares many of them: `Counts` cuts each distinct text once and counts its words once, for both periods.
The words kept and their order are scikit-learn's `CountVectorizer`'s (min_df, max_df, max_features, then
alphabetical), so the same texts give the same matrix it gives, to the last bit: its Python loop over every
word of every text was most of a run's time, and cutting a text twice cost as much as cutting it once.
No Django here.
"""

from __future__ import annotations

from array import array
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import sparse


class Counts:
    """The distinct texts seen so far (a row each) and every word of them (a column each, in order of first
    appearance)."""

    def __init__(self, analyzer: Callable[[str], list[str]]) -> None:
        self._analyzer = analyzer
        self._row_of: dict[str, int] = {}
        # A word's column: the next one the first time it is seen, as CountVectorizer numbers them.
        self._columns: defaultdict[str, int] = defaultdict()
        self._columns.default_factory = self._columns.__len__
        self._blocks: list[sparse.csr_matrix] = []  # the counts of the distinct texts, a block per `rows` call

    def rows(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        """Each text's row (a text not seen before is cut and counted)."""
        row_of, column_of, analyzer = self._row_of, self._columns.__getitem__, self._analyzer
        first = len(row_of)
        columns, lengths = array("i"), array("q")  # every word of the new texts, as columns; words per text
        out = np.empty(len(texts), dtype=np.intp)
        for n, text in enumerate(texts):
            row = row_of.get(text)
            if row is None:
                row = row_of[text] = len(row_of)
                words = analyzer(text)
                columns.extend(map(column_of, words))
                lengths.append(len(words))
            out[n] = row
        if lengths:  # counted in one go: each (text, word) pair summed
            at = np.repeat(np.arange(len(lengths)), np.frombuffer(lengths, dtype=np.int64))
            block = sparse.csr_matrix(
                (np.ones(len(columns), dtype=np.int64), (at, np.frombuffer(columns, dtype=np.int32))),
                shape=(len(row_of) - first, len(self._columns)),
            )
            block.sort_indices()
            self._blocks.append(block)
        return out

    def matrix(self, rows: np.ndarray[Any, Any]) -> sparse.csr_matrix:
        """These rows' counts (one row per text, columns as numbered so far), indices sorted within a row."""
        width = len(self._columns)
        for block in self._blocks:
            block.resize((block.shape[0], width))  # words first seen in a later block: none in this one
        distinct = (
            sparse.vstack(self._blocks, format="csr") if self._blocks else sparse.csr_matrix((0, width), dtype=np.int64)
        )
        return distinct[rows]

    def words(self) -> list[str]:
        """Every word, by column."""
        return list(self._columns)


class Vocabulary:
    """The words a fit counts, chosen from the fitting period's counts as CountVectorizer chooses them."""

    def __init__(self, counts: Counts, rows: np.ndarray[Any, Any], *, min_df: int, max_df: float, limit: int):
        """Raises ValueError where no word counts (no text, no word, or none left), as CountVectorizer does."""
        self._counts = counts
        every = counts.words()
        if not every:
            raise ValueError("no word in any text")
        x = counts.matrix(rows)
        # Columns renumbered alphabetically (indices left in their order, as CountVectorizer leaves them).
        alphabetical = np.array(sorted(range(len(every)), key=every.__getitem__), dtype=np.intp)
        position = np.empty(len(every), dtype=x.indices.dtype)
        position[alphabetical] = np.arange(len(every), dtype=x.indices.dtype)
        x.indices = position.take(x.indices)
        documents = np.bincount(x.indices, minlength=len(every))
        mask = (documents <= max_df * len(rows)) & (documents >= min_df)
        if mask.sum() > limit:  # the `limit` most frequent, ties broken as CountVectorizer breaks them (same sort)
            candidates = np.flatnonzero(mask)
            totals = np.asarray(x.sum(axis=0)).ravel()
            mask = np.zeros(len(every), dtype=bool)
            mask[candidates[(-totals[candidates]).argsort()[:limit]]] = True
        kept = np.flatnonzero(mask)
        if not len(kept):
            raise ValueError("no word left after pruning")
        self.counts = x[:, kept]  # the fitting period's counts
        self._columns = alphabetical[kept]  # each kept word's column in `Counts`
        self.words = [every[column] for column in self._columns]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """Other texts' counts of these words."""
        x = self._counts.matrix(self._counts.rows(texts))[:, self._columns]
        x.sort_indices()
        return x
