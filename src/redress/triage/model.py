"""The triage model: one TF-IDF vectorizer and five linear heads, saved as one joblib artifact.

Heads: `business` and `product` (multiclass: a LinearSVC — for `product`, on Naive Bayes-scaled
features, see nbsvm.py — calibrated by a temperature fitted on
out-of-fold scores, so softmax(T·scores) is the confidence), `is_complaint` and `urgent` (binary
LogisticRegression), `flags` (one binary LogisticRegression per flag). After training, the heads'
coefficients (temperature included) are stacked into one matrix W (features × outputs), so a
batch of texts costs one sparse × dense product, and the n-grams that drove a decision are read
off W directly.
"""

from __future__ import annotations

import hashlib
import platform
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import joblib
import numpy as np
from scipy import sparse

from redress.triage.ml.features import FEATURE_VERSION, analyze, char_grams, parts
from redress.triage.taxonomy import FLAGS

if TYPE_CHECKING:  # scikit-learn is imported only to train: predicting needs numpy and scipy alone
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

ARTIFACT_FORMAT = 2
HEAD_NAMES = ("business", "product", "is_complaint", "urgent", "flags")


@dataclass
class Example:
    """One training text and whatever labels it has (None: unknown for this text)."""

    text: str
    business: str | None = None
    product: str | None = None
    is_complaint: bool | None = None
    urgent: bool | None = None
    flags: list[str] | None = None
    weight: float = 1.0
    source: str = ""
    # For narratives drawn from a larger pool (CFPB, capped a product): 0 is the draw every head
    # learns from; 1, 2, … are other draws, which only the product head learns from, one head per
    # draw, averaged (bagging). None: not drawn (learnt from by every head and every draw).
    draw: int | None = None


@dataclass
class Head:
    name: str
    kind: str  # "multiclass", "binary" or "multilabel"
    classes: list[str]  # multiclass: the classes; binary: ["true"]; multilabel: the flags
    start: int
    stop: int


@dataclass
class Explainable:
    """The explainable entries of a batch of TF-IDF rows (see `TriageModel.explainable`)."""

    n: int
    rows: np.ndarray[Any, Any]
    indices: np.ndarray[Any, Any]
    values: np.ndarray[Any, Any]  # TF-IDF value × how readable the term is


