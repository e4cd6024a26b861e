"""Views imported on their first request instead of when the URL configuration is read.

For pages few web processes ever serve whose modules pull in large libraries (the API schema's generator,
single sign-on's client): the gunicorn master reads the URLs before it forks, and every worker maps what it
imported then (bench/README.md, "Web worker memory"). Only for views that no middleware inspects before
calling them, except for `csrf_exempt`, which is given here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string

View = Callable[..., HttpResponse]


def lazy_view(dotted_path: str, *, csrf_exempt: bool = False, **initkwargs: Any) -> View:
    """A view calling `dotted_path` (a function, or a class-based view made with `as_view(**initkwargs)`),
    imported on the first request."""
    loaded: list[View] = []

    def view(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not loaded:
            target = import_string(dotted_path)
            as_view = getattr(target, "as_view", None)  # a class-based view
            loaded.append(as_view(**initkwargs) if as_view is not None else target)
        return loaded[0](request, *args, **kwargs)

    view.__name__ = dotted_path.rsplit(".", 1)[-1]
    view.__qualname__ = view.__name__
    view.__module__ = dotted_path.rsplit(".", 1)[0]
    if csrf_exempt:
        view.csrf_exempt = True  # type: ignore[attr-defined]
    return view
