"""The method: TF-IDF over the period's words, NMF into k themes, each text in its strongest theme, each theme
labelled by class-based TF-IDF (its words weighed against the other themes', as BERTopic does).

- k (how many themes) grows with the period: round(sqrt(texts / 4)), at least `K_MIN`, at most `K_MAX`, and never
  more than the texts or the words; a theme that no text ends up in is dropped.
- Same texts in the same order and the same seed give the same themes (NNDSVDa start, fixed random_state).
- The previous period's texts go through the same vocabulary and NMF (`transform`), so their sizes count the
  same themes.
No Django here: the service reads the texts and stores what this returns.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import numpy as np
from scipy import sparse
from sklearn.decomposition import NMF
from sklearn.feature_extraction.text import TfidfTransformer
from threadpoolctl import threadpool_limits

from redress.analytics.themes.counting import Counts, Vocabulary
from redress.analytics.themes.text import words

K_MIN: Final = 4
K_MAX: Final = 30
TOP_TERMS: Final = 10
MAX_FEATURES: Final = 10000
# The solver stops when an iteration improves the fit by less than this share: at 50,000 texts it stops after
# some 35 iterations, where 1e-4 ran to the limit for the same themes.
TOL: Final = 1e-3
# One BLAS/OpenMP thread: the run shares its machine with the web and the worker, and two threads on two
# busy cores took twice as long as one (threads waiting on each other).
THREADS: Final = 1
# NMF in single precision: a quarter less time (its start, an SVD, less than half) and half the memory, for the
# same themes (at 50,000 texts every text in the same theme as in double precision).
DTYPE: Final = np.float32


def choose_k(texts: int, vocabulary: int) -> int:
    return max(1, min(K_MAX, max(K_MIN, round(math.sqrt(texts / 4))), texts, vocabulary))


@dataclass
class Fitted:
    k: int
    vocabulary: int
    assignment: np.ndarray[Any, Any]  # per text: its theme's index, -1 for none (no word that counts)
    strength: np.ndarray[Any, Any]  # per text: its weight in that theme
    terms: list[list[tuple[str, float]]]  # per theme: (word, class-based TF-IDF), strongest first
    parameters: dict[str, Any] = field(default_factory=dict)
    _model: Any = None

    def assign(self, texts: Sequence[str]) -> np.ndarray[Any, Any]:
        """Another period's texts, each in the strongest of these themes (-1: none)."""
        if not texts or self._model is None:
            return np.full(len(texts), -1)
        vocabulary, tfidf, nmf = self._model
        x = tfidf.transform(vocabulary.transform(texts)).astype(DTYPE)
        with threadpool_limits(THREADS):
            weights = nmf.transform(x)
        return _strongest(weights)[0]


def _strongest(weights: np.ndarray[Any, Any]) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    best = weights.argmax(axis=1)
    strength = weights.max(axis=1)
    return np.where(strength > 0, best, -1), strength


def _class_tfidf(counts: sparse.csr_matrix, assignment: np.ndarray[Any, Any], k: int) -> np.ndarray[Any, Any]:
    """c-TF-IDF: a word's share of its theme's words × log(1 + average words per theme / the word's count)."""
    rows = np.flatnonzero(assignment >= 0)
    member = sparse.csr_matrix((np.ones(len(rows)), (assignment[rows], rows)), shape=(k, counts.shape[0]))
    per_class = np.asarray((member @ counts).todense(), dtype=float)
    totals = per_class.sum(axis=1, keepdims=True)
    tf = np.divide(per_class, totals, out=np.zeros_like(per_class), where=totals > 0)
    frequency = per_class.sum(axis=0)
    average = per_class.sum() / max(1, k)
    idf = np.log1p(np.divide(average, frequency, out=np.zeros_like(frequency), where=frequency > 0))
    return tf * idf


def _parameters(kept: int, fitted: int, vocabulary: int, min_df: int) -> dict[str, Any]:
    return {
        "k": kept,
        "k_fitted": fitted,
        "vocabulary": vocabulary,
        "min_df": min_df,
        "max_features": MAX_FEATURES,
        "k_rule": f"round(sqrt(texts / 4)) within [{K_MIN}, {K_MAX}]",
    }


def fit(texts: Sequence[str], *, seed: int = 0, k: int | None = None) -> Fitted:
    """The themes of `texts` (one string per complaint)."""
    n = len(texts)
    min_df = 2 if n >= 20 else 1
    seen = Counts(words)
    try:
        chosen = Vocabulary(seen, seen.rows(texts), min_df=min_df, max_df=0.5 if n >= 20 else 1.0, limit=MAX_FEATURES)
    except ValueError:  # no word that counts in any text (or no text)
        return Fitted(
            k=0,
            vocabulary=0,
            assignment=np.full(n, -1),
            strength=np.zeros(n),
            terms=[],
            parameters=_parameters(0, 0, 0, min_df),
        )
    counts, vocabulary = chosen.counts, np.array(chosen.words)
    k = k or choose_k(n, len(vocabulary))
    tfidf = TfidfTransformer(sublinear_tf=True)
    x = tfidf.fit_transform(counts).astype(DTYPE)
    nmf = NMF(n_components=k, init="nndsvda", random_state=seed, max_iter=200, tol=TOL)
    with threadpool_limits(THREADS):
        weights = nmf.fit_transform(x)
    assignment, strength = _strongest(weights)
    # Themes no text ends up in are dropped; the rest renumbered by size (largest first, then first seen).
    sizes = np.bincount(assignment[assignment >= 0], minlength=k)
    kept = sorted((i for i in range(k) if sizes[i] > 0), key=lambda i: (-sizes[i], i))
    order = {old: new for new, old in enumerate(kept)}
    remap = np.array([order.get(i, -1) for i in range(k)] + [-1])
    assignment = remap[assignment]  # -1 indexes the appended -1
    nmf.components_ = nmf.components_[kept]
    nmf.n_components_ = len(kept)
    scores = _class_tfidf(counts, assignment, len(kept))
    terms = []
    for row in scores:
        top = np.argsort(-row, kind="stable")[:TOP_TERMS]
        terms.append([(str(vocabulary[j]), round(float(row[j]), 6)) for j in top if row[j] > 0])
    parameters = _parameters(len(kept), k, len(vocabulary), min_df)
    return Fitted(
        k=len(kept),
        vocabulary=len(vocabulary),
        assignment=assignment,
        strength=strength,
        terms=terms,
        parameters=parameters,
        _model=(chosen, tfidf, nmf),
    )
