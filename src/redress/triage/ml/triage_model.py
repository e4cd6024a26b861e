"""The triage model: one TF-IDF vocabulary and five linear heads, saved as one .npz artifact (arrays + JSON).

Heads: `business` and `product` (multiclass: a LinearSVC — for `product`, on Naive Bayes-scaled
features, see nbsvm.py — calibrated by a temperature fitted on out-of-fold scores, so
softmax(T·scores) is the confidence), `is_complaint` and `urgent` (binary LogisticRegression),
`flags` (one binary LogisticRegression per flag). After training (fitting.py), the heads'
coefficients (temperature included) are stacked into one matrix W (features × outputs), so a
batch of texts costs one sparse × dense product, and the n-grams that drove a decision are read
off W directly. Predicting needs numpy only, never scipy or scikit-learn; loading an artifact cannot run code.

A loaded model keeps its vocabulary and arrays in shared mappings (shared.py): a web process forked from the
server that loaded it maps only the pages of the weights its texts use.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from redress.triage.ml.explain import Explainable, readability
from redress.triage.ml.features import FEATURE_VERSION, char_grams, parts
from redress.triage.ml.shared import Vocabulary, shared

if TYPE_CHECKING:  # scipy loads only where a scipy matrix is asked for (training, evaluation)
    from scipy import sparse

ARTIFACT_FORMAT = 3  # 3: numpy arrays and JSON in a zip (.npz); 2 was a joblib pickle
HEAD_NAMES = ("business", "product", "is_complaint", "urgent", "flags")


@dataclass
class Rows:
    """TF-IDF rows in compressed sparse row form (the attributes of a scipy `csr_matrix`, without scipy)."""

    data: np.ndarray[Any, Any]
    indices: np.ndarray[Any, Any]
    indptr: np.ndarray[Any, Any]
    shape: tuple[int, int]


@dataclass
class Head:
    """One head's place among the outputs: its columns `start:stop` of the stacked weights."""

    name: str
    kind: str  # "multiclass", "binary" or "multilabel"
    classes: list[str]  # multiclass: the classes; binary: ["true"]; multilabel: the flags
    start: int
    stop: int


