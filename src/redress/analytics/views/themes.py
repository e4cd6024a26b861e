"""The themes pages: /analytics/themes/ (a run's themes; a period to run now) and one theme (name it, make it a
root cause). The roles are the dashboard's; a manager with a department sees that department's share."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from redress.accounts.presenters import user_of
from redress.analytics.filters import may_see_analytics
from redress.analytics.themes import selectors, services
from redress.analytics.themes.periods import weekly_period
from redress.core.errors import InvalidInput, NotFound


class RunForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        date = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        # `from` is a Python keyword, so the fields are added here rather than declared.
        self.fields["from"] = forms.DateField(label=_("From"), widget=date)
        self.fields["to"] = forms.DateField(label=_("To"), widget=date)


class NameForm(forms.Form):
    name = forms.CharField(max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].label = _("Name")
        self.fields["name"].help_text = _("Blank: the theme is shown by its words.")


class PromoteForm(forms.Form):
    code = forms.SlugField(max_length=40)
    label_zh_hans = forms.CharField(max_length=120)
    label_zh_hant = forms.CharField(max_length=120, required=False)
    label_en = forms.CharField(max_length=160)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code")
        self.fields["label_zh_hans"].label = _("Label (Simplified Chinese)")
        self.fields["label_zh_hant"].label = _("Label (Traditional Chinese)")
        self.fields["label_en"].label = _("Label (English)")


def _reader(request: HttpRequest) -> Any:
    user = user_of(request)
    if not may_see_analytics(user):
        raise PermissionDenied(_("Only managers, compliance, analysts, auditors and administrators see the themes."))
    return user


def _errors_into(form: forms.Form, exc: InvalidInput) -> None:
    detail = exc.detail if isinstance(exc.detail, dict) else {"__all__": [str(exc.detail)]}
    for field, problems in detail.items():
        for problem in problems if isinstance(problems, list) else [problems]:
            form.add_error(field if field in form.fields else None, str(problem))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def themes_page(request: HttpRequest) -> HttpResponse:
    user = _reader(request)
    may_run = selectors.may_run_themes(user)
    start, end = weekly_period(timezone.localdate())
    form = RunForm(initial={"from": start, "to": end})
    if request.method == "POST":
        if not may_run:
            raise PermissionDenied(_("Only managers, compliance, analysts and administrators run the themes."))
        form = RunForm(request.POST)
        if form.is_valid():
            try:
                made = services.themes_run(start=form.cleaned_data["from"], end=form.cleaned_data["to"], by=user)
            except InvalidInput as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("The themes of the period are ready."))
                return redirect(f"{reverse('analytics:themes')}?run={made.id}")
    given = request.GET.get("run")
    try:
        run = selectors.run_get(given) if given else selectors.latest_run()
    except NotFound:
        raise Http404 from None
    context = {
        "run": run,
        "themes": selectors.themes_of(run, user=user) if run else [],
        "runs": selectors.recent_runs(),
        "form": form,
        "may_run": may_run,
    }
    return render(request, "analytics/themes.html", context)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def theme_page(request: HttpRequest, theme_id: int) -> HttpResponse:
    user = _reader(request)
    try:
        theme = selectors.theme_get(theme_id)
    except NotFound:
        raise Http404 from None
    if not selectors.theme_visible(theme, user):
        raise Http404
    may_name = selectors.may_name_themes(user)
    name_form = NameForm(initial={"name": theme.name})
    promote_form = PromoteForm()
    if request.method == "POST":
        if not may_name:
            raise PermissionDenied(
                _("Only managers, compliance and administrators name themes and make them root causes.")
            )
        action = request.POST.get("action")
        try:
            if action == "name":
                name_form = NameForm(request.POST)
                if name_form.is_valid():
                    services.theme_name(theme=theme, name=name_form.cleaned_data["name"], by=user)
                    messages.success(request, _("The theme's name is saved."))
                    return redirect("analytics:theme", theme_id=theme.id)
            elif action == "promote":
                promote_form = PromoteForm(request.POST)
                if promote_form.is_valid():
                    services.theme_promote(theme=theme, by=user, **promote_form.cleaned_data)
                    messages.success(request, _("The theme is now a root cause."))
                    return redirect("analytics:theme", theme_id=theme.id)
        except InvalidInput as exc:
            _errors_into(name_form if action == "name" else promote_form, exc)
    context = {
        "theme": theme,
        "view": selectors.theme_view(theme, user=user),
        "run": theme.run,
        "may_name": may_name,
        "name_form": name_form,
        "promote_form": promote_form,
    }
    return render(request, "analytics/theme.html", context)
