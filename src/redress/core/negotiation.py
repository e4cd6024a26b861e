"""The API's content negotiation (a module of its own: DRF's settings import it while rest_framework.views loads,
so it must not import that module back, as core.api does)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer


class ContentNegotiation(DefaultContentNegotiation):
    """DRF's negotiation, but `?format=` naming a format the operation does not give is bad input, a 400 naming
    the parameter, not DRF's bare 404 (which reads as "no such complaint")."""

    def filter_renderers(self, renderers: Iterable[BaseRenderer], format: str) -> list[BaseRenderer]:
        renderers = list(renderers)
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            formats = ", ".join(sorted({renderer.format for renderer in renderers}))
            raise exceptions.ValidationError(
                {"format": [_("Not a format of this answer; one of: %(formats)s.") % {"formats": formats}]}
            )
        return matching
