"""Codes made readable, for any app's pages."""

from __future__ import annotations

from typing import Any

from django.db.models import TextChoices


def choice_label(choices: type[TextChoices], value: Any) -> str:
    """The translated label of a code, or the code itself when it is not (or no longer) a choice."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)