class TriageModel:
    """The fitted vocabulary and idf of a scikit-learn TfidfVectorizer, and the stacked heads.

    Prediction does the vectorizer's transform itself (same analyzer, sublinear tf, idf, l2 norm:
    tested equal), with C-level lookups, which is several times faster than
    `TfidfVectorizer.transform` on long texts; and the artifact stores the vocabulary as a plain
    list, which loads in a fraction of the time of the vectorizer's dict of numpy integers.
    """

    def __init__(
        self,
        terms: list[str],
        idf: np.ndarray[Any, Any],
        weights: np.ndarray[Any, Any],
        bias: np.ndarray[Any, Any],
        heads: dict[str, Head],
        metadata: dict[str, Any],
        cue_scale: float = 1.0,
        max_chars: int = 10_000,
    ) -> None:
        self.terms = terms
        self.max_chars = max_chars  # the model reads the start of a text (trained that way); rules read all
        self.vocabulary: dict[str, int] = dict(zip(terms, range(len(terms)), strict=True))
        self.idf = np.asarray(idf, dtype=np.float32)
        self.cue_scale = cue_scale
        self.cue_columns = np.array([i for i, t in enumerate(terms) if t.startswith("@cue:")], dtype=np.int32)
        self.is_cue = np.zeros(len(terms), dtype=bool)
        self.is_cue[self.cue_columns] = True
        self.readable = np.array([_readability(t) for t in terms], dtype=np.float32)
        self._word_cache: dict[str, bytes] = {}  # word → its character n-grams' feature ids, as int32 bytes
        self._index_words(terms)
        self.weights = weights
        self.columns = np.ascontiguousarray(weights.T)  # one output's weights in a row: fast to gather
        self.bias = bias
        self.heads = heads
        self.metadata = metadata

    # ----------------------------------------------------------------------- predict

    @property
    def version(self) -> int | None:
        value = self.metadata.get("version")
        return int(value) if value is not None else None

    def _index_words(self, terms: list[str]) -> None:
        """Number the English words of the vocabulary, so that word pairs are looked up as numbers.

        Every word of a word-pair term gets a number (a pair can be a feature only if both its words
        have one); `_unigram[n]` is word n's own feature (-1: none), and `_pair_keys` (sorted) holds
        first × count + second of every word-pair term, `_pair_ids` its feature.
        """
        words: dict[str, int] = {}
        pairs: list[tuple[str, str, int]] = []
        for i, term in enumerate(terms):
            if " " in term and term[0] != "@":
                first, _, second = term.partition(" ")
                pairs.append((first, second, i))
                words.setdefault(first, len(words))
                words.setdefault(second, len(words))
            elif _ENGLISH_WORD.fullmatch(term):
                words.setdefault(term, len(words))
        self._words = words
        self._unigram = np.full(len(words) + 1, -1, dtype=np.int64)  # the last entry: unknown words (-1)
        get = self.vocabulary.get
        self._unigram[:-1] = [get(w, -1) for w in words]
        count = len(words) + 1
        keys = np.array([words[a] * count + words[b] for a, b, _ in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self._pair_keys = keys[order]
        self._pair_ids = np.array([i for _, _, i in pairs], dtype=np.int64)[order]

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """TF-IDF rows (sublinear tf × idf, l2-normalised), cue features scaled.

        The features of each text are looked up in Python (C-level dict lookups through `map`), its
        words as numbers, whose pairs are then matched against the vocabulary's word pairs in numpy;
        everything after that — counting, idf, norms — is done once for the whole batch.
        """
        get = self.vocabulary.get
        number = self._words.get
        unknown = len(self._words)
        cached = self._word_cache.get
        word_ids = self._word_ids
        width = len(self.terms)
        n = len(texts)
        ids: list[int] = []
        sizes: list[int] = []
        numbers: list[int] = []
        word_counts: list[int] = []
        grams: list[bytes] = []
        gram_counts: list[int] = []
        for text in texts:
            features, words, distinct = parts(text)
            before = len(ids)
            ids.extend(map(get, features, repeat(-1)))
            sizes.append(len(ids) - before)
            numbers.extend(map(number, words, repeat(unknown)))
            word_counts.append(len(words))
            # A word's character n-grams count once per text: looked up once per word and process
            # (from the cache in C; only new words go through `_word_ids`), joined as bytes, so
            # their ids never become Python numbers.
            word_grams: list[bytes | None] = list(map(cached, distinct))
            if None in word_grams:
                word_grams = list(map(word_ids, distinct))
            joined = b"".join(cast("list[bytes]", word_grams))
            grams.append(joined)
            gram_counts.append(len(joined) >> 2)
        # 32-bit keys (row × width + column) while they fit: converting and sorting them is cheaper.
        kind: type[np.signedinteger[Any]] = np.int32 if n * max(width, 1) < 2**31 else np.int64
        found: np.ndarray[Any, Any] = np.concatenate(
            [np.array(ids, dtype=kind), np.frombuffer(b"".join(grams), dtype=np.int32).astype(kind, copy=False)]
        )
        every_row = np.arange(n, dtype=kind)
        rows: np.ndarray[Any, Any] = np.concatenate([np.repeat(every_row, sizes), np.repeat(every_row, gram_counts)])
        if numbers:
            word_number = np.array(numbers, dtype=np.int64)
            word_rows = np.repeat(np.arange(n, dtype=kind), word_counts)
            # Pairs of neighbouring words of the same text, both known: matched as numbers.
            same = (word_rows[1:] == word_rows[:-1]) & (word_number[1:] != unknown) & (word_number[:-1] != unknown)
            pair_keys = word_number[:-1][same] * (unknown + 1) + word_number[1:][same]
            at = np.minimum(np.searchsorted(self._pair_keys, pair_keys), max(len(self._pair_keys) - 1, 0))
            pair_ids = self._pair_ids[at] if len(self._pair_keys) else np.zeros(0, dtype=np.int64)
            is_pair = self._pair_keys[at] == pair_keys if len(self._pair_keys) else np.zeros(0, dtype=bool)
            found = np.concatenate([found, self._unigram[word_number].astype(kind), pair_ids[is_pair].astype(kind)])
            rows = np.concatenate([rows, word_rows, word_rows[:-1][same][is_pair]])
        known = found >= 0
        keys = rows[known] * kind(width) + found[known]
        keys.sort()  # by row, then column; then the counts of equal keys (np.unique without its extra passes)
        first = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else keys
        counts = np.diff(np.append(first, len(keys)))
        keys = keys[first]
        rows, columns = np.divmod(keys, width) if width else (keys, keys)
        values = ((1.0 + np.log(counts)) * self.idf[columns]).astype(np.float32)
        norms = np.sqrt(np.bincount(rows, weights=values.astype(np.float64) ** 2, minlength=n))
        norms[norms == 0] = 1.0
        values /= norms[rows].astype(np.float32)
        if self.cue_scale != 1.0:
            values[self.is_cue[columns]] *= self.cue_scale  # as `scale_cues` does after the vectorizer
        indptr = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(np.bincount(rows, minlength=n), out=indptr[1:])
        return sparse.csr_matrix((values, columns, indptr), shape=(n, width))

    def _word_ids(self, word: str) -> bytes:
        """The known feature ids of a word's character n-grams (none for words of 3 letters or fewer,
        as `analyze`) as int32 bytes, cached per model."""
        ids = self._word_cache.get(word)
        if ids is None:
            get = self.vocabulary.get
            found = [i for i in map(get, char_grams(word)) if i is not None] if len(word) > 3 else []
            ids = np.array(found, dtype=np.int32).tobytes()
            if len(self._word_cache) >= 200_000:
                self._word_cache.clear()
            self._word_cache[word] = ids
        return ids

    def scores(self, features: sparse.csr_matrix) -> np.ndarray[Any, Any]:
        """Raw outputs (logits) of every head for every row: rows × outputs."""
        return np.asarray(features @ self.weights) + self.bias

    def probabilities(self, logits: np.ndarray[Any, Any], head_name: str) -> np.ndarray[Any, Any] | None:
        """One head's probabilities for every row (multiclass: softmax; binary and multilabel: sigmoid)."""
        head = self.heads.get(head_name)
        if head is None:
            return None
        z = logits[:, head.start : head.stop].astype(np.float64)
        if head.kind == "multiclass":
            z -= z.max(axis=1, keepdims=True)
            p = np.exp(z)
            p /= p.sum(axis=1, keepdims=True)
            return p
        return 1.0 / (1.0 + np.exp(-z))

    def explainable(self, features: sparse.csr_matrix) -> Explainable:
        """The entries of a batch worth showing in an explanation, gathered once for all heads.

        Character n-grams of English words and cue features explain little to a reader: left out.
        """
        rows = np.repeat(np.arange(features.shape[0]), np.diff(features.indptr))
        readable = self.readable[features.indices]
        keep = np.flatnonzero(readable > 0)
        indices = features.indices[keep]
        return Explainable(features.shape[0], rows[keep], indices, features.data[keep] * readable[keep])

    def top_terms_many(
        self,
        features: sparse.csr_matrix | Explainable,
        columns: Sequence[int],
        signs: Sequence[float],
        *,
        k: int = 5,
    ) -> list[list[str]]:
        """For each row, the n-grams that pushed its output `columns[row]` the most (direction `signs[row]`;
        column -1: none). One vectorised pass over the batch."""
        batch = features if isinstance(features, Explainable) else self.explainable(features)
        n = batch.n
        result: list[list[str]] = [[] for _ in range(n)]
        column_of = np.asarray(columns, dtype=np.int64)
        if n == 0 or not (column_of >= 0).any():
            return result
        wanted = column_of[batch.rows]
        contributions = (
            batch.values
            * self.columns[np.maximum(wanted, 0), batch.indices]
            * np.asarray(signs, dtype=np.float32)[batch.rows]
        )
        keep = np.flatnonzero((contributions > 0) & (wanted >= 0))
        if not len(keep):
            return result
        contributions = contributions[keep]
        kept_rows = batch.rows[keep]
        # One sort for the batch: by row, then by contribution, largest first.
        order = np.argsort(kept_rows * (float(contributions.max()) + 1.0) - contributions, kind="stable")
        sorted_rows = kept_rows[order]
        bounds = np.searchsorted(sorted_rows, np.arange(n + 1))
        if len(order) > 64 * k:
            # Only the first 4·k entries of a row can be shown: in a large batch the rest never reach Python.
            top = np.flatnonzero(np.arange(len(order)) - bounds[sorted_rows] < 4 * k)
            bounds = np.searchsorted(sorted_rows[top], np.arange(n + 1))
            order = order[top]
        starts = bounds.tolist()
        term_ids = batch.indices[keep][order].tolist()
        terms = self.terms
        for row in range(n):
            start, stop = starts[row], starts[row + 1]
            if start == stop:
                continue
            chosen = result[row]
            shown = ""  # the chosen terms, \0-separated: a term inside one of them is not shown again
            for term_id in term_ids[start : min(stop, start + 4 * k)]:
                term = terms[term_id]
                if term in shown:
                    continue
                chosen.append(term)
                if len(chosen) == k:
                    break
                shown += "\0" + term
        return result

    # ----------------------------------------------------------------------- save / load

    def save(self, path: Path) -> str:
        """Write the artifact; returns its SHA-256."""
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": ARTIFACT_FORMAT,
            "feature_version": FEATURE_VERSION,
            "terms": self.terms,
            "idf": self.idf,
            "weights": self.weights.astype(np.float16),
            "bias": self.bias,
            "heads": {name: vars(head) for name, head in self.heads.items()},
            "metadata": self.metadata,
            "cue_scale": self.cue_scale,
            "max_chars": self.max_chars,
        }
        tmp = path.with_suffix(".tmp")
        joblib.dump(payload, tmp, compress=3)
        tmp.replace(path)
        return file_sha256(path)

    @classmethod
    def load(cls, path: Path) -> TriageModel:
        payload = joblib.load(path)
        if payload.get("format") != ARTIFACT_FORMAT or payload.get("feature_version") != FEATURE_VERSION:
            raise ValueError(
                f"{path} was written by another version of redress's triage (format {payload.get('format')}, "
                f"features {payload.get('feature_version')}); train a new model with `redress triage train`."
            )
        heads = {name: Head(**spec) for name, spec in payload["heads"].items()}
        weights = np.ascontiguousarray(payload["weights"], dtype=np.float32)
        return cls(
            payload["terms"],
            payload["idf"],
            weights,
            payload["bias"],
            heads,
            payload["metadata"],
            payload.get("cue_scale", 1.0),
            int(payload.get("max_chars", 10_000)),
        )


_ENGLISH_WORD = re.compile(r"[a-z][a-z']*[a-z]")


def cue_columns(vectorizer: TfidfVectorizer) -> np.ndarray[Any, Any]:
    return np.array(sorted(i for term, i in vectorizer.vocabulary_.items() if term.startswith("@cue:")), dtype=np.int32)


def scale_cues(x: sparse.csr_matrix, columns: np.ndarray[Any, Any], factor: float) -> sparse.csr_matrix:
    """Give the product cue features (see lexicon.py) `factor` times their TF-IDF weight."""
    if factor != 1.0 and len(columns):
        x.data[np.isin(x.indices, columns)] *= factor
    return x


_FUNCTION_WORDS = frozenset("我你他她它们的了是在被把就都也还和与及或吗呢吧啊这那有不没要会说个上下到给让请") | {
    "the",
    "my",
    "to",
    "a",
    "an",
    "and",
    "of",
    "i",
    "in",
    "is",
    "it",
    "for",
    "on",
    "was",
    "that",
    "with",
    "this",
    "me",
    "have",
    "be",
    "at",
    "by",
    "or",
    "as",
    "are",
    "were",
    "has",
    "had",
    "not",
    "they",
    "them",
    "their",
    "you",
    "your",
    "we",
    "our",
    "he",
    "she",
    "his",
    "her",
    "its",
    "from",
    "but",
    "if",
    "so",
    "do",
    "did",
}


def _readability(term: str) -> float:
    """How much a term is worth showing in an explanation (its contribution is multiplied by this)."""
    if term.startswith(("#", "@")) or term in _FUNCTION_WORDS:
        return 0.0  # character n-grams of English words, cue features, function words
    if len(term) == 1 or all(part in _FUNCTION_WORDS for part in term.split()):
        return 0.4  # a single Chinese character, or "to the": a longer n-gram says more
    return 1.0


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def examples_hash(examples: Sequence[Example]) -> str:
    """A fingerprint of the training data (texts, labels, weights), independent of order."""
    lines = sorted(
        f"{e.text}\x1f{e.business}\x1f{e.product}\x1f{e.is_complaint}\x1f{e.urgent}\x1f{e.flags}\x1f{e.weight:.4f}"
        + (f"\x1f{e.draw}" if e.draw is not None else "")  # (texts that are not drawn hash as before)
        for e in examples
    )
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode())
        digest.update(b"\n")
    return digest.hexdigest()


