"""HTTP in and out only: parse, call a service or selector, answer."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.pagination import BasePagination, CursorPagination
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from redress.access.models import AccessKind
from redress.accounts.models import Role, User
from redress.accounts.presenters import user_of
from redress.complaints.actions import payloads
from redress.complaints.api.export import complaint_export_zip
from redress.complaints.api.pagination import OffsetPage
from redress.complaints.api.representation import (
    complaint_detail,
    complaint_summary,
    event_representation,
    letter_representation,
)
from redress.complaints.api.serializers import (
    ComplaintOut,
    EventsOut,
    EvidenceOut,
    LetterDraftOut,
    LetterDraftQuery,
    LettersOut,
    QueuePageOut,
    QueueQuery,
    RedressReportOut,
    RegisteredOut,
    RegisterIn,
    UploadIn,
)
from redress.complaints.models import Complaint
from redress.complaints.ordering import order_of
from redress.complaints.selectors import (
    complaint_after_action,
    complaint_events,
    complaint_get,
    complaint_list,
    complaint_snippets,
    is_search,
    letter_draft_for,
    may_see_pii,
    redress_totals,
)
from redress.complaints.services.access import complaint_access_record
from redress.complaints.services.actions import complaint_act
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.complaints.services.registration import complaint_register_detailed
from redress.complaints.views.download import letter_pdf_response
from redress.core.api import PeriodQuery, error_responses
from redress.core.errors import Forbidden, InvalidInput
from redress.correspondence.selectors import complaint_letters
from redress.privacy.masking import text_mask

REGISTERING_ROLES = {Role.INTAKE_AGENT, Role.MANAGER}


def action_payloads() -> Mapping[str, type[serializers.Serializer[Any]]]:
    """The actions POST .../actions/{action}/ takes, each with the serializer of its body: the one place the API
    (the view and its schema, see schema.py) reads them."""
    return payloads()


class QueuePagination(CursorPagination):
    """Keyset pages: no COUNT over the table. Newest first, or the soonest deadline first."""

    ordering = "-id"
    page_size_query_param = "page_size"
    max_page_size = 200

    def __init__(self, sort: str = "") -> None:
        self.page_size = settings.REDRESS_QUEUE_PAGE_SIZE
        order = order_of(sort)
        if order.field != "id":  # a cursor of (the column, id), both in the order's direction
            sign = "-" if order.descending else ""
            self.ordering = (f"{sign}{order.field}", f"{sign}id")  # type: ignore[assignment]


class ComplaintListCreate(APIView):
    @extend_schema(
        operation_id="complaints_list",
        summary="The queue: complaints the caller may see",
        description="Newest first, or with sort=due the soonest deadline first; pages by cursor. With words in `q`: "
        "the best match first, pages by number (`page`), each row with where the words matched (`match`). "
        "A `q` holding personal data from a role that sees it masked: 400 `personal_data_search`.",
        parameters=[QueueQuery],
        responses={200: QueuePageOut, **error_responses(400, 401, 404)},
    )
    def get(self, request: Request) -> Response:
        filters: dict[str, Any] = request.query_params.dict()
        if "flag" in request.query_params:  # the one filter that may be repeated
            filters["flag"] = request.query_params.getlist("flag")
        user = user_of(request)
        qs = complaint_list(user=user, filters=filters)
        paginator: BasePagination
        if is_search(filters):  # best match first: pages by number (a rank is no key to continue after)
            paginator = OffsetPage(settings.REDRESS_QUEUE_PAGE_SIZE)
        else:
            paginator = QueuePagination(sort=request.query_params.get("sort") or "")
        page = paginator.paginate_queryset(qs, request, view=self) or []
        rows = [complaint_summary(c) for c in page]
        if is_search(filters):
            snippets = complaint_snippets(user=user, ids=[c.pk for c in page], q=filters["q"])
            for row, c in zip(rows, page, strict=True):
                if found := snippets.get(c.pk):
                    row["match"] = {"kind": found.source, "kind_label": found.label, "snippet": str(found.html)}
        return paginator.get_paginated_response(rows)

    @extend_schema(
        operation_id="complaints_register",
        summary="Register a complaint",
        description="Intake agents and managers. With an Idempotency-Key already used for the same request, the "
        "first complaint is answered again (200, header Idempotent-Replayed: true).",
        request=RegisterIn,
        parameters=[OpenApiParameter("Idempotency-Key", OpenApiTypes.STR, OpenApiParameter.HEADER)],
        responses={
            201: OpenApiResponse(RegisteredOut, description="Registered, with the customer's tracking code."),
            200: OpenApiResponse(
                RegisteredOut, description="A replay of an Idempotency-Key: the first complaint (no tracking code)."
            ),
            **error_responses(400, 401, 403, 409, 413),
        },
    )
    def post(self, request: Request) -> Response:
        user = user_of(request)
        if user.role not in REGISTERING_ROLES:
            raise Forbidden(_("Your role may not register complaints."), code="role")
        incoming = RegisterIn(data=request.data)
        if not incoming.is_valid():
            raise InvalidInput(incoming.errors)
        key = (request.headers.get("Idempotency-Key") or "").strip()[:200] or None
        done = complaint_register_detailed(
            registration=incoming.to_registration(), actor=actor_for(user), registered_by=user, idempotency_key=key
        )
        complaint = done.complaint
        # The 201 body comes from what the registration holds; a replay reads the first complaint back. The
        # tracking code is the registering caller's to give the customer, once, as the staff page shows it.
        code = done.shown.get("tracking_code") if done.created else None
        body = {**complaint_detail(complaint, user, registered=done), "tracking_code": str(code) if code else None}
        response = Response(body, status=status.HTTP_201_CREATED if done.created else 200)
        if not done.created:
            response["Idempotent-Replayed"] = "true"
        response["Location"] = f"/api/v1/complaints/{complaint.reference}/"
        return response


class ComplaintDetail(APIView):
    @extend_schema(
        operation_id="complaint_get",
        summary="One complaint",
        responses={200: ComplaintOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        user = user_of(request)
        complaint = complaint_get(user=user, reference=reference)
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.API_DETAIL)
        return Response(complaint_detail(complaint, user))


def _after_action(complaint: Complaint, user: User, *, reveal: bool = False, reason: str = "") -> dict[str, Any]:
    """The answer to an action: the complaint as it is now; out of the caller's view now, no actions offered."""
    complaint, visible = complaint_after_action(complaint, user)
    complaint_access_record(complaint=complaint, user=user, what=AccessKind.API_DETAIL, revealed=reveal, reason=reason)
    body = complaint_detail(complaint, user, reveal=reveal)
    if not visible:
        body["allowed_actions"] = []
    return body


