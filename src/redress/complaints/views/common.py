"""Helpers shared by the staff pages: the signed-in user, scoped look-ups, errors as messages."""

from __future__ import annotations

from django.http import Http404

from redress.accounts.models import User
from redress.complaints.models import Complaint
from redress.complaints.selectors import complaint_get
from redress.complaints.views.labels import ERROR_MESSAGES
from redress.core.errors import ApplicationError, NotFound


def complaint_or_404(user: User, reference: str) -> Complaint:
    """The complaint if this person may see it; a 404 otherwise (never a hint that it exists)."""
    try:
        return complaint_get(user=user, reference=reference)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def error_message(exc: ApplicationError) -> str:
    """A person's words for a refusal: translated by its stable code, else the service's text."""
    if isinstance(exc.detail, str) and exc.code in ("invalid",):
        return exc.detail
    if exc.code in ERROR_MESSAGES:
        return str(ERROR_MESSAGES[exc.code])
    if isinstance(exc.detail, str):
        return exc.detail
    return str(ERROR_MESSAGES["invalid"])
