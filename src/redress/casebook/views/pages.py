"""The case library's pages: the library and its search, a case, marking one, guides, the training records."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from redress.accounts.presenters import person, user_of
from redress.casebook import selectors, services
from redress.casebook.forms import CaseSearchForm, GuideFilterForm, LessonForm, MarkForm, TrainingForm
from redress.casebook.markdown import markdown_html
from redress.casebook.presenters import training_csv
from redress.core.errors import ApplicationError, Forbidden, NotFound

PAGE_SIZE = 50


def _case_or_404(case_id: int) -> Any:
    try:
        return selectors.case_get(case_id=case_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _guide_or_404(guide_id: int) -> Any:
    try:
        return selectors.guide_get(guide_id=guide_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc


def _message(exc: ApplicationError) -> str:
    if isinstance(exc.detail, dict):
        return " ".join(str(m) for errors in exc.detail.values() for m in errors)
    return str(exc.detail)


@login_required
@require_GET
def library(request: HttpRequest) -> HttpResponse:
    form = CaseSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    page = Paginator(selectors.case_list(filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "cases": page.object_list,
        "page": page,
        "query": query.urlencode(),
        "searched": any(filters.values()),
    }
    return render(request, "casebook/library.html", context)


@login_required
@require_GET
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = user_of(request)
    case = _case_or_404(case_id)
    marker = selectors.may_mark(user)
    return render(
        request,
        "casebook/case.html",
        {
            "case": case,
            "origin": selectors.case_origin(case) if selectors.may_see_origin(user) else "",
            "marked_by": person(case.marked_by),
            "may_mark": marker,
            "lesson_form": LessonForm(initial={"lesson": case.lesson, "required_for_year": case.required_for_year})
            if marker
            else None,
            "changes": selectors.case_changes(case) if marker else [],
            "read": selectors.has_read(user=user, year=timezone.localdate().year, case=case),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def case_new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not selectors.may_mark(user):
        raise PermissionDenied
    form = MarkForm(request.POST or None, initial={"complaint": request.GET.get("complaint", "")})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_mark(
                user=user,
                reference=form.cleaned_data["complaint"],
                lesson=form.cleaned_data["lesson"],
                required_for_year=form.cleaned_data["required_for_year"],
            )
        except ApplicationError as exc:
            form.add_error(None, _message(exc))
        else:
            messages.success(request, _("The complaint is now a teaching case."))
            return redirect("casebook:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "casebook/case_new.html", {"form": form}, status=status)


@login_required
@require_POST
def case_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    user = user_of(request)
    if not selectors.may_mark(user):
        raise PermissionDenied
    form = LessonForm(request.POST)
    if form.is_valid():
        try:
            services.case_update(
                user=user,
                case_id=case_id,
                lesson=form.cleaned_data["lesson"],
                required_for_year=form.cleaned_data["required_for_year"],
            )
        except NotFound as exc:
            raise Http404(str(exc)) from exc
        except ApplicationError as exc:
            messages.error(request, _message(exc))
        else:
            messages.success(request, _("Lesson saved."))
    else:
        messages.error(request, _("The lesson was not saved: write it, and give the year as four digits."))
    return redirect("casebook:case", case_id=case_id)


@login_required
@require_POST
def case_unmark(request: HttpRequest, case_id: int) -> HttpResponse:
    user = user_of(request)
    if not selectors.may_mark(user):
        raise PermissionDenied
    try:
        services.case_unmark(user=user, case_id=case_id)
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    messages.success(request, _("The case has left the library."))
    return redirect("casebook:library")


@login_required
@require_POST
def case_confirm(request: HttpRequest, case_id: int) -> HttpResponse:
    services.reading_confirm(user=user_of(request), case=_case_or_404(case_id))
    messages.success(request, _("Thank you: your reading is recorded."))
    return redirect("casebook:case", case_id=case_id)


@login_required
@require_GET
def guides(request: HttpRequest) -> HttpResponse:
    situation = request.GET.get("situation", "")
    form = GuideFilterForm(request.GET or None)
    business = form.cleaned_data["business"] if form.is_valid() else ""
    return render(
        request,
        "casebook/guides.html",
        {
            "guides": list(selectors.guide_list(filters={"situation": situation, "business": business})),
            "situations": selectors.situations(),
            "situation": situation,
            "form": form,
        },
    )


@login_required
@require_GET
def guide_detail(request: HttpRequest, guide_id: int) -> HttpResponse:
    user = user_of(request)
    guide = _guide_or_404(guide_id)
    return render(
        request,
        "casebook/guide.html",
        {
            "guide": guide,
            "body_html": markdown_html(guide.body),
            "read": selectors.has_read(user=user, year=timezone.localdate().year, guide=guide),
        },
    )


@login_required
@require_POST
def guide_confirm(request: HttpRequest, guide_id: int) -> HttpResponse:
    services.reading_confirm(user=user_of(request), guide=_guide_or_404(guide_id))
    messages.success(request, _("Thank you: your reading is recorded."))
    return redirect("casebook:guide", guide_id=guide_id)


@login_required
@require_GET
def training(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not selectors.may_see_training(user):
        raise PermissionDenied
    form = TrainingForm(request.GET or None)
    year = form.year_or_this()
    department = form.cleaned_data.get("department", "") if form.is_valid() else ""
    try:
        report = selectors.training_report(user=user, year=year, department=department)
    except Forbidden as exc:
        raise PermissionDenied(str(exc.detail)) from exc
    except ApplicationError:
        report = []
    if request.GET.get("format") == "csv":
        response = HttpResponse(training_csv(report), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="training-{year}.csv"'
        return response
    context = {
        "form": form,
        "year": year,
        "report": report,
        "required": selectors.required_reading(year),
        "csv_query": request.GET.urlencode(),
    }
    return render(request, "casebook/training.html", context)
