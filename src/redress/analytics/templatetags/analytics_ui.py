"""The layout's link to the dashboard, for those who may see it."""

from __future__ import annotations

from typing import Any

from django import template

from redress.analytics.filters import may_see_analytics

register = template.Library()


@register.filter(name="may_see_analytics")
def may_see_analytics_filter(user: Any) -> bool:
    """Managers, compliance, analysts, auditors and administrators see the dashboard."""
    return may_see_analytics(user)
