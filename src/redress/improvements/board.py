"""The board pack's section on improvement actions: those that went live in the period, with their effect, and
those overdue at its end (registered in `redress.analytics.extensions.board_sections`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from redress.accounts.presenters import department_label, person
from redress.improvements.effect import action_effect
from redress.improvements.models import ImprovementAction
from redress.improvements.presenters import effect_words
from redress.improvements.selectors import code_filter, overdue_q, status_label


def board_section(start: date, end: date) -> dict[str, Any]:
    live = (
        ImprovementAction.objects.filter(went_live_on__gte=start, went_live_on__lte=end)
        .select_related("owner", "department")
        .prefetch_related("codes")
        .order_by("went_live_on", "id")
    )
    done = []
    for action in live:
        effect = action_effect(action, code_filter(action), today=end)
        done.append({**_row(action), "went_live_on": action.went_live_on, "effect": effect})
    overdue = [
        _row(a)
        for a in ImprovementAction.objects.filter(overdue_q(end))
        .select_related("owner", "department")
        .order_by("due_on", "id")
    ]
    rows = [
        [f"#{d['id']} {d['title']}", d["status_label"], d["owner"], str(d["went_live_on"]), effect_words(d["effect"])]
        for d in done
    ]
    rows += [[f"#{o['id']} {o['title']}", _("Overdue"), o["owner"], str(o["due_on"]), ""] for o in overdue]
    return {
        "title": _("Improvement actions"),
        "headers": [_("Action"), _("Status"), _("Owner"), _("Went live / due on"), _("Effect")],
        "rows": rows,
        "done": done,
        "overdue": overdue,
    }


def _row(action: ImprovementAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "title": action.title,
        "status": action.status,
        "status_label": status_label(action.status),
        "owner": person(action.owner),
        "department": department_label(action.department),
        "due_on": action.due_on,
    }
