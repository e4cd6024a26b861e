"""The layout's link to the dashboard, for those who may see it; how a theme's growth is written."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from redress.analytics.filters import may_see_analytics

register = template.Library()


@register.filter(name="may_see_analytics")
def may_see_analytics_filter(user: Any) -> bool:
    """Managers, compliance, analysts, auditors and administrators see the dashboard."""
    return may_see_analytics(user)


@register.filter(name="theme_growth")
def theme_growth(growth: float | None) -> str:
    """A theme's growth as the page shows it: "+25.0 %", or "New" where the period before had none of it."""
    if growth is None:
        return str(_("New"))
    return f"{growth:+.1f} %"
