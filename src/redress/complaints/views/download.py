"""Evidence files, streamed to the people who may see their complaint."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from redress.complaints.models import Evidence
from redress.complaints.views.common import complaint_or_404, user_of


@login_required
@require_GET
def evidence_file(request: HttpRequest, reference: str, evidence_id: str) -> FileResponse:
    """The stored file as an attachment under its original name; 404 for anyone who may not see the complaint."""
    complaint = complaint_or_404(user_of(request), reference)
    evidence = Evidence.objects.filter(complaint=complaint, pk=int(evidence_id)).first()
    if evidence is None or not evidence.file:
        raise Http404("No such file.")
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("The stored file is missing.") from exc
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    # Personal data: never kept by a shared cache or the browser's disk cache.
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
