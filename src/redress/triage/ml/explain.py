"""What an explanation shows of a text's features: how readable each term is.

Character n-grams of English words, cue features and function words explain nothing to a
reader; a single Chinese character or a pair of function words explains little.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass
class Explainable:
    """The explainable entries of a batch of TF-IDF rows (see `TriageModel.explainable`)."""

    n: int
    rows: np.ndarray[Any, Any]
    indices: np.ndarray[Any, Any]
    values: np.ndarray[Any, Any]  # TF-IDF value × how readable the term is


FUNCTION_WORDS = frozenset("我你他她它们的了是在被把就都也还和与及或吗呢吧啊这那有不没要会说个上下到给让请") | {
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


def readability(term: str) -> float:
    """How much a term is worth showing in an explanation (its contribution is multiplied by this)."""
    if term.startswith(("#", "@")) or term in FUNCTION_WORDS:
        return 0.0  # character n-grams of English words, cue features, function words
    if len(term) == 1 or all(part in FUNCTION_WORDS for part in term.split()):
        return 0.4  # a single Chinese character, or "to the": a longer n-gram says more
    return 1.0
