"""What a person reads, checked for the words of the wrong language and for raw codes.

`problems(text, language)` lists what is wrong in a page's (or an e-mail's, or a letter's) visible text:
a snake_case code (`bank_card`), an English word on a Chinese page, a Chinese character on an English
page, a Simplified character on a Traditional page (or the reverse). `allowed` are strings taken out first:
names, the test's own customer data, references."""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable

_DROP = re.compile(r"<(script|style|template|textarea)\b.*?</\1>|<!--.*?-->", re.DOTALL | re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")
_CODE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
_WORD = re.compile(r"[A-Za-z][A-Za-z]+")
_CJK = re.compile(r"[\u3400-\u9fff\u3001\u3002\u300c\u300d\u3010\u3011\uff08\uff09\uff0c\uff1a\uff1b\uff01\uff1f]+")
_REFERENCE = re.compile(r"\b[A-Z]{2,5}-\d{8}-\d{4,}\b")
_EMAIL = re.compile(r"[\w.+*-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(r"https?://\S+")
# Commands and file names are written as they are typed: `redress serve`, demo-logins.txt.
_TYPED = re.compile(r"`[^`]+`|[\w.-]+\.(?:txt|csv|json|pdf|zip|npz|xlsx)\b")
_ZONE = re.compile(r"\b(?:Africa|America|Asia|Atlantic|Australia|Europe|Pacific)/[A-Za-z_]+\b")  # time zone names

# Written the same in every language: the product's name, formats, units, standard abbreviations.
ALLOWED_WORDS = frozenset(
    {
        "redress",
        "CSV",
        "PDF",
        "ZIP",
        "API",
        "ID",
        "SHA",
        "OK",
        "JSON",
        "URL",
        "SMS",
        "UTC",
        "GMT",
        "English",
        "CNY",
        "HKD",
        "GBP",
        "USD",
        "TWD",
        "EUR",
        "US",
        "HK",
        "UK",
        "FOS",
        "FCA",
        "HKMA",
        "NFRA",
        "PBOC",
        "CBIRC",
        "KB",
        "MB",
        "GB",
        "PII",
        "CFPB",
        "AI",
        "IBAN",
        "QR",
        "TOTP",
        "Excel",
        "Office",
        "Word",
    }
)
# The language switch names each language in itself.
ALLOWED_CJK = ("简体中文", "繁體中文", "中文")

# Characters written differently in the two Chinese scripts (a sample of the common ones).
SIMPLIFIED_ONLY = (
    "这们为时处审请认说发过还进对应该关开单给报让问题务检签户诉"
    "记录设际书额项费资级态线结归档经删实现从无动码联电话邮员门类并将与产业"
)
TRADITIONAL_ONLY = (
    "這們為時處審請認說發過還進對應該關開單給報讓問題務檢簽戶訴"
    "記錄設際書額項費資級態線結歸檔經刪實現從無動碼聯電話郵員門類並將與產業"
)


def visible_text(page: str) -> str:
    """The text a reader sees: scripts, styles, comments, tags (and their attributes) taken out."""
    text = _DROP.sub(" ", page)
    return htmllib.unescape(_TAG.sub(" ", text))


def problems(text: str, language: str, allowed: Iterable[str] = ()) -> list[str]:
    for value in sorted({a for a in allowed if a}, key=len, reverse=True):
        text = text.replace(value, " ")
    for pattern in (_URL, _EMAIL, _REFERENCE, _ZONE, _TYPED):
        text = pattern.sub(" ", text)
    found = [f"code {m!r}" for m in _CODE.findall(text)]
    if language.startswith("zh"):
        found += [
            f"English {m.group()!r} in {_around(text, m.start())!r}"
            for m in _WORD.finditer(text)
            if m.group() not in ALLOWED_WORDS and m.group().upper() != m.group()
        ]
        wrong = SIMPLIFIED_ONLY if language == "zh-hant" else TRADITIONAL_ONLY
        found += [f"other script {ch!r} in {_around(text, i)!r}" for i, ch in enumerate(text) if ch in wrong]
    else:
        for name in ALLOWED_CJK:
            text = text.replace(name, " ")
        found += [f"Chinese {m.group()!r} in {_around(text, m.start())!r}" for m in _CJK.finditer(text)]
    return sorted(set(found))


def _around(text: str, at: int) -> str:
    return " ".join(text[max(0, at - 20) : at + 20].split())
