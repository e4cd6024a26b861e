"""Training: one TF-IDF vectorizer fitted on every text, then each head on the texts that carry its label.

`train_model` runs the steps in order: split off the other draws of the capped narratives,
vectorize, fit the multiclass heads (business, product), the binary heads (is_complaint,
urgent) and the flag head, then stack the heads into one `TriageModel`. Every choice of
`TrainingOptions` was made by cross-validation (bench/triage_cv.py; the figures are in
bench/README.md).
"""

from __future__ import annotations

import platform
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
import sklearn
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from redress.triage.ml.examples import Example, examples_hash
from redress.triage.ml.features import FEATURE_VERSION, analyze
from redress.triage.ml.heads import average_draws, fit_logistic, fit_multiclass, linear_svc, nb_linear_svc
from redress.triage.ml.triage_model import Head, TriageModel
from redress.triage.taxonomy import FLAGS


@dataclass
class TrainingOptions:
    min_df: int = 2
    max_features: int = 150_000
    c_business: float = 0.3
    # The product head's C: cross-validation on the CFPB training narratives shows a plateau from 1 on.
    c_product: float = 1.0
    # The product head's SVMs start from Naive Bayes log-count ratios (nbsvm.py): better than a plain
    # LinearSVC in cross-validation on the CFPB training narratives.
    nb_product: bool = True
    c_binary: float = 5.0
    cue_scale: float = 3.0  # chosen by cross-validation of the product head on the training data
    # The model reads the first 1,000 characters of a text (the rules read all of it): where a
    # narrative says what product it is about. Chosen by cross-validation of the product head on
    # the CFPB training narratives (longer readings did worse), and it makes prediction on long
    # letters cheaper.
    max_chars: int = 1_000
    min_examples: int = 4  # a class or flag with fewer examples is left out
    max_iter: int = 1000


def cue_columns(vectorizer: TfidfVectorizer) -> np.ndarray[Any, Any]:
    return np.array(sorted(i for term, i in vectorizer.vocabulary_.items() if term.startswith("@cue:")), dtype=np.int32)


def scale_cues(x: sparse.csr_matrix, columns: np.ndarray[Any, Any], factor: float) -> sparse.csr_matrix:
    """Give the product cue features (see lexicon.py) `factor` times their TF-IDF weight."""
    if factor != 1.0 and len(columns):
        x.data[np.isin(x.indices, columns)] *= factor
    return x


def train_model(
    examples: Sequence[Example], *, metadata: dict[str, Any] | None = None, options: TrainingOptions | None = None
) -> TriageModel:
    """Fit the vectorizer on every text and each head on the texts that carry its label."""
    options = options or TrainingOptions()
    if not examples:
        raise ValueError("There is nothing to train on.")
    fit = _vectorize(examples, options)
    _fit_multiclass_heads(fit)
    _fit_binary_heads(fit)
    _fit_flag_head(fit)
    if not fit.heads:
        raise ValueError("No head could be trained: too few labelled texts.")
    return _stacked_model(fit, examples, metadata or {})


@dataclass
class _Fit:
    """What the steps of `train_model` share: the texts, their TF-IDF rows, and the heads fitted so far."""

    options: TrainingOptions
    examples: list[Example]  # the texts every head learns from
    other_draws: list[Example]  # other draws of the capped narratives: the product head alone learns from them
    vectorizer: TfidfVectorizer
    x_every: sparse.csr_matrix  # the rows of `examples`, then those of texts only other draws hold
    x_all: sparse.csr_matrix  # the rows of `examples`
    row_of: dict[str, int]  # a text's row in x_every
    weights: np.ndarray[Any, Any]  # the weights of `examples`
    columns: list[np.ndarray[Any, Any]] = field(default_factory=list)
    biases: list[float] = field(default_factory=list)
    heads: dict[str, Head] = field(default_factory=dict)
    counts: dict[str, Any] = field(default_factory=dict)

    def add_head(
        self, name: str, kind: str, classes: list[str], coef: np.ndarray[Any, Any], bias: np.ndarray[Any, Any]
    ) -> None:
        start = sum(c.shape[0] for c in self.columns)
        self.columns.append(np.asarray(coef, dtype=np.float32))
        self.biases.extend(float(b) for b in bias)
        self.heads[name] = Head(name, kind, classes, start, start + coef.shape[0])


