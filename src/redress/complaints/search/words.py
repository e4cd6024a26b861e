"""The words a complaint is found by, the same for the texts indexed and for what a person types in the box.

Chinese, Simplified or Traditional, is brought to Simplified (opencc, so 銀行卡 and 银行卡 are one word) and cut
into words by rjieba (the Rust jieba). A document is cut for search (a long word and the shorter words in it:
信用卡 gives 信用 and 信用卡), a query precisely, so every word of a query is among its document's words. The
segmenter does not cut a text the same way in every context (被盗刷 gives 被盗 and 刷, a query 盗刷 gives 盗刷), so a
document also holds every pair of neighbouring Chinese characters: a two-character word of a query is found
however the document was cut.
English and other Latin words are lower-cased and stemmed by the Snowball English stemmer (charged, charges and
charging are all "charg"). A few words too common to tell complaints apart are left out on both sides.

No Django here (beyond the text service's setting): the index, the queries and the benchmark all use it. With the
text service configured (redress.core.textservice), the simplifying and cutting of Chinese is done there.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Final

from redress.core import textservice

if TYPE_CHECKING:
    import opencc
    import snowballstemmer

_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_HAN_RUN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}")
# A token worth indexing: letters or digits (jieba also gives spaces and punctuation as tokens).
_WORDISH: Final = re.compile(r"\w")
# Latin words (with an inner apostrophe or hyphen) and numbers; what is between them is dropped.
_LATIN: Final = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
STOP: Final = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "i",
        "in",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "this",
        "to",
        "was",
        "we",
        "were",
        "with",
        "you",
        "your",
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "也",
        "就",
        "都",
        "把",
        "我",
        "我们",
        "您",
        "你",
        "他",
        "她",
    ]
)
# A guard, not a cut: a pasted statement of 60,000 characters is indexed whole (the customer's request is often
# at its end).
MAX_CHARS: Final = 1_000_000


@cache
def _t2s() -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC("t2s.json")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


def has_chinese(text: str) -> bool:
    return bool(_HAN.search(text))


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text)) if has_chinese(text) else text


@lru_cache(maxsize=200_000)  # a language has far fewer words than that; stemming is pure Python
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def _tokens(text: str, *, for_search: bool, cut: tuple[str, list[str]] | None = None) -> Iterator[str]:
    """The tokens of `text`; `cut`: its Chinese already simplified and cut (`_chinese_cuts`)."""
    text = text[:MAX_CHARS].lower()
    if not has_chinese(text):
        yield from _LATIN.findall(text)
        return
    text, tokens = cut or _chinese_cuts([text], for_search=for_search)[0]
    for token in tokens:
        if not _WORDISH.search(token):
            continue
        if has_chinese(token):
            yield token
        else:  # jieba keeps "card's" or "3.5%" whole: split it as English text is split
            yield from _LATIN.findall(token)
    if for_search:  # and every pair of neighbouring characters (see the module's docstring)
        for run in _HAN_RUN.findall(text):
            yield from (run[i : i + 2] for i in range(len(run) - 1))


def _chinese_cuts(texts: list[str], *, for_search: bool) -> list[tuple[str, list[str]]]:
    """Each text simplified and cut: by the text service when configured (one round trip for them all; the
    dictionary, ~30 MiB, stays out of this process), else here."""
    try:
        answer = textservice.ask("words", texts=texts, for_search=for_search)
        return [(str(one["text"]), [str(t) for t in one["tokens"]]) for one in answer]
    except textservice.Unavailable:
        return [chinese_cut_here(text, for_search=for_search) for text in texts]


def chinese_cut_here(text: str, *, for_search: bool) -> tuple[str, list[str]]:
    """A Chinese text brought to Simplified and cut by rjieba in this process (the text service's own answer)."""
    import rjieba

    text = to_simplified(text)
    return text, list(rjieba.cut_for_search(text) if for_search else rjieba.cut(text))


def _normal(token: str) -> str:
    return token if has_chinese(token) or token.isdigit() else stem(token.replace("’", "'"))


def document_words(texts: Iterable[str]) -> str:
    """The words of `texts` for the index, in order (repeats kept: they count for the ranking), space-separated."""
    given = [text for text in texts if text]
    chinese = [i for i, text in enumerate(given) if has_chinese(text)]
    cuts: dict[int, tuple[str, list[str]]] = {}
    if chinese:  # one round trip to the text service for all of them
        found = _chinese_cuts([given[i][:MAX_CHARS].lower() for i in chinese], for_search=True)
        cuts = dict(zip(chinese, found, strict=True))
    return " ".join(
        _normal(token)
        for i, text in enumerate(given)
        for token in _tokens(text, for_search=True, cut=cuts.get(i))
        if token not in STOP
    )


def query_words(q: str) -> list[str]:
    """The words of a query, each once, in the order typed: a complaint matches when it has them all."""
    seen: dict[str, None] = {}
    for token in _tokens(q, for_search=False):
        if token not in STOP:
            seen.setdefault(_normal(token), None)
    return list(seen)


def latin_words(text: str) -> Iterator[re.Match[str]]:
    """The Latin words and numbers of `text` where they stand (for marking the ones a query matched)."""
    return _LATIN.finditer(text)


def normal_form(word: str) -> str:
    """How one Latin word or number of a text is indexed (lower-cased, stemmed)."""
    return _normal(word.lower())
