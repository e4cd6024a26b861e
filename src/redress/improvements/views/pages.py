"""Staff pages: the list of improvement actions (filters, CSV), a suggestion, one action with its forms."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from redress.accounts.presenters import user_of
from redress.core.errors import ApplicationError, NotFound
from redress.improvements import selectors, services
from redress.improvements.choices import CODE_KINDS, Status
from redress.improvements.effect import action_effect
from redress.improvements.export import actions_csv
from redress.improvements.presenters import effect_explanation
from redress.improvements.sources import SourceSpec, preview_source, source_from_query, source_rows
from redress.improvements.views.forms import CommentForm, ListFilterForm, SuggestionForm, TransitionForm

# What each target's form asks for, and its button.
_FORM_FIELDS = {
    Status.APPROVED: ("owner", "due_on", "note"),
    Status.REJECTED: ("reason",),
    Status.IN_PROGRESS: ("owner", "due_on", "note"),
    Status.DONE: ("went_live_on", "note"),
    Status.VERIFIED: ("note",),
}


def _error_text(exc: ApplicationError) -> str:
    if isinstance(exc.detail, dict):
        return " ".join(str(m) for messages_ in exc.detail.values() for m in messages_)
    return str(exc.detail)


def _action_or_404(request: HttpRequest, pk: int) -> Any:
    try:
        return selectors.action_get(user=user_of(request), pk=pk)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


@login_required
def improvements(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = ListFilterForm(request.GET or None)
    filters = selectors.ListFilters()
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        filters = selectors.ListFilters(
            status=d["status"], owner=d["owner"], department=d["department"], overdue=d["overdue"]
        )
    actions = selectors.action_list(user=user, filters=filters)
    if request.GET.get("format") == "csv":
        return actions_csv(actions)
    query = request.GET.copy()
    query["format"] = "csv"
    return render(
        request,
        "improvements/list.html",
        {"form": form, "rows": [selectors.action_summary(a) for a in actions[:300]], "csv_query": query.urlencode()},
    )


@login_required
def improvement_new(request: HttpRequest) -> HttpResponse:
    """Any member of staff files a suggestion; `?source=…&ref=…` names what it comes from."""
    user = user_of(request)
    params = request.POST if request.method == "POST" else request.GET
    kind, ref = str(params.get("source") or ""), str(params.get("ref") or "")
    source: SourceSpec | None = None
    if kind or ref:
        try:
            source = source_from_query(user=user, kind=kind, ref=ref)
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
            kind = ref = ""
    initial: dict[str, Any] = {"source": kind, "ref": ref}
    if source is not None:
        initial.update({k: v for k, v in source.codes.items()})
    form = SuggestionForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            action = services.improvement_suggest(
                user=user,
                title=d["title"],
                description=d["description"],
                department_id=selectors.department_id_of(d["department"]),
                codes={k: list(d[k]) for k in CODE_KINDS},
                sources=[source] if source else [],
            )
        except ApplicationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("Your suggestion is filed: a manager or compliance officer will decide on it."))
            return redirect("improvements:detail", pk=action.pk)
    preview = source_rows([preview_source(source)]) if source else []
    return render(request, "improvements/new.html", {"form": form, "source": preview[0] if preview else None})


@login_required
def improvement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    action = _action_or_404(request, pk)
    detail = selectors.action_detail(action, user)
    owners = selectors.owner_choices(action)
    forms_ = [
        {
            "to": to,
            "label": selectors.status_label(to),
            "fields": ("owner", "due_on", "note") if to == action.status else _FORM_FIELDS[Status(to)],
            "form": TransitionForm(
                initial={"owner": action.owner_id, "due_on": action.due_on}, owners=owners, prefix=f"t-{to}"
            ),
            "reassign": to == action.status,
        }
        for to in detail["allowed_transitions"]
    ]
    found = action_effect(action, selectors.code_filter(action))
    return render(
        request,
        "improvements/detail.html",
        {
            "action": action,
            "detail": detail,
            "transition_forms": forms_,
            "comment_form": CommentForm(),
            "effect": found,
            "effect_text": effect_explanation(found),
            "per_100": {side: f"{found['effect'][f'rate_{side}'] * 100:.1f}" for side in ("before", "after")}
            if found["effect"]
            else {},
        },
    )


@login_required
@require_POST
def improvement_transition(request: HttpRequest, pk: int) -> HttpResponse:
    user = user_of(request)
    to = str(request.POST.get("to") or "")
    if to not in Status.values:
        messages.error(request, _("Not a status of an improvement action."))
        return redirect("improvements:detail", pk=pk)
    form = TransitionForm(request.POST, owners=selectors.owner_choices(), prefix=f"t-{to}")
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("improvements:detail", pk=pk)
    d = form.cleaned_data
    try:
        services.improvement_transition(
            action_id=pk,
            user=user,
            to=to,
            owner_id=d["owner"],
            due_on=d["due_on"],
            reason=d["reason"],
            went_live_on=d["went_live_on"],
            note=d["note"],
        )
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except ApplicationError as exc:
        messages.error(request, _error_text(exc))
        return redirect("improvements:detail", pk=pk)
    messages.success(request, _("The action is now: %(status)s.") % {"status": selectors.status_label(to)})
    return redirect("improvements:detail", pk=pk)


@login_required
@require_POST
def improvement_comment(request: HttpRequest, pk: int) -> HttpResponse:
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the comment."))
        return redirect("improvements:detail", pk=pk)
    try:
        services.improvement_comment(action_id=pk, user=user_of(request), note=form.cleaned_data["note"])
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    return redirect("improvements:detail", pk=pk)
