"""The schema shows POST /api/v1/complaints/{reference}/actions/{action}/ as one operation per action, each with
its own body. The URL stays one route and one view (ComplaintAction); only the schema is split, by a
drf-spectacular preprocessing hook (SPECTACULAR_SETTINGS["PREPROCESSING_HOOKS"])."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from redress.complaints.api.views import ComplaintAction, action_payloads

Endpoint = tuple[str, str, str, Callable[..., Any]]
_ACTION_GROUP = re.compile(r"\(\?P<action>[^)]*\)")


def split_actions(endpoints: list[Endpoint]) -> list[Endpoint]:
    """Each endpoint as it is, but the action endpoint as one endpoint per action (…/actions/triage/, …)."""
    split: list[Endpoint] = []
    for path, path_regex, method, callback in endpoints:
        if getattr(callback, "cls", None) is not ComplaintAction:
            split.append((path, path_regex, method, callback))
            continue
        for name, payload in sorted(action_payloads().items()):
            split.append(
                (
                    path.replace("{action}", name),
                    _ACTION_GROUP.sub(re.escape(name), path_regex),
                    method,
                    _action_view(name, payload),
                )
            )
    return split


def _action_view(name: str, payload: type[serializers.Serializer[Any]]) -> Callable[..., Any]:
    """A view for the schema only: ComplaintAction with the body of the action `name`."""

    class View(ComplaintAction):
        pass

    View.__name__ = View.__qualname__ = f"ComplaintAction_{name}"
    documented = extend_schema_view(
        post=extend_schema(
            operation_id=f"complaint_action_{name}",
            summary=name.replace("_", " ").capitalize(),
            description=f"Take the action `{name}` on the complaint, with the body below. The answer is the "
            "complaint as it is after it (as GET /api/v1/complaints/{reference}/). Whether the caller may take "
            "it now: the complaint's `allowed_actions`. An action not listed here answers 400 `unknown_action`.",
            request=payload,
        )
    )(View)
    return documented.as_view()
