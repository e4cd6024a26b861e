"""What a return is: its columns (key, English and Chinese header, JSON type) and how its rows are made."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

Kind = Literal["int", "money", "text", "percent"]

Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    zh: str
    kind: Kind = "int"
    nullable: bool = False  # None where there is nothing to compare with (a change against zero)

    @property
    def header(self) -> str:
        """The bilingual header of the CSV and XLSX files: "opened / 新增"."""
        return f"{self.en} / {self.zh}" if self.zh and self.zh != self.en else self.en


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