# --------------------------------------------------------------------------- training


@dataclass
class TrainingOptions:
    min_df: int = 2
    max_features: int = 150_000
    c_business: float = 0.3
    # 4-fold cross-validation of the product head on the CFPB training narratives (bench/triage_cv.py
    # --c, 3 fold draws, 4-gram features): macro-F1 0.663 at C 0.15, 0.681 at 0.3, 0.687 at 0.5,
    # 0.690 at 0.7, 0.692 at 1, 0.694 at 2 and at 3: a plateau from 1 on.
    c_product: float = 1.0
    # The product head's SVMs start from Naive Bayes log-count ratios (triage/nbsvm.py): 4-fold
    # cross-validation on the CFPB training narratives, 6 runs, macro-F1 +0.012 over plain LinearSVC.
    nb_product: bool = True
    c_binary: float = 5.0
    cue_scale: float = 3.0  # chosen by 5-fold cross-validation of the product head on the training data
    # The model reads the first 1,000 characters of a text (the rules read all of it): where a
    # narrative says what product it is about. Chosen by 4-fold cross-validation of the product head
    # on the CFPB training narratives (macro-F1 0.614 at 1,000, 0.600 at 2,000, 0.597 at 10,000),
    # and it makes prediction on long letters several times cheaper.
    max_chars: int = 1_000
    min_examples: int = 4  # a class or flag with fewer examples is left out
    max_iter: int = 1000


