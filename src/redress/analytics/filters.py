"""The dashboard's filters: what a request asks for, checked, and who may see the charts at all.

Every filter is optional; the code filters take one code or several, comma-separated or repeated. The period (`from`,
`to`: YYYY-MM-DD, both days included) bounds the day each chart counts by (see the selectors).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from django.utils.translation import gettext as _

from redress.accounts.models import Role
from redress.core.errors import InvalidInput

# Those who see the dashboard (and its link in the layout).
ANALYTICS_ROLES: Final = frozenset({Role.MANAGER, Role.COMPLIANCE, Role.ANALYST, Role.AUDITOR, Role.ADMIN})
CODE_FILTERS: Final = ("jurisdiction", "department", "channel", "business", "product", "reason")
INTERVALS: Final = ("day", "week", "month")


def may_see_analytics(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in ANALYTICS_ROLES


@dataclass(frozen=True)
class Filters:
    start: date | None = None
    end: date | None = None
    codes: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (filter name, codes), only the filters given

    def of(self, name: str) -> tuple[str, ...]:
        return dict(self.codes).get(name, ())


def _day(params: Mapping[str, Any], name: str) -> date | None:
    raw = str(params.get(name) or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError as exc:
        raise InvalidInput({name: [_("Dates are written YYYY-MM-DD.")]}) from exc


def parse_filters(params: Mapping[str, Any]) -> Filters:
    """The filters of a query string; a bad date (or a period that ends before it starts) is a 400 naming it."""
    start, end = _day(params, "from"), _day(params, "to")
    if start and end and end < start:
        raise InvalidInput({"to": [_("The period ends before it starts.")]})
    codes = []
    for name in CODE_FILTERS:
        # One code, several comma-separated, or the parameter repeated (a multi-select sends that).
        given = params.getlist(name) if hasattr(params, "getlist") else [params.get(name)]
        values = tuple(dict.fromkeys(v.strip() for item in given for v in str(item or "").split(",") if v.strip()))
        if values:
            codes.append((name, values))
    return Filters(start=start, end=end, codes=tuple(codes))


def parse_interval(params: Mapping[str, Any]) -> str:
    interval = str(params.get("interval") or "month")
    if interval not in INTERVALS:
        raise InvalidInput({"interval": [_("Give day, week or month.")]})
    return interval
