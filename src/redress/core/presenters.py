"""Codes made readable, for any app's pages."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import TextChoices
from django.utils.translation import get_language


def choice_label(choices: type[TextChoices], value: Any) -> str:
    """The translated label of a code, or the code itself when it is not (or no longer) a choice."""
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value)


def words_list(words: Iterable[Any]) -> str:
    """Words in a list as the active language writes one: "a、b" in Chinese, "a, b" in English."""
    separator = "、" if (get_language() or "").startswith("zh") else ", "
    return separator.join(str(w) for w in words)


def in_language(text: str) -> str:
    """A name written "中文 / English" (the seed's rules, for instance): the part of the reader's language;
    any other text as it is."""
    chinese, slash, english = str(text).partition(" / ")
    if not slash:
        return str(text)
    return chinese if (get_language() or "").startswith("zh") else english
