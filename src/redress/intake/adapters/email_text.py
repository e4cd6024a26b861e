"""Inbound email as text: bytes of an unknown or mislabelled charset, RFC 2047 headers, HTML bodies.

Pure functions, no Django: what `email_parse` uses to read a message, kept apart so the charset
heuristics can be read (and tested) on their own.
"""

from __future__ import annotations

import re
from email.header import Header, decode_header
from functools import lru_cache
from html.parser import HTMLParser

FALLBACK_CHARSETS = ("utf-8", "gb18030", "big5")
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs"}


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Text of `data`; never raises.

    Every candidate (the declared charset, then UTF-8, GB18030, Big5) that decodes without error is
    scored by how implausible its text is (private-use and control characters, CJK characters outside
    the common levels of GB2312 and Big5: the marks of mojibake); the least implausible wins, the
    declared charset on a tie. Nothing decodes: UTF-8 with replacement characters.
    """
    candidates = []
    if declared:
        name = declared.strip().strip('"').lower()
        candidates.append(_ALIASES.get(name, name))
    candidates += [c for c in FALLBACK_CHARSETS if c not in candidates]
    best: tuple[int, str] | None = None
    for charset in candidates:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
        penalty = _implausibility(text)
        if best is None or penalty < best[0]:
            best = (penalty, text)
        if penalty == 0:
            break
    return best[1] if best is not None else data.decode("utf-8", errors="replace")


@lru_cache(maxsize=20000)
def _common_cjk(ch: str) -> bool:
    """In the symbol rows or the first (common) level of GB2312 or of Big5."""
    for codec, ranges in (("gb2312", ((0xA1, 0xA3), (0xB0, 0xD7))), ("big5", ((0xA1, 0xA3), (0xA4, 0xC6)))):
        try:
            lead = ch.encode(codec)[0]
        except UnicodeEncodeError:
            continue
        if any(lo <= lead <= hi for lo, hi in ranges):
            return True
    return False


def _implausibility(text: str) -> int:
    penalty = 0
    for ch in text[:3000]:
        o = ord(ch)
        if o < 0x80:
            if o < 0x20 and ch not in "\t\n\r\x0c":
                penalty += 5
        elif 0x80 <= o < 0xA0 or 0xE000 <= o <= 0xF8FF or o == 0xFFFD:
            penalty += 5
        elif (0x3040 <= o <= 0x30FF or 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000) and not (
            _common_cjk(ch)
        ):
            penalty += 1
    return penalty


def decode_header_value(value: object) -> str:
    """An RFC 2047 (or raw 8-bit) header as text."""
    if value is None:
        return ""
    if isinstance(value, Header):  # raw 8-bit bytes in a header: the parser kept them as unknown-8bit
        return re.sub(
            r"\s+", " ", "".join(decode_bytes(c, cs) if isinstance(c, bytes) else c for c, cs in decode_header(value))
        ).strip()
    text = str(value)
    if any("\udc80" <= ch <= "\udcff" for ch in text):  # raw 8-bit bytes the parser escaped
        return decode_bytes(text.encode("ascii", "surrogateescape"), None)
    parts = []
    try:
        chunks = decode_header(text)
    except Exception:  # a malformed encoded word: show it as it came
        return text
    for chunk, charset in chunks:
        parts.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    return re.sub(r"\s+", " ", "".join(parts)).strip()


class _TextOfHtml(HTMLParser):
    _BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"})
    _SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BLOCKS:
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(data)


def html_to_text(html: str) -> str:
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip() for line in "".join(parser.out).splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
