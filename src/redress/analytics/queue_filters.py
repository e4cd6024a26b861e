"""The queue's filters that the dashboard answers, so that a click on a bar lists exactly the complaints it counts.

Each narrows the queue to the complaints whose fact (`ComplaintFact`, as the charts count them) matches, with
the charts' own conditions (`selectors.timeliness_q`, `selectors.satisfaction_q`):

- `outcome`: closed with one of these outcomes (codes, comma-separated), as the outcomes chart;
- `closed_from`, `closed_to` (YYYY-MM-DD, inclusive): closed on these days, each complaint's day in its
  jurisdiction's time zone (the day its final response went), as the charts counting closed complaints;
- `timeliness`: one of `selectors.TIMELINESS` (or several, comma-separated), on today's date as the chart;
- `satisfaction`: satisfied, dissatisfied, no_response or not_asked (comma-separated): closed with that answer;
- `review_requested` (1/true, 0/false): closed with (without) a review requested.

A bad value is InvalidInput naming its filter. Indexes: the closed days are a range on `fact_closed`; the others
narrow the facts the rest of the filters leave, joined on the facts' primary key (the complaint's id).
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.analytics.models import ComplaintFact
from redress.analytics.presenters import BY_KEY, SATISFACTION_SERIES
from redress.analytics.selectors import SATISFACTION_KEYS, TIMELINESS, satisfaction_q, timeliness_q
from redress.analytics.services import facts_refresh
from redress.complaints.choices import Outcome
from redress.complaints.extensions import QueueFilter
from redress.core.errors import InvalidInput

NAMES: Final = ("outcome", "closed_from", "closed_to", "timeliness", "satisfaction", "review_requested")
_ANSWERS: Final = tuple(k for k in SATISFACTION_KEYS if k != "review_requested")
_YES: Final = ("1", "true")
_NO: Final = ("0", "false")


def _codes(value: Any) -> list[str]:
    return list(dict.fromkeys(v.strip() for v in str(value or "").split(",") if v.strip()))


def _what(name: str) -> str:
    return {"outcome": _("outcome"), "timeliness": _("timeliness class"), "satisfaction": _("satisfaction answer")}[
        name
    ]


def _checked(filters: dict[str, Any]) -> dict[str, Any]:
    """The filters of this module that are given, checked; InvalidInput naming each bad one."""
    errors: dict[str, list[str]] = {}
    found: dict[str, Any] = {}
    for name, known in (("outcome", Outcome.values), ("timeliness", TIMELINESS), ("satisfaction", _ANSWERS)):
        if values := _codes(filters.get(name)):
            for value in values:
                if value not in known:
                    message = _("“%(value)s” is not a known %(what)s.") % {"value": value, "what": _what(name)}
                    errors.setdefault(name, []).append(message)
            found[name] = values
    for name in ("closed_from", "closed_to"):
        if raw := str(filters.get(name) or "").strip():
            try:
                found[name] = date.fromisoformat(raw)
            except ValueError:
                errors.setdefault(name, []).append(_("Dates are written YYYY-MM-DD."))
    if raw := str(filters.get("review_requested") or "").strip().lower():
        if raw in (*_YES, *_NO):
            found["review_requested"] = raw in _YES
        else:
            errors.setdefault("review_requested", []).append(_("Give 1 (true) or 0 (false)."))
    if errors:
        raise InvalidInput(errors)
    return found


def narrow(filters: dict[str, Any]) -> Q | None:
    """The complaints whose fact matches the dashboard's filters in `filters` (None: none given)."""
    given = _checked(filters)
    if not given:
        return None
    facts_refresh()  # as every chart does: a complaint closed a moment ago is listed as it is counted
    wanted = Q()
    if outcomes := given.get("outcome"):
        wanted &= Q(is_open=False, outcome__in=outcomes)
    if start := given.get("closed_from"):
        wanted &= Q(closed_on__gte=start)
    if end := given.get("closed_to"):
        wanted &= Q(closed_on__lte=end)
    if classes := given.get("timeliness"):
        today = timezone.localdate()
        wanted &= _any(timeliness_q(key, today) for key in classes)
    if answers := given.get("satisfaction"):
        wanted &= _any(satisfaction_q(key) for key in answers)
    if (review := given.get("review_requested")) is not None:
        wanted &= satisfaction_q("review_requested") if review else Q(is_open=False, review_requested=False)
    return Q(pk__in=ComplaintFact.objects.filter(wanted).values("complaint_id"))


def _any(conditions: Any) -> Q:
    found = Q()
    for condition in conditions:
        found |= condition
    return found


def shown(filters: dict[str, Any]) -> list[tuple[str, str, str]]:
    """The dashboard's filters in force, in words: (parameter, label, value)."""
    try:
        given = _checked(filters)
    except InvalidInput:  # refused: the form shows the refusal instead
        return []
    words: dict[str, dict[str, str]] = {
        "outcome": {str(k): str(v) for k, v in Outcome.choices},
        "timeliness": {k: str(v) for k, v in BY_KEY["timeliness"].columns},
        "satisfaction": {k: str(v) for k, v in SATISFACTION_SERIES},
    }
    labels = {
        "outcome": _("Outcome"),
        "closed_from": _("Closed from"),
        "closed_to": _("Closed to"),
        "timeliness": _("Timeliness"),
        "satisfaction": _("Satisfaction"),
        "review_requested": _("Review requested"),
    }
    out: list[tuple[str, str, str]] = []
    for name in NAMES:
        if name not in given:
            continue
        value = given[name]
        if name in words:
            text = ", ".join(words[name].get(v, v) for v in value)
        elif isinstance(value, bool):
            text = _("Yes") if value else _("No")
        else:
            text = value.isoformat()
        out.append((name, labels[name], text))
    return out


QUEUE_FILTER: Final = QueueFilter(names=NAMES, narrow=narrow, shown=shown)
