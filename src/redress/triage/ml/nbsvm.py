"""NB-SVM: linear SVMs on features scaled by Naive Bayes log-count ratios (Wang & Manning, 2012).

For each class, one-vs-rest: r = log((p/|p|₁) / (q/|q|₁)), where p and q sum the (sample-weighted)
presence of each feature in the class's texts and in the others', plus a smoothing α. A
class-balanced LinearSVC is fitted on x·r, so a word the class uses far more than the others
starts with more weight. At prediction the scaling folds into the weights (w ∘ r), so the head is
still one linear map over the same TF-IDF features, as cheap as a plain LinearSVC.

Used for the `product` head, where it did better than a plain LinearSVC in cross-validation on
the CFPB training narratives (the figures: bench/README.md, Triage).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy import sparse
from sklearn.svm import LinearSVC


class NBLinearSVC:
    """One-vs-rest NB-scaled LinearSVCs with scikit-learn's fit / decision_function / coef_ / intercept_."""

    def __init__(self, C: float = 1.0, alpha: float = 1.0) -> None:
        self.C, self.alpha = C, alpha

    def fit(self, x: sparse.csr_matrix, y: Any, sample_weight: np.ndarray[Any, Any] | None = None) -> NBLinearSVC:
        labels = np.asarray(y)
        weights = np.ones(len(labels)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.classes_ = np.unique(labels)
        present = sparse.csr_matrix(x, copy=True)
        present.data[:] = 1.0
        rows, bias = [], []
        for cls in self.classes_:
            mine = labels == cls
            p = self.alpha + np.asarray(present[mine].T @ weights[mine]).ravel()
            q = self.alpha + np.asarray(present[~mine].T @ weights[~mine]).ravel()
            ratio = np.log((p / p.sum()) / (q / q.sum()))
            svc = LinearSVC(C=self.C, class_weight="balanced", random_state=0)
            svc.fit(sparse.csr_matrix(x.multiply(ratio)), mine, sample_weight=weights)
            rows.append(svc.coef_[0] * ratio)
            bias.append(float(svc.intercept_[0]))
        self.coef_ = np.vstack(rows)
        self.intercept_ = np.array(bias)
        return self

    def decision_function(self, x: sparse.csr_matrix) -> np.ndarray[Any, Any]:
        return np.asarray(x @ self.coef_.T) + self.intercept_

    def predict(self, x: sparse.csr_matrix) -> np.ndarray[Any, Any]:
        return np.asarray(self.classes_[self.decision_function(x).argmax(axis=1)])
