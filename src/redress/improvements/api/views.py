"""API: improvement actions — list (JSON or `format=csv`), file a suggestion, one action, its transitions,
comments and effect."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.codes import selectors as codes
from redress.core.api import error_responses
from redress.core.errors import InvalidInput
from redress.improvements import selectors, services
from redress.improvements.api import serializers as io
from redress.improvements.choices import CODE_KINDS
from redress.improvements.effect import action_effect
from redress.improvements.export import actions_csv
from redress.improvements.presenters import effect_explanation
from redress.improvements.sources import source_from_query


class CsvRenderer(BaseRenderer):
    """Lets `?format=csv` through DRF's negotiation; the view writes the CSV itself. An error goes out as JSON."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        return json.dumps(data, ensure_ascii=False).encode()


def _valid(serializer_class: Any, data: Any) -> dict[str, Any]:
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise InvalidInput(serializer.errors)
    return dict(serializer.validated_data)


class Improvements(APIView):
    renderer_classes: ClassVar[list[type[BaseRenderer]]] = [JSONRenderer, CsvRenderer]  # type: ignore[misc]

    @extend_schema(
        operation_id="improvements_list",
        summary="The improvement actions the caller may see, newest first",
        description="Filters: status, owner (user id), department (code), overdue. `format=csv`: as a CSV file.",
        parameters=[io.ImprovementListQuery],
        responses={
            (200, "application/json"): io.ImprovementListOut,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description="With format=csv: the list as CSV."),
            **{(code, "application/json"): answer for code, answer in error_responses(400, 401).items()},
        },
    )
    def get(self, request: Request) -> HttpResponse:
        filters = selectors.parse_list_filters(request.query_params)
        actions = selectors.action_list(user=user_of(request), filters=filters)
        if request.query_params.get("format") == "csv":
            return actions_csv(actions)
        return Response({"results": [selectors.action_summary(a) for a in actions[:500]]})

    @extend_schema(
        operation_id="improvements_create",
        summary="File a staff suggestion (proposed), from a complaint, theme, spike alert or review finding",
        description="`source` and `ref` in the body or the query string (`?source=complaint&ref=<reference>`); "
        "the source's business line, product and reason are linked with the codes given.",
        parameters=[io.ImprovementCreateQuery],
        request=io.ImprovementIn,
        responses={
            (201, "application/json"): io.ImprovementDetailOut,
            **{(code, "application/json"): answer for code, answer in error_responses(400, 401, 404).items()},
        },
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        data = _valid(io.ImprovementIn, request.data)
        kind = data.get("source") or request.query_params.get("source", "")
        ref = data.get("ref") or request.query_params.get("ref", "")
        sources = [source_from_query(user=user, kind=kind, ref=ref)] if kind or ref else []
        linked = {k: [codes.resolve(k, v, field=k) for v in data.get(k) or []] for k in CODE_KINDS}
        action = services.improvement_suggest(
            user=user,
            title=data["title"],
            description=data.get("description", ""),
            department_id=selectors.department_id_of(data.get("department", "")),
            codes=linked,
            sources=sources,
        )
        return Response(selectors.action_detail(selectors.action_get(user=user, pk=action.pk), user), status=201)


class Improvement(APIView):
    @extend_schema(
        operation_id="improvements_get",
        summary="One improvement action: sources, codes, timeline, what the caller may do",
        responses={200: io.ImprovementDetailOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        return Response(selectors.action_detail(selectors.action_get(user=user, pk=pk), user))


class ImprovementTransition(APIView):
    @extend_schema(
        operation_id="improvements_transition",
        summary="Move an action along its lifecycle (or, to its own state, name a new owner or due date)",
        description="proposed → approved (owner, due_on) | rejected (reason); approved → in_progress → done "
        "(went_live_on, default today) → verified. Deciders: managers (their department's) and compliance; the "
        "owner starts and completes; verifying is for a decider who is not the owner.",
        request=io.ImprovementTransitionIn,
        responses={200: io.ImprovementDetailOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        data = _valid(io.ImprovementTransitionIn, request.data)
        services.improvement_transition(
            action_id=pk,
            user=user,
            to=data["to"],
            owner_id=data.get("owner"),
            due_on=data.get("due_on"),
            reason=data.get("reason", ""),
            went_live_on=data.get("went_live_on"),
            note=data.get("note", ""),
        )
        return Response(selectors.action_detail(selectors.action_get(user=user, pk=pk), user))


class ImprovementComment(APIView):
    @extend_schema(
        operation_id="improvements_comment",
        summary="Comment on an action (anyone who may see it)",
        request=io.ImprovementCommentIn,
        responses={200: io.ImprovementDetailOut, **error_responses(400, 401, 404)},
    )
    def post(self, request: Request, pk: int) -> Response:
        user = user_of(request)
        data = _valid(io.ImprovementCommentIn, request.data)
        services.improvement_comment(action_id=pk, user=user, note=data["note"])
        return Response(selectors.action_detail(selectors.action_get(user=user, pk=pk), user))


class ImprovementEffect(APIView):
    @extend_schema(
        operation_id="improvements_effect",
        summary="The effect of a done action: complaint rate of its codes before and after it went live",
        description="Weekly counts of complaints with any of its codes, offset by all complaints received that "
        "week; Poisson GLM, negative binomial when Pearson chi²/df > 1.5. Shown from four full weeks after.",
        responses={200: io.ImprovementEffectOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, pk: int) -> Response:
        action = selectors.action_get(user=user_of(request), pk=pk)
        found = action_effect(action, selectors.code_filter(action))
        return Response({**found, "explanation": effect_explanation(found)})
