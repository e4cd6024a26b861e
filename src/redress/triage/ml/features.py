"""What the model sees of a text: Chinese character n-grams (1–3), English word n-grams (1–2) and
English character 4-grams (within words: repossess/repossessed/repossession share them).

Traditional characters are folded to Simplified first, so a Traditional complaint and its
Simplified twin share features (and the Chinese training data of both scripts pools).
Chinese needs no word segmenter: character 1–3-grams carry the words (盗刷, 征信, 提前还款).
CFPB scrubbing (XXXX, XX/XX/XXXX) and figures are dropped; money is the rules' business.

FEATURE_VERSION goes into every artifact: a model is loaded only by the analyzer it was trained with.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from redress.triage.ml.language import normalize
from redress.triage.ml.lexicon import cues

FEATURE_VERSION = 6

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Words of two letters or more. CFPB scrubbing (XXXX, XX/XX/XXXX) leaves words of x alone: left out
# by the lookahead (x…x, maybe apostrophes, then no letter), which is what `w.strip("x")` screened before.
_WORD = re.compile(r"(?!x+'*(?![a-z']))[a-z][a-z']*[a-z]")


def analyze(text: str) -> list[str]:
    """The features of one text (the TfidfVectorizer's analyzer)."""
    features, words, distinct = parts(text)
    features.extend(words)
    features.extend(map(" ".join, pairwise(words)))
    for word in distinct:
        if len(word) > 3:  # shorter words are their own features already
            features.extend(char_grams(word))
    return features


def parts(text: str) -> tuple[list[str], list[str], set[str]]:
    """The parts of a text's features: Chinese n-grams and cue features; the English words (each a
    feature, and each pair in a row); the distinct words (those longer than 3 letters get character
    n-grams).

    Split so that prediction can look words up by number (`TriageModel.transform`: word pairs are
    matched as pairs of numbers, not joined into strings) and a word's character n-grams up once
    per word and process, instead of once per text.
    """
    t = normalize(text)
    features: list[str] = []
    if not t.isascii():
        for run in _HAN_RUN.findall(t):
            n = len(run)
            features.extend(run)
            if n > 1:
                features.extend([run[i : i + 2] for i in range(n - 1)])
            if n > 2:
                features.extend([run[i : i + 3] for i in range(n - 2)])
    words = _WORD.findall(t)
    if not words:
        return features, words, set()
    distinct = set(words)
    features.extend(cues(words, distinct))
    return features, words, distinct


@lru_cache(maxsize=100_000)
def char_grams(word: str) -> tuple[str, ...]:
    """Character 4-grams of one English word, marked with # so they never clash with a word.

    4-grams alone, not 3–5-grams: as good in cross-validation of the product head on the CFPB
    training narratives (`bench/triage_cv.py --char-grams`), with a third of the features a word
    to look up and count.
    """
    padded = f"<{word}>"
    return tuple(f"#{padded[i : i + 4]}" for i in range(len(padded) - 3))
