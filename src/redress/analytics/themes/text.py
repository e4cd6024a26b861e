"""Words of a complaint text, Chinese or English: what the themes' TF-IDF counts.

Chinese (Simplified or Traditional) is first brought to Simplified (opencc), so 盜刷 and 盗刷 are one word, then
cut into words (rjieba: the Rust jieba); English is lower-cased words of three letters or more, and each pair of
neighbouring words. Stop words (small lists beside this module), numbers and one-character Chinese words
count for nothing, and only a text's first `MAX_CHARS` characters are read. No Django here: the method runs in
a worker or a bench alike.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Final

# opencc and rjieba load on first use (rjieba reads its ~35 MiB dictionary when imported): a theme run needs them,
# a web process that never runs one does not.
if TYPE_CHECKING:
    import opencc

_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD: Final = re.compile(r"[a-z][a-z'-]{2,}")
_LATIN: Final = re.compile(r"[a-z][a-z'-]*|[.,;:!?()\"]")
_BREAKS: Final = frozenset('.,;:!?()"。，；：！？、（）')
# What a theme needs of a long narrative is in its first part; the rest would only cost time.
MAX_CHARS: Final = 1000
# An address or a link is no word (and no one's address should become a theme's term).
_NOISE: Final = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")


@cache
def _stop(language: str) -> frozenset[str]:
    text = resources.files("redress.analytics.themes").joinpath(f"stopwords/{language}.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip())


@cache
def _converter(config: str) -> opencc.OpenCC:
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    return str(_converter("t2s.json").convert(text))


def to_traditional(text: str) -> str:
    """Simplified to Traditional as written in Taiwan (the project's zh-hant)."""
    return str(_converter("s2tw.json").convert(text))


def _clean(text: str) -> str:
    text = text[:MAX_CHARS]
    if "@" in text or "http" in text or "www." in text:
        text = _NOISE.sub(" ", text)
    return text


def words(text: str) -> list[str]:
    """The words that count of one text: Chinese words (Simplified), English words and English word pairs."""
    text = _clean(text)
    # A text without Chinese is only split by a pattern: far quicker than jieba on a long English narrative.
    tokens = _LATIN.findall(text.lower()) if text.isascii() or not _HAN.search(text) else _cut(to_simplified(text))
    zh_stop, en_stop = _stop("zh"), _stop("en")
    out: list[str] = []
    previous = ""
    for token in tokens:
        if token in _BREAKS:  # punctuation ends an English pair; spaces do not
            previous = ""
            continue
        if _HAN.match(token):
            previous = ""
            if len(token) > 1 and token not in zh_stop:
                out.append(token)
            continue
        word = token.lower().strip("'-")
        if len(word) < 3 or (not word.isalpha() and not _WORD.fullmatch(word)) or word in en_stop:
            if not token.isspace():
                previous = ""
            continue
        if previous:
            out.append(f"{previous} {word}")
        out.append(word)
        previous = word
    return out


def _cut(text: str) -> list[str]:
    import rjieba

    return rjieba.cut(text)


def is_chinese(term: str) -> bool:
    return bool(_HAN.search(term))
