"""Evidence files and letters as PDF, for the people who may see their complaint and are not named in it.

Who sees personal data masked gets a letter's PDF masked, and an evidence file only when it can be masked: a
plain-text file (a note, a CSV, an e-mail) is served with the personal data in it replaced by labels, as the
page shows free text; any other file (a scan, a photo, a PDF, an office document) is refused, 403
`evidence_masked`, since its personal data cannot be found and hidden reliably. Each download that hands the
data out unmasked is recorded in the access log.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from redress.access.models import AccessKind
from redress.accounts.models import User
from redress.accounts.presenters import user_of
from redress.complaints.evidence_text import masked_evidence
from redress.complaints.models import Complaint, Evidence
from redress.complaints.selectors import may_see_pii, refuse_if_named
from redress.complaints.services.access import complaint_access_record
from redress.complaints.views.common import complaint_or_404
from redress.core.errors import Forbidden
from redress.correspondence import pdf
from redress.correspondence.models import Letter
from redress.correspondence.templating import text_to_html
from redress.privacy.masking import mask_letter_text, text_mask

EVIDENCE_MASKED = gettext_lazy(
    "You see this complaint's personal data masked; this file cannot be masked, so it is not handed out."
)


@login_required
@require_GET
def evidence_file(request: HttpRequest, reference: str, evidence_id: str) -> HttpResponseBase:
    """The stored file as an attachment under its original name (masked, or refused, for a masked role: see
    above); 404 for anyone who may not see the complaint, 403 for the person it names."""
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    _page_refuse_if_named(complaint, user)
    evidence = Evidence.objects.filter(complaint=complaint, pk=int(evidence_id)).first()
    if evidence is None or not evidence.file:
        raise Http404("No such file.")
    unmasked = may_see_pii(complaint, user)
    mask = text_mask(complaint, unmasked=unmasked)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The stored file is missing.") from exc
    # The name someone gave the file may hold personal data (a customer's name, an ID number).
    filename = mask.text(evidence.original_name)
    response: HttpResponseBase
    if unmasked:
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.EVIDENCE, item=str(evidence.pk))
        response = FileResponse(
            handle,
            as_attachment=True,
            filename=filename,
            content_type=evidence.content_type or "application/octet-stream",
        )
    else:
        with handle:
            masked = masked_evidence(handle.read(), evidence.content_type, mask)
        if masked is None:  # the API's error shape, so a program fetching the link can tell why
            return JsonResponse({"error": "evidence_masked", "detail": str(EVIDENCE_MASKED)}, status=403)
        response = HttpResponse(masked, content_type="text/plain; charset=utf-8")
        response["Content-Disposition"] = content_disposition_header(True, filename) or "attachment"
    # Personal data: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def letter_pdf(request: HttpRequest, reference: str, letter_id: str) -> HttpResponse:
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    _page_refuse_if_named(complaint, user)
    return letter_pdf_response(complaint, int(letter_id), user)


def _page_refuse_if_named(complaint: Complaint, user: User) -> None:
    try:
        refuse_if_named(complaint, user)
    except Forbidden as exc:
        raise PermissionDenied(str(exc.detail)) from exc


def letter_pdf_response(complaint: Complaint, letter_id: int, user: User) -> HttpResponse:
    """The letter as PDF: as sent for those who may see the customer's data, masked for the others; refused
    (Forbidden, `recused`) to the person the complaint names."""
    refuse_if_named(complaint, user)
    letter = Letter.objects.filter(complaint=complaint, pk=letter_id).select_related("complaint").first()
    if letter is None:
        raise Http404("No such letter.")
    if may_see_pii(complaint, user):
        complaint_access_record(complaint=complaint, user=user, what=AccessKind.LETTER_PDF, item=str(letter.pk))
        document = pdf.letter_pdf(letter)
    else:
        document = pdf.html_to_pdf(
            text_to_html(
                subject=mask_letter_text(letter.subject, complaint),
                body=mask_letter_text(letter.body, complaint),
                language=letter.language,
                institution=settings.REDRESS_INSTITUTION_NAME,
            )
        )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.letter_pdf_name(letter)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