class ComplaintAction(APIView):
    """Take an action on the complaint; the answer is the complaint as it is after it. The schema has one operation
    per action, with the action's own body (schema.py).

    Who may approve across departments: an approver approves or rejects the proposed plan of a complaint of any
    department (the row scope, `Complaint.objects.restrict`, shows an approver every `resolution_proposed`
    complaint; the table's guards — limit, maker/checker, recusal — apply as everywhere). The decision usually
    takes the complaint out of that approver's view; the answer is still 200 with the complaint as it is after
    the action, shown with the rights the caller had when acting (masked; no further actions offered), and a later read
    is 404 like any complaint of another department."""

    @extend_schema(responses={200: ComplaintOut, **error_responses(400, 401, 403, 404, 409, 413)})
    def post(self, request: Request, reference: str, action: str) -> Response:
        user = user_of(request)
        if action not in action_payloads():
            raise InvalidInput(
                f"There is no action {action!r}; evidence is added through attachments/.", code="unknown_action"
            )
        payload: Any = request.data
        if not isinstance(payload, dict):
            raise InvalidInput(_("The body must be a JSON object."), code="malformed_request")
        complaint = complaint_act(reference=reference, action=action, actor=actor_for(user), payload=payload, user=user)
        reveal = action == "reveal_pii"
        reason = str(payload.get("reason") or "") if reveal else ""
        return Response(_after_action(complaint, user, reveal=reveal, reason=reason))


class ComplaintEvents(APIView):
    @extend_schema(
        operation_id="complaint_events",
        summary="The complaint's timeline",
        description="Every event in order, each with the hash that chains it to the one before.",
        responses={200: EventsOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        user = user_of(request)
        complaint = complaint_get(user=user, reference=reference)
        mask = text_mask(complaint, unmasked=may_see_pii(complaint, user))
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.API_EVENTS)
        return Response({"results": [event_representation(e, mask) for e in complaint_events(complaint=complaint)]})


class ComplaintLetters(APIView):
    @extend_schema(
        operation_id="complaint_letters",
        summary="The complaint's letters, with their text",
        description="The customer's data masked for those who may not see it.",
        responses={200: LettersOut, **error_responses(401, 404)},
    )
    def get(self, request: Request, reference: str) -> Response:
        user = user_of(request)
        complaint = complaint_get(user=user, reference=reference)
        unmasked = may_see_pii(complaint, user)
        letters = complaint_letters(complaint)
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.API_LETTERS)
        return Response({"results": [letter_representation(x, complaint, unmasked=unmasked) for x in letters]})


class ComplaintLetterDraft(APIView):
    """The decision letter as the template renders it now (?kind=final_decision|review_decision|summary_resolution;
    default: the one notify_customer would send), for whoever may send it."""

    @extend_schema(
        operation_id="complaint_letter_draft",
        summary="The decision letter as it would be sent now",
        parameters=[LetterDraftQuery],
        responses={200: LetterDraftOut, **error_responses(401, 403, 404, 409)},
    )
    def get(self, request: Request, reference: str) -> Response:
        user = user_of(request)
        complaint = complaint_get(user=user, reference=reference)
        draft = letter_draft_for(complaint=complaint, actor=actor_for(user), kind=request.query_params.get("kind"))
        # The draft is the letter as it would be sent, the customer's details whole, whoever asks.
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.LETTER_DRAFT, whole=True)
        return Response(
            {
                "kind": draft.kind,
                "language": complaint.language,
                "subject": draft.subject,
                "body": draft.body,
                "required_elements": [e.name for e in draft.elements],
            }
        )


