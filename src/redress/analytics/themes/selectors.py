"""Reads of the themes, as a reader sees them: terms in their language, codes as labels, a department
manager's view narrowed to their department (its size, growth, lines, reasons and examples)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from redress.accounts.models import Role
from redress.analytics.filters import ANALYTICS_ROLES
from redress.analytics.models import Theme, ThemeRun
from redress.analytics.themes.periods import growth as _growth
from redress.codes import selectors as codes
from redress.core.errors import NotFound

NAMING_ROLES = frozenset({Role.MANAGER, Role.COMPLIANCE, Role.ADMIN})
RUNNING_ROLES = frozenset({Role.MANAGER, Role.COMPLIANCE, Role.ANALYST, Role.ADMIN})
LABEL_TERMS = 3


def may_name_themes(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in NAMING_ROLES


def may_run_themes(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "role", None) in RUNNING_ROLES


def _department(user: Any) -> str | None:
    """The department a manager with one is narrowed to; None: the whole institution."""
    if getattr(user, "role", None) == Role.MANAGER and getattr(user, "department_id", None) is not None:
        return str(user.department_id)
    return None


def latest_run() -> ThemeRun | None:
    return ThemeRun.objects.order_by("-created_at", "-id").first()


def run_get(run_id: Any) -> ThemeRun:
    try:
        return ThemeRun.objects.get(pk=int(run_id))
    except (TypeError, ValueError, ThemeRun.DoesNotExist):
        raise NotFound(_("No such theme run.")) from None


def recent_runs(limit: int = 10) -> list[ThemeRun]:
    return list(ThemeRun.objects.order_by("-created_at", "-id")[:limit])


def theme_get(theme_id: Any) -> Theme:
    try:
        return Theme.objects.select_related("run").get(pk=int(theme_id))
    except (TypeError, ValueError, Theme.DoesNotExist):
        raise NotFound(_("No such theme.")) from None


def themes_by_pk(ids: list[int]) -> dict[int, Theme]:
    """The themes of these ids that exist."""
    return {t.pk: t for t in Theme.objects.filter(pk__in=ids).select_related("run")} if ids else {}


def reader_terms(theme: Theme, language: str | None = None) -> list[str]:
    """The theme's words for the reader: their own language's first (zh-hant: in Traditional), the others only
    where the theme has none in theirs."""
    lang = (language or get_language() or "en").lower()
    chinese = [
        t["hant"] or t["term"] if lang in ("zh-hant", "zh-tw", "zh-hk") else t["term"]
        for t in theme.terms
        if t["lang"] == "zh"
    ]
    english = [t["term"] for t in theme.terms if t["lang"] != "zh"]
    mine, others = (chinese, english) if lang.startswith("zh") else (english, chinese)
    return mine or others


def theme_label(theme: Theme, language: str | None = None) -> str:
    return (
        theme.name
        or " · ".join(reader_terms(theme, language)[:LABEL_TERMS])
        or _("Theme %(number)s") % {"number": theme.number}
    )


def _labelled(kind: str, counts: dict[str, int]) -> list[dict[str, Any]]:
    """Largest first: PostgreSQL's jsonb keeps no key order, so the stored order cannot be trusted."""
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [
        {"code": code, "label": codes.label(kind, code) if code else _("Not classified"), "count": count}
        for code, count in ordered
    ]


def theme_view(theme: Theme, *, user: Any, language: str | None = None) -> dict[str, Any] | None:
    """What the reader sees of one theme; None where a department manager's department has none of it."""
    department = _department(user)
    breakdown = theme.breakdown or {}
    size, previous, growth = theme.size, theme.previous_size, theme.growth
    business, reason = breakdown.get("business", {}), breakdown.get("reason", {})
    examples = theme.examples
    if department is not None:
        mine = breakdown.get("departments", {}).get(department)
        if not mine or not mine.get("size"):
            return None
        size, previous = mine["size"], mine["previous"]
        growth = _growth(size, previous)
        business, reason = mine["business"], mine["reason"]
        examples = [e for e in examples if e["department"] == department]
    return {
        "id": theme.id,
        "number": theme.number,
        "run": theme.run_id,
        "label": theme_label(theme, language),
        "name": theme.name,
        "terms": reader_terms(theme, language),
        "size": size,
        "previous_size": previous,
        "growth": growth,
        "business": _labelled("business", business),
        "reason": _labelled("reason", reason),
        "examples": [{"reference": e["reference"], "snippet": e["snippet"]} for e in examples],
        "root_cause": theme.root_cause,
        "root_cause_label": codes.label("root_cause", theme.root_cause) if theme.root_cause else "",
    }


def themes_of(run: ThemeRun, *, user: Any, language: str | None = None) -> list[dict[str, Any]]:
    views = (theme_view(theme, user=user, language=language) for theme in run.themes.order_by("number"))
    return [view for view in views if view is not None]


def theme_visible(theme: Theme, user: Any) -> bool:
    """A dashboard role sees the theme (a department manager: if their department has some of it)."""
    if getattr(user, "role", None) not in ANALYTICS_ROLES:
        return False
    return theme_view(theme, user=user, language="en") is not None


def theme_json(theme: Theme) -> dict[str, Any]:
    """One line of `redress analytics themes --json`: the whole institution's view, English first."""
    return {
        "id": theme.id,
        "label": theme_label(theme, "en"),
        "terms": [t["term"] for t in theme.terms],
        "size": theme.size,
        "previous_size": theme.previous_size,
        "growth": theme.growth,
        "examples": [e["reference"] for e in theme.examples[:5]],
    }
