"""NB-SVM, the product head's learner: still one linear map over the TF-IDF features."""

from __future__ import annotations

import numpy as np
from scipy import sparse
from sklearn.svm import LinearSVC

from redress.triage.ml.nbsvm import NBLinearSVC


def _data() -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    x = sparse.random(60, 12, density=0.4, format="lil", random_state=1)
    y = np.array(["card", "loan", "mortgage"] * 20)
    x[np.arange(0, 60, 3), 0] = 1.0  # a word only "card" texts use
    return sparse.csr_matrix(x), y, rng.uniform(0.5, 3.0, 60)


def test_the_naive_bayes_scaling_folds_into_the_weights() -> None:
    x, y, weights = _data()
    model = NBLinearSVC(C=1.0).fit(x, y, sample_weight=weights)
    assert list(model.classes_) == ["card", "loan", "mortgage"]
    assert model.coef_.shape == (3, 12)
    # each row is the one-vs-rest SVM fitted on x·r, with r folded in: same scores on plain x
    present = (x > 0).astype(float)
    mine = y == "card"
    p = 1 + np.asarray(present[mine].T @ weights[mine]).ravel()
    q = 1 + np.asarray(present[~mine].T @ weights[~mine]).ravel()
    ratio = np.log((p / p.sum()) / (q / q.sum()))
    svc = LinearSVC(C=1.0, class_weight="balanced", random_state=0).fit(
        sparse.csr_matrix(x.multiply(ratio)), mine, sample_weight=weights
    )
    expected = np.asarray(svc.decision_function(sparse.csr_matrix(x.multiply(ratio))))
    np.testing.assert_allclose(model.decision_function(x)[:, 0], expected, rtol=1e-6, atol=1e-9)
    assert ratio[0] > 0 and model.coef_[0, 0] > 0  # the card-only word counts for "card"


def test_it_predicts_the_class_of_the_highest_score() -> None:
    x, y, weights = _data()
    model = NBLinearSVC().fit(x, y, sample_weight=weights)
    scores = model.decision_function(x)
    assert (model.predict(x) == model.classes_[scores.argmax(axis=1)]).all()
    assert (model.predict(x[::3]) == "card").mean() > 0.9
