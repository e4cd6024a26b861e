"""Possible duplicates: the banner on the complaint page, and the two complaints side by side (masked as elsewhere)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redress.access.models import AccessKind
from redress.accounts.models import User
from redress.accounts.presenters import user_of
from redress.complaints.choices import OPEN_STATUSES, Status
from redress.complaints.models import Complaint
from redress.complaints.selectors import complaint_allowed_actions, current_plan, may_see_pii
from redress.complaints.services.access import complaint_access_record
from redress.complaints.services.actor import actor_for
from redress.complaints.views import presenters
from redress.complaints.views.common import complaint_or_404
from redress.intake.selectors import possible_duplicates
from redress.privacy.masking import text_mask

# What the customer was recognised by (the blind indexes), in words.
_MATCHED_ON = {"phone": gettext_lazy("Phone"), "email": gettext_lazy("Email"), "id_number": gettext_lazy("ID number")}


def _matched(keys: list[str]) -> list[str]:
    return [str(_MATCHED_ON[key]) for key in keys if key in _MATCHED_ON]


def banner_rows(complaint: Complaint, *, can_merge: bool) -> list[dict[str, Any]]:
    """The complaint's possible duplicates, each with whether this reader may merge this complaint into it."""
    rows = []
    for found in possible_duplicates(complaint):
        status = found["status"]
        rows.append(
            {
                **found,
                "status_label": Status(status).label if status in Status.values else status,
                "matched_on": _matched(found["matched_on"]),
                "merge": can_merge and status in OPEN_STATUSES,
            }
        )
    return rows


def _side(request: HttpRequest, complaint: Complaint, user: User) -> dict[str, Any]:
    unmasked = may_see_pii(complaint, user)
    complaint_access_record(complaint=complaint, user=user, what=AccessKind.PAGE, revealed=False, reason="")
    allowed = complaint_allowed_actions(complaint, actor_for(user), current_plan(complaint))
    return {
        "complaint": complaint,
        "unmasked": unmasked,
        "customer": presenters.customer_fields(complaint, unmasked=unmasked),
        "text_mask": text_mask(complaint, unmasked=unmasked),
        "department": presenters.department_label(complaint.department),
        "assignee": presenters.person(complaint.assignee) if complaint.assignee_id else "",
        "can_merge": "merge" in allowed,
    }


@never_cache
@login_required
@require_GET
def compare(request: HttpRequest, reference: str, other: str) -> HttpResponse:
    """This complaint and a possible duplicate of it, side by side; merge either into the other (when allowed)."""
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    found = next((d for d in possible_duplicates(complaint) if d["reference"] == other), None)
    if found is None:
        raise Http404("These complaints are not linked as possible duplicates.")
    twin = complaint_or_404(user, other)
    left, right = _side(request, complaint, user), _side(request, twin, user)
    left["merge_into"] = twin.reference if left["can_merge"] and twin.is_open else ""
    right["merge_into"] = complaint.reference if right["can_merge"] and complaint.is_open else ""
    context = {
        "complaint": complaint,
        "twin": twin,
        "sides": [left, right],
        "score": found["score"],
        "matched_on": _matched(found["matched_on"]),
    }
    return render(request, "complaints/compare.html", context)
