"""The words of the improvement actions' notifications, in the reader's language when read: an action given to
its owner (one, or those made from a complaint's approved plan), and the owners' daily reminder."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from redress.improvements.models import ImprovementAction


def owner_params(action: ImprovementAction) -> dict[str, Any]:
    """An action just given to its owner."""
    return {"action": action.pk, "title": action.title, "due": action.due_on.isoformat() if action.due_on else ""}


def plan_params(reference: str, made: list[int]) -> dict[str, Any]:
    """The actions made from the approved plan of complaint `reference`, given to one owner."""
    return {"reference": reference, "actions": made}


def owner_message(params: dict[str, Any]) -> str:
    if "actions" in params:
        ids = ", ".join(f"#{pk}" for pk in params["actions"])
        return _("Improvement actions %(ids)s of %(reference)s are yours") % {
            "ids": ids,
            "reference": params["reference"],
        }
    return _("Improvement action #%(id)s is yours (due %(due)s): %(title)s") % {
        "id": params["action"],
        "due": params.get("due") or "—",
        "title": params["title"],
    }


def reminder_params(soon: int, overdue: int, days: int) -> dict[str, Any]:
    return {"soon": soon, "overdue": overdue, "days": days}


def reminder_message(params: dict[str, Any]) -> str:
    return _("Improvement actions: %(overdue)d overdue, %(soon)d due within %(days)d days") % {
        "overdue": int(params["overdue"]),
        "soon": int(params["soon"]),
        "days": int(params["days"]),
    }
