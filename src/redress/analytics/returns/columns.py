"""What a return is: its columns (key, header, JSON type) and how its rows are made.

A header is a msgid of the catalogue (with the return as its context: "Closed" is 办结量 in cn-stats, 办结 in
uk-disp); the CSV and XLSX files head each column in English and in the reader's Chinese (Traditional for a
Traditional reader, else Simplified), both from the catalogue."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final, Literal

from django.utils import translation
from django.utils.functional import Promise

Kind = Literal["int", "money", "text", "percent"]

Row = dict[str, Any]


TRADITIONAL: Final = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def chinese_of(language: str | None) -> str:
    """The Chinese the headers are written in for a reader of `language`: zh-hant for Traditional, else zh-hans."""
    return "zh-hant" if (language or "").lower().startswith(TRADITIONAL) else "zh-hans"


@dataclass(frozen=True)
class Column:
    key: str
    title: Promise  # pgettext_lazy(the return's context, the English header)
    kind: Kind = "int"
    nullable: bool = False  # None where there is nothing to compare with (a change against zero)

    @property
    def en(self) -> str:
        with translation.override("en"):
            return str(self.title)

    def header(self, chinese: str = "zh-hans") -> str:
        """The bilingual header of the CSV and XLSX files in `chinese` (zh-hans or zh-hant): "Opened / 新增"."""
        en = self.en
        with translation.override(chinese):
            zh = str(self.title)
        return f"{en} / {zh}" if zh and zh != en else en


def headers(ret: Return, language: str | None = None) -> list[str]:
    """The bilingual headers of `ret` for a reader of `language` (default: the active language)."""
    chinese = chinese_of(language if language is not None else translation.get_language())
    return [c.header(chinese) for c in ret.columns]


@dataclass(frozen=True)
class Return:
    kind: str
    columns: tuple[Column, ...]
    rows: Callable[[date, date], Iterator[Row]]
    totals: Callable[[date, date, list[Row] | None], dict[str, Any]]
    streams: bool = False  # rows come straight from the database, one chunk at a time

    def keys(self) -> list[str]:
        return [c.key for c in self.columns]


def money(value: Decimal | int | None) -> str:
    """Money as the API writes it: a decimal string with two places."""
    return str(Decimal(value or 0).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def percent(part: int, whole: int) -> str:
    """`part` of `whole` in per cent, one decimal place ("0.0" when there is no whole)."""
    if not whole:
        return "0.0"
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def parse_period(start: str | None, end: str | None) -> tuple[date, date]:
    """The period from `from` and `to` (YYYY-MM-DD, both required); an InvalidInput naming the field otherwise."""
    from django.utils.translation import gettext as _

    from redress.core.errors import InvalidInput

    found: dict[str, date] = {}
    for name, value in (("from", start), ("to", end)):
        if not value:
            raise InvalidInput({name: [_("Give the day as YYYY-MM-DD.")]})
        try:
            found[name] = date.fromisoformat(value)
        except ValueError as exc:
            raise InvalidInput({name: [_("Dates are written YYYY-MM-DD.")]}) from exc
    if found["from"] > found["to"]:
        raise InvalidInput({"to": [_("The period ends before it starts.")]})
    return found["from"], found["to"]
