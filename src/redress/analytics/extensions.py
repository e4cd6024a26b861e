"""What the apps above analytics add to the board pack, without analytics importing them.

`board_sections`: each registered `BoardSection` builds one section of the board pack for a period (its JSON
under `totals["sections"][key]`, and a table in the PDF: a title, the column headers and the rows, already in
words). Filled in an upper app's `AppConfig.ready()` (improvements: the actions done and overdue).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from redress.complaints.extensions import Hooks


@dataclass(frozen=True)
class BoardSection:
    key: str
    # (first day, last day) -> {"title": str, "headers": [str], "rows": [[str]], ...any data for the JSON}
    build: Callable[[date, date], dict[str, Any]]


board_sections: Hooks[BoardSection] = Hooks()


def sections(start: date, end: date) -> dict[str, dict[str, Any]]:
    return {section.key: section.build(start, end) for section in board_sections}
