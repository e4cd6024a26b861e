"""The decision letter's preview: exactly what `notify_customer` would keep and e-mail, as HTML and as PDF.

The handler's form is posted here as it stands (the edited letter); the answer is made by the same code as
the letter that is sent (`notify_letter_preview`: the upper apps' extras, the template's check, the HTML of
`correspondence`), with nothing kept. A letter the check refuses answers 400 with the reason.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from redress.accounts.presenters import user_of
from redress.complaints.actions.deciding import notify_letter_preview
from redress.complaints.forms.base import messages_of
from redress.complaints.selectors import complaint_allowed_actions
from redress.complaints.services.actor import actor_for
from redress.complaints.views.common import complaint_or_404, error_message
from redress.core.errors import ApplicationError
from redress.correspondence.pdf import html_to_pdf

FORMATS = ("page", "html", "pdf")


@never_cache
@login_required
@require_POST
def letter_preview(request: HttpRequest, reference: str, fmt: str) -> HttpResponse:
    """`page`: the part of the page that shows the preview; `html`: the letter's HTML; `pdf`: its PDF."""
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    if "notify_customer" not in complaint_allowed_actions(complaint, actor_for(user)):
        raise PermissionDenied
    letter = request.POST.get("notify_customer-letter", "")
    try:
        composed = notify_letter_preview(complaint, letter)
    except ApplicationError as exc:
        problems = messages_of(exc.detail.get("letter")) if isinstance(exc.detail, dict) else []
        failed: dict[str, Any] = {"error": error_message(exc), "problems": problems}
        return render(request, "complaints/includes/letter_preview.html", failed, status=exc.status)
    if fmt == "html":
        return HttpResponse(composed.html, content_type="text/html; charset=utf-8")
    if fmt == "pdf":
        response = HttpResponse(html_to_pdf(composed.html), content_type="application/pdf")
        name = f"{complaint.reference}-{composed.rendered.kind}-preview.pdf"
        response["Content-Disposition"] = content_disposition_header(False, name) or ""
        return response
    context: dict[str, Any] = {
        "complaint": complaint,
        "composed": composed,
        "to": complaint.customer_email,
        "letter": letter,
    }
    return render(request, "complaints/includes/letter_preview.html", context)