def _vectorize(examples: Sequence[Example], options: TrainingOptions) -> _Fit:
    """Fit the vectorizer on the texts every head learns from and on those only other draws hold: the
    vocabulary and idf know both."""
    other_draws = [e for e in examples if e.draw]
    first = [e for e in examples if not e.draw]
    texts = [e.text[: options.max_chars] for e in first]
    extra_texts = sorted({e.text[: options.max_chars] for e in other_draws} - set(texts))
    vectorizer = TfidfVectorizer(
        analyzer=analyze,
        min_df=min(options.min_df, max(1, len(first) // 50)),
        max_features=options.max_features,
        sublinear_tf=True,
        dtype=np.float32,
    )
    x_every = sparse.csr_matrix(vectorizer.fit_transform(texts + extra_texts))
    x_every = scale_cues(x_every, cue_columns(vectorizer), options.cue_scale)
    # Columns in order within each row: the vectorizer leaves them in the order the analyzer met the
    # features (a word's character n-grams come from a set, whose order changes with the hash seed), and
    # the solvers' sums in another order give other last bits: the same data must give the same model.
    x_every.sort_indices()
    return _Fit(
        options=options,
        examples=first,
        other_draws=other_draws,
        vectorizer=vectorizer,
        x_every=x_every,
        x_all=x_every[: len(texts)],
        row_of={text: i for i, text in enumerate(texts + extra_texts)},
        weights=np.array([e.weight for e in first], dtype=np.float64),
    )


def _fit_multiclass_heads(fit: _Fit) -> None:
    """`business` and `product`: the classes with enough examples, a calibrated linear SVM (the product
    head NB-scaled, and averaged over the other draws of the narratives)."""
    options, examples = fit.options, fit.examples
    for name, c in (("business", options.c_business), ("product", options.c_product)):
        rows = [i for i, e in enumerate(examples) if getattr(e, name)]
        labels = [str(getattr(examples[i], name)) for i in rows]
        tally = _tally(labels)
        keep = {label for label, n in tally.items() if n >= options.min_examples}
        rows = [i for i, label in zip(rows, labels, strict=True) if label in keep]
        fit.counts[name] = {label: n for label, n in sorted(tally.items()) if label in keep}
        if len(keep) < 2:
            continue
        y = [str(getattr(examples[i], name)) for i in rows]
        learner = nb_linear_svc if name == "product" and options.nb_product else linear_svc
        classes, coef, bias, temperature = fit_multiclass(fit.x_all[rows], y, fit.weights[rows], c, learner)
        if name == "product" and fit.other_draws:
            coef, bias, temperature = average_draws(
                (coef, bias, temperature),
                classes,
                rows,
                examples,
                fit.other_draws,
                fit.x_every,
                fit.row_of,
                options.max_chars,
                partial(fit_multiclass, c=c, learner=learner),
            )
            fit.counts["product_draws"] = 1 + len({e.draw for e in fit.other_draws})
        fit.counts[f"{name}_temperature"] = round(temperature, 4)
        fit.add_head(name, "multiclass", classes, coef, bias)


def _fit_binary_heads(fit: _Fit) -> None:
    """`is_complaint` and `urgent`: a logistic regression each, when both answers have enough examples."""
    options, examples = fit.options, fit.examples
    for name in ("is_complaint", "urgent"):
        rows = [i for i, e in enumerate(examples) if getattr(e, name) is not None]
        y_bool = [bool(getattr(examples[i], name)) for i in rows]
        fit.counts[name] = {"true": sum(y_bool), "false": len(y_bool) - sum(y_bool)}
        if min(fit.counts[name].values()) < options.min_examples:
            continue
        model = fit_logistic(fit.x_all[rows], y_bool, fit.weights[rows], options.c_binary, options.max_iter)
        fit.add_head(name, "binary", ["true"], model.coef_, model.intercept_)


def _fit_flag_head(fit: _Fit) -> None:
    """`flags`: one logistic regression per flag with enough examples either way, stacked as one head."""
    options, examples = fit.options, fit.examples
    rows = [i for i, e in enumerate(examples) if e.flags is not None]
    flag_coefs: list[np.ndarray[Any, Any]] = []
    flag_bias: list[float] = []
    flag_names: list[str] = []
    fit.counts["flags"] = {}
    for flag in FLAGS:
        y_flag = [flag in (examples[i].flags or []) for i in rows]
        positives = sum(y_flag)
        fit.counts["flags"][flag] = positives
        if positives < options.min_examples or len(y_flag) - positives < options.min_examples:
            continue
        model = fit_logistic(fit.x_all[rows], y_flag, fit.weights[rows], options.c_binary, options.max_iter)
        flag_coefs.append(model.coef_[0])
        flag_bias.append(float(model.intercept_[0]))
        flag_names.append(flag)
    if flag_names:
        fit.add_head("flags", "multilabel", flag_names, np.vstack(flag_coefs), np.array(flag_bias))


def _stacked_model(fit: _Fit, all_examples: Sequence[Example], metadata: dict[str, Any]) -> TriageModel:
    """The heads stacked into one weight matrix (features × outputs), with what the model was trained on."""
    options, vectorizer = fit.options, fit.vectorizer
    weights = np.ascontiguousarray(np.vstack(fit.columns).T, dtype=np.float32)
    meta = {
        "feature_version": FEATURE_VERSION,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "training_data_sha256": examples_hash(all_examples),
        "examples": len(fit.examples),
        "other_draws": len(fit.other_draws),
        "features": len(vectorizer.vocabulary_),
        "vectorizer": {
            "min_df": vectorizer.min_df,
            "max_features": options.max_features,
            "sublinear_tf": True,
            "max_chars": options.max_chars,
        },
        "labels": {name: head.classes for name, head in fit.heads.items()},
        "counts": fit.counts,
        **metadata,
    }
    terms = [str(t) for t in vectorizer.get_feature_names_out()]
    return TriageModel(
        terms,
        vectorizer.idf_,
        weights,
        np.array(fit.biases, dtype=np.float32),
        fit.heads,
        meta,
        options.cue_scale,
        options.max_chars,
    )


def _tally(labels: list[str]) -> dict[str, int]:
    tally: dict[str, int] = {}
    for label in labels:
        tally[label] = tally.get(label, 0) + 1
    return tally
