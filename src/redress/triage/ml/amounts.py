"""Money amounts in complaint text: 5万元, 50,000元, ¥50000, $12,000, RMB 3 萬, 二十万, {$5000.00}.

`large_amounts` finds the amounts at or above the threshold of their currency
(settings.REDRESS_TRIAGE_LARGE_AMOUNTS; default 50,000 CNY, 10,000 USD).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Final

DEFAULT_THRESHOLDS: Final[dict[str, int]] = {
    "CNY": 50_000,
    "USD": 10_000,
    "HKD": 80_000,
    "TWD": 300_000,
    "GBP": 8_000,
    "EUR": 9_000,
}

_PREFIX: Final[dict[str, str]] = {
    "hk$": "HKD",
    "nt$": "TWD",
    "us$": "USD",
    "rmb": "CNY",
    "cny": "CNY",
    "usd": "USD",
    "hkd": "HKD",
    "twd": "TWD",
    "ntd": "TWD",
    "gbp": "GBP",
    "eur": "EUR",
    "人民币": "CNY",
    "人民幣": "CNY",
    "新台币": "TWD",
    "新台幣": "TWD",
    "台币": "TWD",
    "台幣": "TWD",
    "港币": "HKD",
    "港幣": "HKD",
    "美元": "USD",
    "美金": "USD",
    "¥": "CNY",
    "￥": "CNY",
    "$": "USD",
    "£": "GBP",
    "€": "EUR",
}
_SUFFIX: Final[dict[str, str]] = {
    "元人民币": "CNY",
    "元人民幣": "CNY",
    "人民币": "CNY",
    "人民幣": "CNY",
    "美元": "USD",
    "美金": "USD",
    "港元": "HKD",
    "港币": "HKD",
    "港幣": "HKD",
    "新台币": "TWD",
    "新台幣": "TWD",
    "台币": "TWD",
    "台幣": "TWD",
    "英镑": "GBP",
    "英鎊": "GBP",
    "欧元": "EUR",
    "歐元": "EUR",
    "元": "",  # the text's own currency: CNY, or TWD/HKD in Traditional text from there
    "圆": "",
    "圓": "",
    "块钱": "CNY",
    "塊錢": "CNY",
    "块": "CNY",
    "塊": "CNY",
    "rmb": "CNY",
    "cny": "CNY",
    "usd": "USD",
    "hkd": "HKD",
    "twd": "TWD",
    "gbp": "GBP",
    "eur": "EUR",
    "dollars": "USD",
    "dollar": "USD",
    "pounds": "GBP",
    "euros": "EUR",
    "yuan": "CNY",
}
_UNITS: Final[dict[str, int]] = {
    "万": 10_000,
    "萬": 10_000,
    "千": 1_000,
    "仟": 1_000,
    "百": 100,
    "佰": 100,
    "亿": 100_000_000,
    "億": 100_000_000,
    "k": 1_000,
    "thousand": 1_000,
    "million": 1_000_000,
}
_CN_DIGITS: Final[dict[str, int]] = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "贰": 2,
    "貳": 2,
    "两": 2,
    "兩": 2,
    "三": 3,
    "叁": 3,
    "參": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
_CN_SMALL_UNITS: Final[dict[str, int]] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG_UNITS: Final[dict[str, int]] = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

# After a bare 万/萬 these characters mean people, accounts or times, not money.
_NOT_MONEY: Final[str] = "人名户戶位个個次件张張笔筆条條家份公里分步字行号號火"

_PREFIX_RE = "|".join(re.escape(p) for p in sorted(_PREFIX, key=len, reverse=True))
_SUFFIX_RE = "|".join(re.escape(s) for s in sorted(_SUFFIX, key=len, reverse=True))
_UNIT_RE = "万|萬|千|仟|亿|億|thousand|million|k\\b"
_CN_NUM = "[零〇一壹二贰貳两兩三叁參四肆五伍六陆陸七柒八捌九玖十拾百佰千仟万萬亿億]+"
# Found number first (a scan that starts only at digits), then the currency around it: far faster
# on long texts than one pattern that tries every prefix at every position.
# (`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?` with the leading digit taken out of the alternation,
# so the engine skips to the next digit in C instead of trying both branches at every character.)
_NUMBER = re.compile(r"\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?)")
_CN_RUN = re.compile(_CN_NUM)
_BEFORE = re.compile(rf"(?:{_PREFIX_RE})\s*$", re.IGNORECASE)
_AFTER = re.compile(
    rf"\s*(?P<unit>{_UNIT_RE})?\s*(?P<extra>多|余|餘|几|幾|来|來)?\s*(?P<suffix>{_SUFFIX_RE})?", re.IGNORECASE
)
_CN_AFTER = re.compile(rf"(?P<extra>多|余|餘|几|幾|来|來)?(?P<suffix>{_SUFFIX_RE})?", re.IGNORECASE)
# "20多万", "二十多万", "十几万": the "extra" before the unit is read as after it ("20万多"), a sum at least that big.
_EXTRA_BEFORE_UNIT = re.compile(r"(?<=[\d〇一二三四五六七八九十百千两兩])(多|余|餘|几|幾|来|來)(万|萬|亿|億)")


# The last character of a currency before a number (in both cases): where the text before a number ends
# otherwise (after spaces), it holds no currency, and the prefix regex need not run.
_PREFIX_LAST: Final[frozenset[str]] = frozenset(c for p in _PREFIX for c in (p[-1], p[-1].lower(), p[-1].upper()))
# The ASCII currencies before a number by their last character (lower case), longest first.
_ASCII_PREFIXES: Final[dict[str, tuple[str, ...]]] = {
    last: tuple(p for p in sorted(_PREFIX, key=len, reverse=True) if p.isascii() and p[-1] == last)
    for last in {p[-1] for p in _PREFIX if p.isascii()}
}
# The first characters (both cases) that a unit, an "extra" (多, 余 …) or a currency after a number can start with.
_AFTER_FIRST: Final[frozenset[str]] = frozenset(
    c for word in (*_SUFFIX, *_UNITS, *"多余餘几幾来來") for c in (word[0], word[0].lower(), word[0].upper())
)
# ASCII digits 1-9 → 0: the first digit at or after a position is then one `str.find` (in C) away.
_DIGIT_MARKS: Final[dict[int, str]] = str.maketrans(dict.fromkeys("123456789", "0"))


def _prefix(text: str, start: int) -> str:
    before = text[max(0, start - 8) : start].rstrip()
    if not before or (before[-1].isascii() and before[-1] not in _PREFIX_LAST):
        return ""  # what the regex would find: no currency ends here
    if before.isascii():
        # The regex's leftmost match is the longest currency the text before ends with (all end there).
        lowered = before.lower()
        for prefix in _ASCII_PREFIXES.get(lowered[-1], ()):
            if lowered.endswith(prefix):
                return before[-len(prefix) :]
        return ""
    m = _BEFORE.search(text, max(0, start - 8), start)
    return m.group(0).strip() if m else ""


def _numbers(text: str) -> Iterator[re.Match[str]]:
    """`_NUMBER.finditer(text)`, faster on long ASCII text: the regex engine tries every character, while
    `str.find` skips to the next digit in C (every match starts at a digit, and one starts at every digit)."""
    if not text.isascii():
        yield from _NUMBER.finditer(text)
        return
    marks = text.translate(_DIGIT_MARKS)
    at = marks.find("0")
    while at >= 0:
        m = _NUMBER.match(text, at)
        assert m is not None  # the pattern matches at every digit
        yield m
        at = marks.find("0", m.end())


def _after(text: str, end: int) -> tuple[str, str, int]:
    """The unit and currency after a number ending at `end` (lower-cased unit, suffix) and where they end."""
    following = text[end : end + 1]
    if following.isspace():
        at = end + 1
        while text[at : at + 1].isspace():
            at += 1
        following = text[at : at + 1]
        if following.isascii() and following not in _AFTER_FIRST:
            return "", "", at  # nothing of `_AFTER` can start after the spaces: it matches them alone
    elif following.isascii() and following not in _AFTER_FIRST:
        return "", "", end  # nothing of `_AFTER` can start here: its match is empty
    after = _AFTER.match(text, end)
    assert after is not None  # every part is optional
    return (after["unit"] or "").lower(), after["suffix"] or "", after.end()


@dataclass(frozen=True)
class Amount:
    value: Decimal
    currency: str
    text: str


def _chinese_number(text: str) -> Decimal | None:
    """二十万 → 200000, 一百五十万 → 1500000, 三千 → 3000, 五万 → 50000; None when it is not a number."""
    total, section, digit = 0, 0, -1
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_SMALL_UNITS:
            section += (1 if digit < 0 else digit) * _CN_SMALL_UNITS[ch]
            digit = -1
        elif ch in _CN_BIG_UNITS:
            section += max(digit, 0)
            total += (section or 1) * _CN_BIG_UNITS[ch]
            section, digit = 0, -1
        else:
            return None
    value = total + section + max(digit, 0)
    return Decimal(value) if value > 0 else None


def _currency(prefix: str, suffix: str, default: str) -> str | None:
    if prefix:
        return _PREFIX[prefix.lower()]
    if suffix:
        return _SUFFIX[suffix.lower()] or default
    return None


def find_amounts(text: str, *, default_currency: str = "CNY") -> list[Amount]:
    """Every money amount in the text that names a currency (or is a Chinese 万/亿 sum).

    元 and a bare 万 are in `default_currency` (the institution's: CNY, or TWD/HKD there).
    """
    text = unicodedata.normalize("NFKC", text).replace("￥", "¥")
    shown = text  # the swap keeps every position, so a sum is shown as the customer wrote it
    if not text.isascii():
        text = _EXTRA_BEFORE_UNIT.sub(r"\2\1", text)
    found: list[Amount] = []
    for m in _numbers(text):
        unit, suffix, after_end = _after(text, m.end())
        prefix = _prefix(text, m.start())
        currency = _currency(prefix, suffix, default_currency)
        if currency is None:
            # A bare 5万 / 3萬 is money in Chinese complaint text unless people or things are counted.
            following = text[after_end : after_end + 1]
            if unit not in ("万", "萬", "亿", "億") or (following and following in _NOT_MONEY):
                continue
            currency = default_currency
        try:
            value = Decimal(m.group(0).replace(",", ""))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            continue
        value *= _UNITS.get(unit, 1)
        found.append(Amount(value, currency, (prefix + shown[m.start() : after_end]).strip()))
    for m in () if text.isascii() else _CN_RUN.finditer(text):
        number = m.group(0)
        if number[0] not in _CN_DIGITS and number[0] not in "十拾":
            continue  # 千万不要, 万一, 百万: words, not sums
        after = _CN_AFTER.match(text, m.end())
        assert after is not None
        suffix = after["suffix"] or ""
        if not suffix and not any(u in number for u in "万萬亿億"):
            continue
        following = text[after.end() : after.end() + 1]
        if not suffix and following and following in _NOT_MONEY:
            continue
        parsed = _chinese_number(number)
        if parsed is None:
            continue
        prefix = _prefix(text, m.start())
        currency = _currency(prefix, suffix, default_currency) or default_currency
        found.append(Amount(parsed, currency, prefix + shown[m.start() : after.end()]))
    return found


def large_amounts(text: str, thresholds: dict[str, int], *, default_currency: str = "CNY") -> list[Amount]:
    """The amounts at or above their currency's threshold (currencies without one never count)."""
    return [
        a
        for a in find_amounts(text, default_currency=default_currency)
        if a.currency in thresholds and a.value >= thresholds[a.currency]
    ]
