"""Small parsers of user input shared by the API and the CLI."""

from __future__ import annotations


def positive_int(raw: str) -> int | None:
    """A whole number of 1 or more written in digits alone ("3", not "+3" or "3.0"); None otherwise."""
    return int(raw) if raw.isdigit() and int(raw) >= 1 else None
