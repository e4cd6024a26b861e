"""The queue's writes: one action on the ticked complaints (each through `complaint_act`), and saved views."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.presenters import user_of
from redress.complaints.forms import BulkForm, SavedViewEditForm, SavedViewForm
from redress.complaints.services.bulk import complaints_bulk_act
from redress.complaints.services.saved_views import saved_view_create, saved_view_delete, saved_view_update
from redress.complaints.views.common import error_message
from redress.core.errors import ApplicationError


@dataclass(frozen=True)
class Refused:
    reference: str
    url: str
    why: str


def _back(request: HttpRequest, query: str) -> str:
    url = f"{reverse('complaints:queue')}?{query.lstrip('?')}" if query else reverse("complaints:queue")
    return url if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}) else "/"


def refusal_text(exc: ApplicationError) -> str:
    """The refusal in words: the field's message when the payload was refused, else the error's."""
    if isinstance(exc.detail, dict):
        return " ".join(str(m) for messages_ in exc.detail.values() for m in messages_)
    # The service's own words say whose recusal or which state it was; the code's message is the fallback.
    return str(exc.detail) if isinstance(exc.detail, str) and exc.detail else error_message(exc)


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    """Take the chosen action on each ticked complaint; a page lists what was done and what was refused, why."""
    user = user_of(request)
    form = BulkForm(request.POST, user=user)
    back = _back(request, request.POST.get("back", ""))
    if not form.is_valid():
        messages.error(request, _("Choose an action and tick the complaints to act on."))
        return redirect(back)
    try:
        result = complaints_bulk_act(
            user=user, references=form.cleaned_data["ref"], action=form.cleaned_data["action"], payload=form.payload()
        )
    except ApplicationError as exc:
        messages.error(request, refusal_text(exc))
        return redirect(back)
    detail = reverse("complaints:detail", args=["CMP-00000000-000000"]).replace("CMP-00000000-000000", "{}")
    context = {
        "action_label": dict(form.fields["action"].choices).get(form.cleaned_data["action"], ""),  # type: ignore[attr-defined]
        "done": [(ref, detail.format(ref)) for ref in result.done],
        "failed": [Refused(f.reference, detail.format(f.reference), refusal_text(f.error)) for f in result.failed],
        "back": back,
    }
    return render(request, "complaints/bulk_result.html", context, status=200)


@login_required
@require_POST
def save_view(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = SavedViewForm(request.POST)
    query = request.POST.get("query", "")
    if not form.is_valid():
        messages.error(request, _("Give the view a name."))
        return redirect(_back(request, query))
    try:
        view = saved_view_create(
            user=user, name=form.cleaned_data["name"], query=query, shared=form.cleaned_data["shared"]
        )
    except ApplicationError as exc:
        messages.error(request, refusal_text(exc))
        return redirect(_back(request, query))
    messages.success(request, _("View “%(name)s” saved.") % {"name": view.name})
    return redirect(_back(request, view.query))


@login_required
@require_POST
def edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename one's own view, give it the filters and sort shown now (when asked), share it or not (managers)."""
    form = SavedViewEditForm(request.POST)
    back = request.POST.get("back", "")
    if not form.is_valid():
        messages.error(request, _("Give the view a name."))
        return redirect(_back(request, back))
    data = form.cleaned_data
    try:
        view = saved_view_update(
            user=user_of(request),
            pk=pk,
            name=data["name"],
            query=back if data["use_current"] else None,
            shared=data["shared"] if data["sharing_shown"] else None,
        )
    except ApplicationError as exc:
        messages.error(request, refusal_text(exc))
        return redirect(_back(request, back))
    messages.success(request, _("View “%(name)s” changed.") % {"name": view.name})
    return redirect(_back(request, view.query))


@login_required
@require_POST
def delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        saved_view_delete(user=user_of(request), pk=pk)
    except ApplicationError as exc:
        messages.error(request, refusal_text(exc))
    return redirect(_back(request, request.POST.get("back", "")))
