"""The customer's survey page (public, reached by the signed link) and the staff's follow-up list."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from redress.accounts.presenters import user_of
from redress.core.errors import ApplicationError
from redress.surveys import selectors
from redress.surveys.forms import PeriodForm, ReviewForm, SurveyForm
from redress.surveys.models import Survey
from redress.surveys.services import (
    SurveyUnavailable,
    review_offer_open,
    survey_answer,
    survey_check_open,
    survey_from_token,
    survey_request_review,
)

# A polite page for every link that cannot be answered: never an error page.
_UNAVAILABLE_STATUS = {"invalid": 404, "expired": 410, "answered": 200, "closed": 200}


def _language(request: HttpRequest, survey: Survey | None) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen or (survey.complaint.language if survey else translation.get_language() or "zh-hans")


def _page(
    request: HttpRequest, survey: Survey | None, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    with translation.override(_language(request, survey)):
        response = render(request, template, {"survey": survey, **context}, status=status)
        response.headers.setdefault("Cache-Control", "no-store")
        response.headers["Referrer-Policy"] = "same-origin"  # the link is the key: never sent to other sites
        return response


def _unavailable(request: HttpRequest, error: SurveyUnavailable, token: str) -> HttpResponse:
    survey = error.survey
    context: dict[str, Any] = {"reason": error.reason, "token": token}
    if survey is not None and error.reason == "answered":
        context.update(review_open=review_offer_open(survey), review_form=ReviewForm())
    return _page(request, survey, "surveys/unavailable.html", context, _UNAVAILABLE_STATUS[error.reason])


@never_cache
@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = survey_from_token(token)
        survey_check_open(found, timezone.now())
    except SurveyUnavailable as error:
        return _unavailable(request, error, token)
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            answered = survey_answer(
                token=token,
                result=form.cleaned_data["result"],
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except SurveyUnavailable as error:  # answered in another tab a moment ago
            return _unavailable(request, error, token)
        except ApplicationError as error:
            form.add_error(None, str(error.detail))
        else:
            context = {"review_open": review_offer_open(answered), "review_form": ReviewForm(), "token": token}
            return _page(request, answered, "surveys/thanks.html", context)
    status = 400 if request.method == "POST" else 200
    return _page(request, found, "surveys/survey.html", {"form": form, "token": token}, status)


@never_cache
@require_http_methods(["POST"])
def review(request: HttpRequest, token: str) -> HttpResponse:
    try:
        found = survey_from_token(token)
    except SurveyUnavailable as error:
        return _unavailable(request, error, token)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            done = survey_request_review(token=token, reason=form.cleaned_data["reason"])
        except ApplicationError as error:
            return _page(
                request, found, "surveys/unavailable.html", {"reason": "review_closed", "detail": error.detail}
            )
        return _page(request, done, "surveys/review_requested.html", {})
    context = {"review_open": review_offer_open(found), "review_form": form, "token": token}
    return _page(request, found, "surveys/thanks.html", context, 400)


@login_required
def followups(request: HttpRequest) -> HttpResponse:
    """Staff: the follow-up visits to make, and the satisfaction figures of a period."""
    user = user_of(request)
    today = timezone.localdate()
    period = PeriodForm(request.GET or {"start": today - timedelta(days=29), "end": today})
    start, end = (period.cleaned_data["start"], period.cleaned_data["end"]) if period.is_valid() else (today, today)
    mine = request.GET.get("mine") == "1"
    return render(
        request,
        "surveys/followups.html",
        {
            "tasks": selectors.followups_open(user=user, mine=mine)[:200],
            "mine": mine,
            "today": today,
            "period": period,
            "report": selectors.satisfaction_report(user=user, start=start, end=end),
        },
    )
