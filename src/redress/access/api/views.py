"""API of the access log: the records one filter selects, newest first, for compliance and auditors."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.access import selectors
from redress.access.models import AccessBasis, AccessKind
from redress.access.presenters import record_json
from redress.accounts.presenters import user_of
from redress.core.api import error_responses
from redress.core.errors import Forbidden

LIST_MAX = 1000


class AccessRecordOut(serializers.Serializer[Any]):
    at = serializers.DateTimeField()
    user = serializers.CharField()
    role = serializers.CharField()
    complaint = serializers.CharField()
    what = serializers.ChoiceField(choices=AccessKind.choices)
    item = serializers.CharField(allow_blank=True)
    basis = serializers.ChoiceField(choices=AccessBasis.choices)
    reason = serializers.CharField(allow_blank=True)


class AccessRecordsOut(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    truncated = serializers.BooleanField()
    results = AccessRecordOut(many=True)


_PARAMETERS = [
    OpenApiParameter("customer", OpenApiTypes.STR, description="The customer's exact phone, e-mail or ID number"),
    OpenApiParameter("staff", OpenApiTypes.STR, description="A member of staff's username"),
    OpenApiParameter("complaint", OpenApiTypes.STR, description="A complaint's reference"),
    OpenApiParameter("from", OpenApiTypes.DATE),
    OpenApiParameter("to", OpenApiTypes.DATE),
]


class AccessRecords(APIView):
    @extend_schema(
        operation_id="privacy_access_list",
        summary="Views of personal data shown unmasked (compliance, auditors)",
        description=f"Newest first, at most {LIST_MAX}; `truncated` says when more matched (the page's CSV has all).",
        parameters=_PARAMETERS,
        responses={200: AccessRecordsOut, **error_responses(400, 401, 403)},
    )
    def get(self, request: Request) -> Response:
        if not selectors.may_view(user_of(request)):
            raise Forbidden(_("Only compliance and auditors see the access to personal data."))
        records = selectors.access_records(selectors.access_filter(request.query_params.dict()))
        count = records.count()
        return Response(
            {"count": count, "truncated": count > LIST_MAX, "results": [record_json(r) for r in records[:LIST_MAX]]}
        )