def _fit(
    x: sparse.csr_matrix, y: list[str] | list[bool], weights: np.ndarray[Any, Any], c: float, max_iter: int
) -> LogisticRegression:
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=c, max_iter=max_iter, class_weight="balanced")
    model.fit(x, y, sample_weight=weights)
    return model


def _svc_scores(model: Any, x: sparse.csr_matrix) -> np.ndarray[Any, Any]:
    scores = np.asarray(model.decision_function(x))
    return np.column_stack([-scores / 2, scores / 2]) if scores.ndim == 1 else scores


def linear_svc(c: float) -> Any:
    from sklearn.svm import LinearSVC

    return LinearSVC(C=c, class_weight="balanced", random_state=0)


def nb_linear_svc(c: float) -> Any:
    from redress.triage.ml.nbsvm import NBLinearSVC

    return NBLinearSVC(C=c)


def fit_multiclass(
    x: sparse.csr_matrix,
    y: list[str],
    weights: np.ndarray[Any, Any],
    c: float,
    learner: Callable[[float], Any] = linear_svc,
) -> tuple[list[str], np.ndarray[Any, Any], np.ndarray[Any, Any], float]:
    """A class-balanced linear SVM and the temperature that makes softmax(T·scores) calibrated.

    T minimises the weighted log loss of out-of-fold scores (3 folds), so the confidence of a
    class is what it is on texts the model has not seen. Returns (classes, coef, bias, T), the
    coefficient rows already multiplied by T. `learner(c)`: a LinearSVC, or the NB-scaled one.
    """
    from scipy.optimize import minimize_scalar
    from sklearn.model_selection import StratifiedKFold

    labels = np.asarray(y)
    model = learner(c)
    model.fit(x, labels, sample_weight=weights)
    classes = [str(cls) for cls in model.classes_]
    index = np.searchsorted(model.classes_, labels)
    folds = min(3, min(int((labels == cls).sum()) for cls in model.classes_))
    temperature = 1.0
    if folds >= 2:
        scores = np.zeros((len(labels), len(classes)))
        for train, test in StratifiedKFold(folds, shuffle=True, random_state=0).split(x, labels):
            fold = learner(c).fit(x[train], labels[train], sample_weight=weights[train])
            scores[test] = _svc_scores(fold, x[test])

        def loss(t: float) -> float:
            z = scores * t
            z -= z.max(axis=1, keepdims=True)
            log_p = z[np.arange(len(labels)), index] - np.log(np.exp(z).sum(axis=1))
            return float(-(weights * log_p).sum() / weights.sum())

        temperature = float(minimize_scalar(loss, bounds=(0.05, 50.0), method="bounded").x)
    coef, bias = np.asarray(model.coef_), np.asarray(model.intercept_)
    if coef.shape[0] == 1:  # two classes, one row for classes[1]: make it two for the softmax
        coef = np.vstack([-coef[0] / 2, coef[0] / 2])
        bias = np.array([-bias[0] / 2, bias[0] / 2])
    return classes, coef * temperature, bias * temperature, temperature