class ComplaintLetterPdf(APIView):
    """One letter as PDF, for whoever may see the complaint (masked for those who may not see personal data)."""

    @extend_schema(
        operation_id="complaint_letter_pdf",
        summary="One letter as PDF",
        responses={(200, "application/pdf"): OpenApiTypes.BINARY, **error_responses(401, 404)},
    )
    def get(self, request: Request, reference: str, letter_id: int) -> HttpResponse:
        user = user_of(request)
        return letter_pdf_response(complaint_get(user=user, reference=reference), letter_id, user)


class ComplaintLetterRetry(APIView):
    """Queue a letter whose email delivery failed once more (on the timeline as retry_letter)."""

    @extend_schema(
        operation_id="complaint_letter_retry",
        summary="Send a letter whose email delivery failed again",
        description="Takes no body. The answer is the complaint.",
        request=None,
        responses={200: ComplaintOut, **error_responses(400, 401, 403, 404, 409)},
    )
    def post(self, request: Request, reference: str, letter_id: int) -> Response:
        user = user_of(request)
        complaint = complaint_act(
            reference=reference, action="retry_letter", actor=actor_for(user), payload={"letter": letter_id}, user=user
        )
        return Response(_after_action(complaint, user))


class ComplaintAttachments(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="complaint_evidence_add",
        summary="Add evidence: one file",
        description="Multipart, the file in the field `file`; on the timeline as add_evidence.",
        request={"multipart/form-data": UploadIn},
        responses={201: EvidenceOut, **error_responses(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request: Request, reference: str) -> Response:
        user = user_of(request)
        upload = request.FILES.get("file")
        if upload is None:
            raise InvalidInput({"file": [_("Attach a file in the field 'file'.")]})
        evidence = evidence_add(
            reference=reference,
            upload=upload,
            actor=actor_for(user),
            user=user,
            description=str(request.data.get("description", "")),
        )
        mask = text_mask(evidence.complaint, unmasked=may_see_pii(evidence.complaint, user))
        body: dict[str, Any] = {
            "id": evidence.pk,
            "name": mask.text(evidence.original_name),
            "size": evidence.size,
            "content_type": evidence.content_type,
            "sha256": evidence.sha256,
        }
        return Response(body, status=status.HTTP_201_CREATED)


class RedressReport(APIView):
    """Redress approved and paid per currency in a period (`from`, `to`: ISO dates; default this month)."""

    @extend_schema(
        operation_id="report_redress",
        summary="Redress approved and paid per currency",
        description="In the period from `from` to `to` (default: this month), on complaints the caller may see.",
        parameters=[PeriodQuery],
        responses={200: RedressReportOut, **error_responses(400, 401)},
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        try:
            start = date.fromisoformat(request.query_params.get("from") or today.replace(day=1).isoformat())
            end = date.fromisoformat(request.query_params.get("to") or today.isoformat())
        except ValueError as exc:
            raise InvalidInput({"from": [_("Dates are written YYYY-MM-DD.")]}) from exc
        rows = redress_totals(user=user_of(request), start=start, end=end)
        money = ("approved", "paid")
        return Response(
            {
                "from": start.isoformat(),
                "to": end.isoformat(),
                "results": [{k: str(v) if k in money else v for k, v in row.items()} for row in rows],
            }
        )


class ComplaintExport(APIView):
    """POST {reason}: the whole record as one ZIP (timeline with hashes, letters, evidence); on the timeline."""

    @extend_schema(
        operation_id="complaint_export",
        summary="Export the whole record as one ZIP",
        description="The timeline with its hashes, the letters and the evidence; the export is on the timeline.",
        request=action_payloads()["export"],
        responses={(200, "application/zip"): OpenApiTypes.BINARY, **error_responses(400, 401, 403, 404, 409, 413)},
    )
    def post(self, request: Request, reference: str) -> HttpResponse:
        user = user_of(request)
        payload: Any = request.data
        if not isinstance(payload, dict):
            raise InvalidInput(_("The body must be a JSON object."), code="malformed_request")
        complaint = complaint_act(
            reference=reference, action="export", actor=actor_for(user), payload=payload, user=user
        )
        unmasked = may_see_pii(complaint, user)
        reason = str(payload.get("reason") or "")
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.EXPORT, reason=reason)
        document = complaint_export_zip(complaint, unmasked=unmasked)
        response = HttpResponse(document, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="{complaint.reference}.zip"'
        return response
