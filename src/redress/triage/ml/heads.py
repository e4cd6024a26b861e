"""The learners of the heads: class-balanced linear models, a calibrated multiclass SVM, and the
average of a head trained on several draws of the capped narratives (bagging).

Used only to train: scikit-learn is imported here, never by prediction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from scipy import sparse
from scipy.optimize import minimize_scalar
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from redress.triage.ml.examples import Example
from redress.triage.ml.nbsvm import NBLinearSVC

MulticlassFit = Callable[
    [sparse.csr_matrix, list[str], np.ndarray[Any, Any]],
    tuple[list[str], np.ndarray[Any, Any], np.ndarray[Any, Any], float],
]


def fit_logistic(
    x: sparse.csr_matrix, y: list[str] | list[bool], weights: np.ndarray[Any, Any], c: float, max_iter: int
) -> LogisticRegression:
    """A class-balanced logistic regression (the binary heads, and each flag of the flag head)."""
    model = LogisticRegression(C=c, max_iter=max_iter, class_weight="balanced")
    model.fit(x, y, sample_weight=weights)
    return model


def _svc_scores(model: Any, x: sparse.csr_matrix) -> np.ndarray[Any, Any]:
    scores = np.asarray(model.decision_function(x))
    return np.column_stack([-scores / 2, scores / 2]) if scores.ndim == 1 else scores


def linear_svc(c: float) -> Any:
    return LinearSVC(C=c, class_weight="balanced", random_state=0)


def nb_linear_svc(c: float) -> Any:
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


def average_draws(
    first: tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], float],
    classes: list[str],
    rows: list[int],
    examples: Sequence[Example],
    other_draws: Sequence[Example],
    x_every: sparse.csr_matrix,
    row_of: dict[str, int],
    max_chars: int,
    fit: MulticlassFit,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], float]:
    """The product head of each other draw of the narratives (with the texts that are not drawn),
    averaged with the first draw's: the mean of linear heads is one linear head (bagging).

    The narratives beyond the cap count too, and no product outweighs the others; it did better
    than one draw in cross-validation on the CFPB training narratives (bench/README.md, Triage)."""
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