def train_model(
    examples: Sequence[Example], *, metadata: dict[str, Any] | None = None, options: TrainingOptions | None = None
) -> TriageModel:
    """Fit the vectorizer on every text and each head on the texts that carry its label."""
    options = options or TrainingOptions()
    if not examples:
        raise ValueError("There is nothing to train on.")
    import sklearn
    from sklearn.feature_extraction.text import TfidfVectorizer

    all_examples = examples
    other_draws = [e for e in examples if e.draw]
    examples = [e for e in examples if not e.draw]
    texts = [e.text[: options.max_chars] for e in examples]
    known = set(texts)
    extra_texts = sorted({e.text[: options.max_chars] for e in other_draws} - known)
    vectorizer = TfidfVectorizer(
        analyzer=analyze,
        min_df=min(options.min_df, max(1, len(examples) // 50)),
        max_features=options.max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )
    # the texts every head learns from, then those only other draws hold: the vocabulary and idf know both
    x_every = sparse.csr_matrix(vectorizer.fit_transform(texts + extra_texts))
    x_every = scale_cues(x_every, cue_columns(vectorizer), options.cue_scale)
    x_all = x_every[: len(texts)]
    row_of = {text: i for i, text in enumerate(texts + extra_texts)}  # a text's row in x_every
    weights_all = np.array([e.weight for e in examples], dtype=np.float64)
    columns: list[np.ndarray[Any, Any]] = []
    biases: list[float] = []
    heads: dict[str, Head] = {}
    counts: dict[str, Any] = {}

    def add_head(
        name: str, kind: str, classes: list[str], coef: np.ndarray[Any, Any], bias: np.ndarray[Any, Any]
    ) -> None:
        start = sum(c.shape[0] for c in columns)
        columns.append(np.asarray(coef, dtype=np.float32))
        biases.extend(float(b) for b in bias)
        heads[name] = Head(name, kind, classes, start, start + coef.shape[0])

    for name, c in (("business", options.c_business), ("product", options.c_product)):
        rows = [i for i, e in enumerate(examples) if getattr(e, name)]
        labels = [str(getattr(examples[i], name)) for i in rows]
        tally = _tally(labels)
        keep = {label for label, n in tally.items() if n >= options.min_examples}
        rows = [i for i, label in zip(rows, labels, strict=True) if label in keep]
        counts[name] = {label: n for label, n in sorted(tally.items()) if label in keep}
        if len(keep) < 2:
            continue
        y = [str(getattr(examples[i], name)) for i in rows]
        learner = nb_linear_svc if name == "product" and options.nb_product else linear_svc
        classes, coef, bias, temperature = fit_multiclass(x_all[rows], y, weights_all[rows], c, learner)
        if name == "product" and other_draws:
            coef, bias, temperature = _average_draws(
                (coef, bias, temperature),
                classes,
                rows,
                examples,
                other_draws,
                x_every,
                row_of,
                options.max_chars,
                partial(fit_multiclass, c=c, learner=learner),
            )
            counts["product_draws"] = 1 + len({e.draw for e in other_draws})
        counts[f"{name}_temperature"] = round(temperature, 4)
        add_head(name, "multiclass", classes, coef, bias)

    for name in ("is_complaint", "urgent"):
        rows = [i for i, e in enumerate(examples) if getattr(e, name) is not None]
        y_bool = [bool(getattr(examples[i], name)) for i in rows]
        counts[name] = {"true": sum(y_bool), "false": len(y_bool) - sum(y_bool)}
        if min(counts[name].values()) < options.min_examples:
            continue
        model = _fit(x_all[rows], y_bool, weights_all[rows], options.c_binary, options.max_iter)
        add_head(name, "binary", ["true"], model.coef_, model.intercept_)

    rows = [i for i, e in enumerate(examples) if e.flags is not None]
    flag_coefs: list[np.ndarray[Any, Any]] = []
    flag_bias: list[float] = []
    flag_names: list[str] = []
    counts["flags"] = {}
    for flag in FLAGS:
        y_flag = [flag in (examples[i].flags or []) for i in rows]
        positives = sum(y_flag)
        counts["flags"][flag] = positives
        if positives < options.min_examples or len(y_flag) - positives < options.min_examples:
            continue
        model = _fit(x_all[rows], y_flag, weights_all[rows], options.c_binary, options.max_iter)
        flag_coefs.append(model.coef_[0])
        flag_bias.append(float(model.intercept_[0]))
        flag_names.append(flag)
    if flag_names:
        add_head("flags", "multilabel", flag_names, np.vstack(flag_coefs), np.array(flag_bias))

    if not heads:
        raise ValueError("No head could be trained: too few labelled texts.")
    weights = np.ascontiguousarray(np.vstack(columns).T, dtype=np.float32)
    meta = {
        "feature_version": FEATURE_VERSION,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "training_data_sha256": examples_hash(all_examples),
        "examples": len(examples),
        "other_draws": len(other_draws),
        "features": len(vectorizer.vocabulary_),
        "vectorizer": {
            "min_df": vectorizer.min_df,
            "max_features": options.max_features,
            "sublinear_tf": True,
            "max_chars": options.max_chars,
        },
        "labels": {name: head.classes for name, head in heads.items()},
        "counts": counts,
        **(metadata or {}),
    }
    terms = [str(t) for t in vectorizer.get_feature_names_out()]
    return TriageModel(
        terms,
        vectorizer.idf_,
        weights,
        np.array(biases, dtype=np.float32),
        heads,
        meta,
        options.cue_scale,
        options.max_chars,
    )


def _average_draws(
    first: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], float],
    classes: list[str],
    rows: list[int],
    examples: Sequence[Example],
    other_draws: Sequence[Example],
    x_every: sparse.csr_matrix,
    row_of: dict[str, int],
    max_chars: int,
    fit: Callable[
        [sparse.csr_matrix, list[str], np.ndarray[Any, Any]],
        tuple[list[str], np.ndarray[Any, Any], np.ndarray[Any, Any], float],
    ],
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], float]:
    """The product head of each other draw of the narratives (with the texts that are not drawn),
    averaged with the first draw's: the mean of linear heads is one linear head (bagging).

    4-fold cross-validation on the CFPB training narratives, 5 draws against 1: macro-F1 +0.011
    (bench/README.md, Triage)."""
    shared = [i for i in rows if examples[i].draw is None]
    coef_sum, bias_sum, temperature_sum = first
    coef_sum, bias_sum = coef_sum.copy(), bias_sum.copy()
    draws = sorted({int(e.draw or 0) for e in other_draws})
    for draw in draws:
        drawn = [e for e in other_draws if e.draw == draw and e.product in classes]
        x = sparse.vstack([x_every[shared], x_every[[row_of[e.text[:max_chars]] for e in drawn]]], format="csr")
        y = [str(examples[i].product) for i in shared] + [str(e.product) for e in drawn]
        weights = np.array([examples[i].weight for i in shared] + [e.weight for e in drawn], dtype=np.float64)
        got, coef, bias, temperature = fit(x, y, weights)  # the first draw's learner and C
        if got != classes:
            raise ValueError(f"Draw {draw} of the narratives has other products: {got} against {classes}.")
        coef_sum += coef
        bias_sum += bias
        temperature_sum += temperature
    n = 1 + len(draws)
    return coef_sum / n, bias_sum / n, temperature_sum / n


def _tally(labels: list[str]) -> dict[str, int]:
    tally: dict[str, int] = {}
    for label in labels:
        tally[label] = tally.get(label, 0) + 1
    return tally
