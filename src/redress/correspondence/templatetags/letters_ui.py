"""Letters' filters: money as the letter's language writes it."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.translation import get_language

from redress.correspondence.context import format_money

register = template.Library()


@register.simple_tag
def money(amount: Decimal, currency: str) -> str:
    """{% money item.amount item.currency %} → 人民币680.00元, £250.00, … in the active language."""
    return format_money(amount, currency, get_language() or "en")
