"""My queue (/): the complaints a person works on, filtered, newest first, keyset-paginated."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_GET

from redress.accounts.models import Role, User
from redress.complaints.forms import QueueFilterForm
from redress.complaints.models import Complaint
from redress.complaints.selectors import complaint_list
from redress.complaints.views.common import user_of
from redress.complaints.views.presenters import person
from redress.privacy.masking import mask_name


@dataclass(frozen=True)
class QueueRow:
    complaint: Complaint
    customer: str
    assignee: str


def default_filters(user: User) -> dict[str, str]:
    """The first view: a handler's own open work, an approver's plans awaiting approval."""
    if user.role == Role.HANDLER:
        return {"mine": "on"}
    if user.role == Role.APPROVER:
        return {"status": "resolution_proposed"}
    return {}


def _before(request: HttpRequest) -> int | None:
    try:
        before = int(request.GET.get("before", ""))
    except ValueError:
        return None
    return before if before > 0 else None


@login_required
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    data = request.GET.copy()
    if "f" not in data:
        data.update(default_filters(user))
    form = QueueFilterForm(data)
    qs = complaint_list(user=user, filters=form.selector_filters())
    before = _before(request)
    if before is not None:
        qs = qs.filter(id__lt=before)
    size = settings.REDRESS_QUEUE_PAGE_SIZE
    page = list(qs[: size + 1])  # one more than shown tells whether there is a next page, without a COUNT
    has_next = len(page) > size
    page = page[:size]
    rows = [QueueRow(c, mask_name(c.customer_name), person(c.assignee) if c.assignee_id else "") for c in page]

    params = QueryDict(mutable=True)
    for key, value in form.data.items():
        if key != "before" and value:
            params[key] = value
    params["f"] = "1"
    next_params = params.copy()
    if has_next and page:
        next_params["before"] = str(page[-1].pk)
    context = {
        "form": form,
        "rows": rows,
        "next_query": next_params.urlencode() if has_next else "",
        "first_query": params.urlencode() if before is not None else "",
        "paged": before is not None,
    }
    return render(request, "complaints/queue.html", context)
