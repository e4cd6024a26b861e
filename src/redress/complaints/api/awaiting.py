"""API: the plans the caller may approve now ("awaiting my approval"), as the page lists them."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.accounts.presenters import user_of
from redress.complaints.approvals import awaiting_approval
from redress.core.api import error_responses


class AwaitingPlanOut(serializers.Serializer[Any]):
    reference = serializers.CharField()
    plan = serializers.IntegerField(help_text="The plan's version.")
    total = serializers.DecimalField(max_digits=18, decimal_places=2)
    currency = serializers.CharField()
    approvals = serializers.IntegerField(help_text="Approvals given so far.")
    approvals_required = serializers.IntegerField()
    proposed_by = serializers.CharField()
    proposed_at = serializers.DateTimeField()


class AwaitingOut(serializers.Serializer[Any]):
    results = AwaitingPlanOut(many=True)
    count = serializers.IntegerField()


class AwaitingApproval(APIView):
    """The resolution plans the caller may approve now (the approve action's rule), oldest proposal first."""

    @extend_schema(
        operation_id="approvals_awaiting",
        summary="The plans awaiting the caller's approval",
        responses={200: AwaitingOut, **error_responses(401)},
    )
    def get(self, request: Request) -> Response:
        plans = awaiting_approval(user_of(request))
        results = [
            {
                "reference": p.reference,
                "plan": p.version,
                "total": f"{p.total:.2f}",
                "currency": p.currency,
                "approvals": p.approvals,
                "approvals_required": p.approvals_required,
                "proposed_by": p.proposed_by,
                "proposed_at": p.proposed_at.isoformat(),
            }
            for p in plans
        ]
        return Response({"results": results, "count": len(results)})
