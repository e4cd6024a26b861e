"""The words a triage explanation shows: whole words and phrases of the complaint's text, not the model's
fragments.

The model sees Chinese as character 1–3-grams (`ml.features`), so what drove a suggestion may be 人处, 元 or
已: pieces that straddle two words or say nothing alone. Here each term is found in the text (folded to
Simplified as the model saw it) and widened to the whole words around it, as rjieba cuts the text (人处 in
人处理不当 → 人处理不当; 元 after 680 → 680元); a single character or a function word is dropped. English
terms are words or pairs of words already: they are shown as the text writes them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from redress.core import textservice
from redress.triage.ml.function_words import FUNCTION_WORDS
from redress.triage.ml.language import normalize

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_NUMBER_TAIL = re.compile(r"[0-9][0-9,.]*$")
# Words of two characters that explain nothing either (after folding to Simplified).
_FILLERS = frozenset(
    [
        "已经",
        "我们",
        "他们",
        "她们",
        "你们",
        "没有",
        "因为",
        "所以",
        "但是",
        "可以",
        "这个",
        "那个",
        "什么",
        "一个",
        "现在",
        "今天",
        "之后",
        "以后",
        "然后",
        "还是",
        "就是",
        "而且",
        "如果",
        "自己",
        "这样",
        "那样",
        "已于",
        "并且",
        "于是",
        "对于",
        "关于",
    ]
)
MAX_PHRASE = 16  # characters: a longer stretch is not a phrase


def _folded(text: str) -> str:
    """The text as the model read it, one character for one (a character NFKC would widen stays itself)."""
    out = []
    for ch in text:
        folded = normalize(ch)
        out.append(folded if len(folded) == 1 else ch.lower())
    return "".join(out)


@lru_cache(maxsize=256)
def _word_spans(folded: str) -> tuple[tuple[int, int], ...]:
    try:  # the text service's cutter, when configured: its dictionary (~30 MiB) stays out of this process
        words = [str(w) for w in textservice.ask("cut", text=folded)]
    except textservice.Unavailable:
        words = cut_here(folded)
    spans = []
    at = 0
    for word in words:
        spans.append((at, at + len(word)))
        at += len(word)
    return tuple(spans)


def cut_here(text: str) -> list[str]:
    """`text` cut into words by rjieba in this process (the text service's own answer)."""
    # lazy: rjieba reads its dictionary when imported; only a page with a Chinese explanation needs it
    import rjieba

    return list(rjieba.cut(text))


def warm() -> None:
    """Read rjieba's dictionary now (a second), not at the first page that explains a Chinese suggestion."""
    cut_here("预热")


def _chinese_phrase(term: str, text: str, folded: str) -> str | None:
    found = folded.find(term)
    if found < 0:
        return None
    end = found + len(term)
    covering = [(s, e) for s, e in _word_spans(folded) if s < end and e > found]
    if not covering:
        return None
    start, stop = covering[0][0], covering[-1][1]
    number = _NUMBER_TAIL.search(text[:start])  # 680 of 680元, 45,000 of 45,000元
    if number and _HAN.match(text[start]):
        start = number.start()
    phrase = text[start:stop].strip()
    return phrase if _readable(phrase, folded[start:stop].strip()) else None


def _readable(phrase: str, folded: str) -> bool:
    if len(phrase) < 2 or len(phrase) > MAX_PHRASE or folded in _FILLERS:
        return False
    return not all(ch in FUNCTION_WORDS for ch in folded)


def _english_phrase(term: str, text: str) -> str | None:
    words = term.split()
    if not words or all(w in FUNCTION_WORDS for w in words):
        return None
    pattern = r"\b" + r"\W+".join(re.escape(w) for w in words) + r"\b"
    found = re.search(pattern, text, flags=re.IGNORECASE)
    return found.group(0) if found else term


def whole_words(terms: Iterable[str], text: str) -> list[str]:
    """The terms of an explanation as whole words or phrases of `text`, in order, each once; fragments
    (a single character, a function word, a term not found in the text) are left out."""
    folded = _folded(text)
    shown: list[str] = []
    for term in terms:
        if not term or term.startswith(("#", "@")):
            continue
        phrase = _chinese_phrase(term, text, folded) if _HAN.search(term) else _english_phrase(term, text)
        if phrase is None or any(phrase.lower() in s.lower() for s in shown):
            continue
        shown = [s for s in shown if s.lower() not in phrase.lower()]  # a longer phrase takes a shorter one's place
        shown.append(phrase)
    return shown