class TriageModel:
    """The fitted vocabulary and idf of a scikit-learn TfidfVectorizer, and the stacked heads.

    Prediction does the vectorizer's transform itself (same analyzer, sublinear tf, idf, l2 norm:
    tested equal), with C-level lookups, which is several times faster than
    `TfidfVectorizer.transform` on long texts; and the artifact stores the vocabulary as a plain
    list, which loads in a fraction of the time of the vectorizer's dict of numpy integers.
    """

    def __init__(
        self,
        terms: Sequence[str],
        idf: np.ndarray[Any, Any],
        weights: np.ndarray[Any, Any],
        bias: np.ndarray[Any, Any],
        heads: dict[str, Head],
        metadata: dict[str, Any],
        cue_scale: float = 1.0,
        max_chars: int = 10_000,
    ) -> None:
        self.terms = terms if isinstance(terms, Vocabulary) else Vocabulary(terms)
        self.max_chars = max_chars  # the model reads the start of a text (trained that way); rules read all
        self.idf = shared(np.asarray(idf, dtype=np.float32))
        self.cue_scale = cue_scale
        self.cue_columns = np.array([i for i, t in enumerate(terms) if t.startswith("@cue:")], dtype=np.int32)
        is_cue = np.zeros(len(terms), dtype=bool)
        is_cue[self.cue_columns] = True
        self.is_cue = shared(is_cue)
        self.readable = shared(np.fromiter(map(readability, terms), dtype=np.float32, count=len(terms)))
        self._word_cache: dict[str, bytes] = {}  # word → its character n-grams' feature ids, as int32 bytes
        self._index_words(terms)
        # features × outputs; explanations gather from it too (no transposed copy: memory)
        self.weights = shared(np.asarray(weights, dtype=np.float32))
        self.bias = bias
        self.heads = heads
        self.metadata = metadata

    # ----------------------------------------------------------------------- predict

    @property
    def version(self) -> int | None:
        value = self.metadata.get("version")
        return int(value) if value is not None else None

    def _index_words(self, terms: Sequence[str]) -> None:
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
        unigram = np.full(len(words) + 1, -1, dtype=np.int64)  # the last entry: unknown words (-1)
        unigram[:-1] = self.terms.ids(list(words))
        self._unigram = shared(unigram)
        count = len(words) + 1
        keys = np.array([words[a] * count + words[b] for a, b, _ in pairs], dtype=np.int64)
        order = np.argsort(keys)
        self._pair_keys = shared(keys[order])
        self._pair_ids = shared(np.array([i for _, _, i in pairs], dtype=np.int64)[order])

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """`rows` as a scipy matrix (training and evaluation; prediction needs no scipy)."""
        from scipy import sparse

        rows = self.rows(texts)
        return sparse.csr_matrix((rows.data, rows.indices, rows.indptr), shape=rows.shape)

    def rows(self, texts: Sequence[str]) -> Rows:
        """TF-IDF rows (sublinear tf × idf, l2-normalised), cue features scaled.

        The features of the whole batch are looked up at once (by their hashes, in numpy), its
        words as numbers, whose pairs are then matched against the vocabulary's word pairs in numpy;
        everything after that — counting, idf, norms — is done once for the whole batch.
        """
        number = self._words.get
        unknown = len(self._words)
        cached = self._word_cache.get
        width = len(self.terms)
        n = len(texts)
        ids: list[str] = []  # every text's features, looked up together after the loop
        sizes: list[int] = []
        numbers: list[int] = []
        word_counts: list[int] = []
        grams: list[bytes] = []
        gram_counts: list[int] = []
        for text in texts:
            features, words, distinct = parts(text)
            before = len(ids)
            ids.extend(features)
            sizes.append(len(ids) - before)
            numbers.extend(map(number, words, repeat(unknown)))
            word_counts.append(len(words))
            # A word's character n-grams count once per text: looked up once per word and process
            # (from the cache in C; only new words go through `_cache_words`), joined as bytes, so
            # their ids never become Python numbers.
            word_grams: list[bytes | None] = list(map(cached, distinct))
            if None in word_grams:
                new = self._cache_words([w for w, g in zip(distinct, word_grams, strict=True) if g is None])
                word_grams = [g if g is not None else new[w] for w, g in zip(distinct, word_grams, strict=True)]
            joined = b"".join(cast("list[bytes]", word_grams))
            grams.append(joined)
            gram_counts.append(len(joined) >> 2)
        # 32-bit keys (row × width + column) while they fit: converting and sorting them is cheaper.
        kind: type[np.signedinteger[Any]] = np.int32 if n * max(width, 1) < 2**31 else np.int64
        found: np.ndarray[Any, Any] = np.concatenate(
            [self.terms.ids(ids).astype(kind), np.frombuffer(b"".join(grams), dtype=np.int32).astype(kind, copy=False)]
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
        return Rows(values, columns.astype(np.int32), indptr, (n, width))

    def _cache_words(self, words: Sequence[str]) -> dict[str, bytes]:
        """The known feature ids of each word's character n-grams (none for words of 3 letters or fewer,
        as `analyze`) as int32 bytes, all looked up at once; cached per model, and returned."""
        grams = [char_grams(word) if len(word) > 3 else () for word in words]
        found = self.terms.ids([g for word_grams in grams for g in word_grams]).astype(np.int32)
        if len(self._word_cache) + len(words) >= 200_000:
            self._word_cache.clear()
        new: dict[str, bytes] = {}
        at = 0
        for word, word_grams in zip(words, grams, strict=True):
            mine = found[at : at + len(word_grams)]
            at += len(word_grams)
            new[word] = mine[mine >= 0].tobytes()
        self._word_cache.update(new)
        return new

    def scores(self, features: Rows | sparse.csr_matrix) -> np.ndarray[Any, Any]:
        """Raw outputs (logits) of every head for every row: rows × outputs."""
        n = features.shape[0]
        indptr = np.asarray(features.indptr)
        outputs = self.weights.shape[1]
        if not len(features.indices):
            return np.zeros((n, outputs), dtype=np.float32) + self.bias
        if n > BATCH_FOR_SCIPY:
            # Batches (`redress triage predict`, evaluations): scipy's product, ~10 times faster than the gather
            # below on a batch of 256 long texts; a web process predicts one text at a time and never loads it.
            from scipy import sparse

            matrix = sparse.csr_matrix((features.data, features.indices, indptr), shape=features.shape)
            return np.asarray(matrix @ self.weights) + self.bias
        # Only the rows of the weights the texts use are read (and mapped into this process).
        products = self.weights[features.indices] * features.data[:, None].astype(np.float32, copy=False)
        starts = np.minimum(indptr[:-1], len(products) - 1)
        sums = np.add.reduceat(products, starts, axis=0)
        sums[indptr[:-1] == indptr[1:]] = 0.0  # a row with no known feature
        return sums + self.bias

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

    def explainable(self, features: Rows | sparse.csr_matrix) -> Explainable:
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
        features: Rows | sparse.csr_matrix | Explainable,
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
            * self.weights[batch.indices, np.maximum(wanted, 0)]
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
        """Write the artifact (arrays as .npy members, everything else as one JSON member); returns its SHA-256.

        Written byte for byte the same for the same model (fixed member dates), so that `make model`
        reproduces the shipped artifact exactly.
        """
        path.parent.mkdir(parents=True, exist_ok=True)
        description = {
            "format": ARTIFACT_FORMAT,
            "feature_version": FEATURE_VERSION,
            "terms": list(self.terms),
            "heads": {name: vars(head) for name, head in self.heads.items()},
            "metadata": self.metadata,
            "cue_scale": self.cue_scale,
            "max_chars": self.max_chars,
        }
        arrays = {
            "idf": np.asarray(self.idf, dtype=np.float32),
            "weights": np.asarray(self.weights, dtype=np.float16),
            "bias": np.asarray(self.bias, dtype=np.float32),
        }
        tmp = path.with_name(path.name + ".tmp")
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
                archive.writestr(_member(f"{name}.npy"), buffer.getvalue())
            text = json.dumps(description, ensure_ascii=False, sort_keys=True, default=str)
            archive.writestr(_member(DESCRIPTION), text.encode("utf-8"))
        tmp.replace(path)
        return file_sha256(path)

    @classmethod
    def load(cls, path: Path, *, sha256: str | None = None) -> TriageModel:
        """Read an artifact. Nothing in it can run code: numpy arrays read with `allow_pickle=False`, and
        JSON. With `sha256`, the file must have that digest (checked before anything is read)."""
        if sha256 and file_sha256(path) != sha256:
            raise ValueError(f"{path} is not the file that was trained: its SHA-256 differs from the recorded one.")
        if not zipfile.is_zipfile(path):
            raise ValueError(
                f"{path} is not a model of this version of redress (an older format, which is not read because "
                "loading it could run code); train a new model with `redress triage train`."
            )
        with np.load(path, allow_pickle=False) as archive:
            description = json.loads(archive[DESCRIPTION])
            if description.get("format") != ARTIFACT_FORMAT or description.get("feature_version") != FEATURE_VERSION:
                raise ValueError(
                    f"{path} was written by another version of redress's triage (format "
                    f"{description.get('format')}, features {description.get('feature_version')}); "
                    "train a new model with `redress triage train`."
                )
            idf, weights, bias = archive["idf"], archive["weights"], archive["bias"]
        heads = {name: Head(**spec) for name, spec in description["heads"].items()}
        return cls(
            list(description["terms"]),
            idf,
            weights.astype(np.float32),  # stored as float16: the same numbers, but float16 arithmetic is slow
            np.asarray(bias, dtype=np.float32),
            heads,
            description["metadata"],
            float(description.get("cue_scale", 1.0)),
            int(description.get("max_chars", 10_000)),
        )


BATCH_FOR_SCIPY = 16  # texts: a larger batch is scored with scipy (see `TriageModel.scores`)
DESCRIPTION = "model.json"  # the zip member with the vocabulary, the heads and the metadata


def _member(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


_ENGLISH_WORD = re.compile(r"[a-z][a-z']*[a-z]")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
