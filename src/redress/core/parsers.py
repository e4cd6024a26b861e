"""The API's request parsers (a module of its own: DRF's settings import it while rest_framework.views loads,
so it must not import that module back, as core.api does)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, reading what it always did; a body nested deeper than Python's recursion limit
    (about 1,000 levels, which no real request comes near) is malformed, a 400, not a RecursionError."""

    def parse(self, stream: Any, media_type: str | None = None, parser_context: Any = None) -> Any:
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(_("JSON parse error - nested too deeply.")) from None
