"""Template filters of the case library: what the signed-in person may do, and a guide's text as safe HTML."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import TextChoices
from django.utils.safestring import SafeString, mark_safe

from redress.casebook import selectors
from redress.casebook.markdown import markdown_html
from redress.complaints.choices import Channel, Jurisdiction, Outcome, RedressType
from redress.core.presenters import choice_label

register = template.Library()


@register.filter
def may_mark_cases(user: Any) -> bool:
    return selectors.may_mark(user)


@register.filter
def may_see_training(user: Any) -> bool:
    return selectors.may_see_training(user)


@register.filter
def markdown(text: str) -> SafeString:
    return mark_safe(markdown_html(text))  # sanitised by nh3 in markdown_html


_CHOICES: dict[str, type[TextChoices]] = {
    "outcome": Outcome,
    "redress": RedressType,
    "jurisdiction": Jurisdiction,
    "channel": Channel,
}


@register.filter
def choice(code: str, kind: str) -> str:
    """The label of a complaint's code kept in a case: `{{ case.outcome|choice:"outcome" }}`."""
    return choice_label(_CHOICES[kind], code) if code else ""
