"""Absence: a person sets the days they are away (routing gives them no new complaint then); a manager sets
their department's."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from redress.accounts.models import Role, User
from redress.accounts.presenters import user_of
from redress.accounts.services import away_set, may_set_away
from redress.core.errors import ApplicationError, InvalidInput


class AwayForm(forms.Form):
    away_from = forms.DateField(
        label=gettext_lazy("Away from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    away_until = forms.DateField(
        label=gettext_lazy("Away until (the last day)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Leave both empty when you are not away."),
    )


def _team(by: User) -> list[User]:
    """The people whose absence this manager sets (their department's handlers and managers)."""
    if by.role not in (Role.MANAGER, Role.ADMIN):
        return []
    people = User.objects.filter(is_active=True, role__in=[Role.HANDLER, Role.MANAGER]).exclude(pk=by.pk)
    if by.role == Role.MANAGER and by.department_id is not None:
        people = people.filter(department_id=by.department_id)
    return list(people.order_by("username"))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def away(request: HttpRequest, username: str | None = None) -> HttpResponse:
    by = user_of(request)
    person = by if username is None else User.objects.filter(username=username, is_active=True).first()
    if person is None or not may_set_away(user=person, by=by):
        raise Http404(_("No such person whose absence you may set."))
    status = 200
    if request.method == "POST":
        form = AwayForm(request.POST)
        if form.is_valid():
            try:
                away_set(
                    user=person,
                    by=by,
                    away_from=form.cleaned_data["away_from"],
                    away_until=form.cleaned_data["away_until"],
                )
            except InvalidInput as exc:
                for field, errors in (exc.detail if isinstance(exc.detail, dict) else {}).items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
                status = 400
            except ApplicationError as exc:
                raise Http404(str(exc.detail)) from exc
            else:
                messages.success(request, _("The absence was saved."))
                return redirect(request.path)
        else:
            status = 400
    else:
        form = AwayForm(initial={"away_from": person.away_from, "away_until": person.away_until})
    today = timezone.localdate()
    context = {
        "form": form,
        "person": person,
        "own": person.pk == by.pk,
        "away_now": person.is_away(today),
        "team": [{"user": u, "away_now": u.is_away(today)} for u in _team(by)] if person.pk == by.pk else [],
    }
    return render(request, "accounts/away.html", context, status=status)
