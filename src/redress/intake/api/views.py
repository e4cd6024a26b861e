"""The social-media webhook: POST /api/v1/intake/social/{source}/ (signed, no token)."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.core.api import error_responses
from redress.intake.adapters.social import SIGNATURE_HEADER, SocialPayload, social_receive
from redress.intake.api.serializers import SocialReceivedOut


class SocialWebhook(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(
        operation_id="intake_social_post",
        summary="Receive a social-media post (signed webhook)",
        description="Signed with the source's secret, no token. A post received before answers 200 and its complaint.",
        request=SocialPayload,
        parameters=[
            OpenApiParameter(
                SIGNATURE_HEADER,
                location=OpenApiParameter.HEADER,
                required=True,
                description="sha256=<hex HMAC-SHA256 of the raw body with the source's secret>",
            )
        ],
        responses={
            201: OpenApiResponse(SocialReceivedOut, description="Registered as a new complaint."),
            200: OpenApiResponse(SocialReceivedOut, description="Received before: its complaint."),
            **error_responses(400, 401, 413),
        },
    )
    def post(self, request: Request, source: str) -> Response:
        body = request._request.body  # the exact bytes that were signed
        result = social_receive(source_name=source, body=body, signature=request.headers.get(SIGNATURE_HEADER, ""))
        return Response(
            {
                "reference": result.complaint.reference,
                "created": result.created,
                "status": result.complaint.status,
                "reply_text": result.reply_text,
            },
            status=201 if result.created else 200,
        )
