"""The checks a matched number must pass, by the names the rules file uses.

Where a scheme has a check digit it is checked, so that ordinary numbers of the same shape
(amounts, dates, reference numbers) are not taken for personal data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence

from stdnum import iban as stdnum_iban
from stdnum import luhn as stdnum_luhn
from stdnum.cn import ric as stdnum_cn_ric
from stdnum.us import ssn as stdnum_us_ssn

Validator = Callable[[str], bool]


def _compact(value: str) -> str:
    return "".join(ch for ch in value if ch.isalnum()).upper()


def _digits(value: str) -> str:
    return "".join(ch for ch in value if ch.isdigit())


def _is_date(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def luhn(value: str) -> bool:
    digits = _digits(value)
    return 13 <= len(digits) <= 19 and stdnum_luhn.is_valid(digits)


def cn_id(value: str) -> bool:
    """Mainland resident ID (18): a real birth date, not in the future, and its check digit."""
    number = _compact(value)
    if len(number) != 18 or not number[:17].isdigit():
        return False
    if number[-1] != stdnum_cn_ric.calc_check_digit(number):
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    return _is_date(year, month, day) and year <= datetime.date.today().year


def cn_id15(value: str) -> bool:
    """The old 15-digit mainland ID: no check digit, so a real birth date (19YYMMDD) at least."""
    number = _digits(value)
    return len(number) == 15 and _is_date(1900 + int(number[6:8]), int(number[8:10]), int(number[10:12]))


def hk_id(value: str) -> bool:
    """Hong Kong identity card: weights 9..2 over (space-padded) letters and digits, mod 11."""
    number = _compact(value)
    body, check = number[:-1], number[-1]
    if len(body) == 7:
        body = " " + body
    if len(body) != 8:
        return False

    def weight_value(ch: str) -> int:
        if ch == " ":
            return 36
        return int(ch) if ch.isdigit() else ord(ch) - ord("A") + 10

    total = sum(weight * weight_value(ch) for weight, ch in zip(range(9, 1, -1), body, strict=True))
    remainder = (11 - total % 11) % 11
    expected = "A" if remainder == 10 else str(remainder)
    return check == expected


# Taiwan: the letter stands for a two-digit number (A=10 ... Z=33, in this historical order).
_TW_LETTERS = "ABCDEFGHJKLMNPQRSTUVXYWZIO"


def tw_id(value: str) -> bool:
    number = _compact(value)
    if len(number) != 10 or number[0] not in _TW_LETTERS or not number[1:].isdigit():
        return False
    code = _TW_LETTERS.index(number[0]) + 10
    digits = [code // 10, code % 10] + [int(ch) for ch in number[1:]]
    weights = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)
    return sum(w * d for w, d in zip(weights, digits, strict=True)) % 10 == 0


def iban(value: str) -> bool:
    return stdnum_iban.is_valid(_compact(value))


def us_ssn(value: str) -> bool:
    return stdnum_us_ssn.is_valid(_digits(value))


def not_date(value: str) -> bool:
    """False for digits that read as a date (20260315, 2026031512 with an hour)."""
    digits = _digits(value)
    if len(digits) >= 8 and digits[:2] in ("19", "20"):
        return not _is_date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    return True


def phone_length(value: str) -> bool:
    """Phone numbers have 9 to 13 digits with their area or country code."""
    return 9 <= len(_digits(value)) <= 13


def make_validators(lists: Mapping[str, Sequence[str]]) -> dict[str, Validator]:
    """The validators by name; the name checks read their word lists from the rules file."""
    cn_not_names = tuple(lists.get("cn_not_names", ()))
    en_not_names = frozenset(lists.get("en_not_names", ()))

    def cn_name(value: str) -> bool:
        return not value.startswith(cn_not_names)

    def en_name(value: str) -> bool:
        return value.split()[0] not in en_not_names

    return {
        "luhn": luhn,
        "cn_id": cn_id,
        "cn_id15": cn_id15,
        "hk_id": hk_id,
        "tw_id": tw_id,
        "iban": iban,
        "us_ssn": us_ssn,
        "not_date": not_date,
        "phone_length": phone_length,
        "cn_name": cn_name,
        "en_name": en_name,
    }
