"""What an explanation shows of a text's features: how readable each term is.

Character n-grams of English words, cue features and function words explain nothing to a
reader; a single Chinese character or a pair of function words explains little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from redress.triage.ml.function_words import FUNCTION_WORDS


@dataclass
class Explainable:
    """The explainable entries of a batch of TF-IDF rows (see `TriageModel.explainable`)."""

    n: int
    rows: np.ndarray[Any, Any]
    indices: np.ndarray[Any, Any]
    values: np.ndarray[Any, Any]  # TF-IDF value × how readable the term is


def readability(term: str) -> float:
    """How much a term is worth showing in an explanation (its contribution is multiplied by this)."""
    if term.startswith(("#", "@")) or term in FUNCTION_WORDS:
        return 0.0  # character n-grams of English words, cue features, function words
    if len(term) == 1 or all(part in FUNCTION_WORDS for part in term.split()):
        return 0.4  # a single Chinese character, or "to the": a longer n-gram says more
    return 1.0
