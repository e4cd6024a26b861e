"""API: the themes of a run, a run asked for, a theme named or promoted to a root cause."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.analytics.api import themes_serializers as io
from redress.analytics.api.views import MaySeeAnalytics
from redress.analytics.models import Theme, ThemeRun
from redress.analytics.themes import selectors, services
from redress.core.api import error_responses, iso
from redress.core.errors import Forbidden, NotFound
from redress.privacy.scrubber import render


def run_json(run: ThemeRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "from": run.period_start.isoformat(),
        "to": run.period_end.isoformat(),
        "previous_from": run.previous_start.isoformat(),
        "previous_to": run.previous_end.isoformat(),
        "seed": run.seed,
        "texts": run.texts,
        "previous_texts": run.previous_texts,
        "unassigned": run.unassigned,
        "parameters": run.parameters,
        "created_at": iso(run.created_at),
    }


def _plain(view: dict[str, Any]) -> dict[str, Any]:
    """The theme for the API: examples' markers as words, no HTML."""
    return {**view, "examples": [{**e, "snippet": render(e["snippet"])} for e in view["examples"]]}


def _answer(run: ThemeRun | None, request: Request) -> dict[str, Any]:
    if run is None:
        return {"run": None, "themes": []}
    return {"run": run_json(run), "themes": [_plain(v) for v in selectors.themes_of(run, user=user_of(request))]}


def _theme_for(request: Request, theme_id: Any) -> Theme:
    """The theme, if the caller sees it (else a 404) and may name or promote it (else a 403)."""
    user = user_of(request)
    theme = selectors.theme_get(theme_id)
    if not selectors.theme_visible(theme, user):
        raise NotFound(_("No such theme."))
    if not selectors.may_name_themes(user):
        raise Forbidden(_("Only managers, compliance and administrators name themes and make them root causes."))
    return theme


class _Themes(APIView):
    permission_classes: ClassVar[list[type[BasePermission]]] = [IsAuthenticated, MaySeeAnalytics]  # type: ignore[misc]


class ThemesList(_Themes):
    @extend_schema(
        operation_id="analytics_themes",
        summary="The themes of a run (default the latest)",
        description="Each theme's words in the reader's language, its size and growth against the period before, "
        "business lines and reasons, and examples without personal data. A manager with a department: that "
        "department's share of each theme.",
        parameters=[io.ThemesQuery],
        responses={200: io.ThemesOut, **error_responses(401, 403, 404)},
    )
    def get(self, request: Request) -> Response:
        given = request.query_params.get("run")
        run = selectors.run_get(given) if given else selectors.latest_run()
        return Response(_answer(run, request))


class ThemesRun(_Themes):
    @extend_schema(
        operation_id="analytics_themes_run",
        summary="Group a period's complaints into themes now",
        description="Stores a run of `from` to `to` against the period of the same length before it. Managers, "
        "compliance, analysts and administrators.",
        request=io.RunIn,
        responses={201: io.ThemesOut, **error_responses(400, 401, 403)},
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        if not selectors.may_run_themes(user):
            raise Forbidden(_("Only managers, compliance, analysts and administrators run the themes."))
        given = io.RunIn(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        run = services.themes_run(start=data["from"], end=data["to"], seed=data["seed"], by=user)
        return Response(_answer(run, request), status=status.HTTP_201_CREATED)


class ThemeName(_Themes):
    @extend_schema(
        operation_id="analytics_theme_name",
        summary="Name a theme",
        request=io.NameIn,
        responses={200: io.ThemeOut, **error_responses(400, 401, 403, 404)},
    )
    def patch(self, request: Request, theme_id: int) -> Response:
        theme = _theme_for(request, theme_id)
        given = io.NameIn(data=request.data)
        given.is_valid(raise_exception=True)
        theme = services.theme_name(theme=theme, name=given.validated_data["name"], by=user_of(request))
        return Response(_plain(selectors.theme_view(theme, user=user_of(request)) or {}))


class ThemePromote(_Themes):
    @extend_schema(
        operation_id="analytics_theme_promote",
        summary="Make a theme a root cause",
        description="Adds a root cause to the code table with the labels given, and links the theme to it.",
        request=io.PromoteIn,
        responses={200: io.ThemeOut, **error_responses(400, 401, 403, 404)},
    )
    def post(self, request: Request, theme_id: int) -> Response:
        theme = _theme_for(request, theme_id)
        given = io.PromoteIn(data=request.data)
        given.is_valid(raise_exception=True)
        theme = services.theme_promote(theme=theme, by=user_of(request), **given.validated_data)
        return Response(_plain(selectors.theme_view(theme, user=user_of(request)) or {}))
