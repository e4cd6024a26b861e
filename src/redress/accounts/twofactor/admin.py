"""The admin's action on users: reset two-factor sign-in (a lost phone, lost recovery codes)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from redress.accounts.models import User
from redress.accounts.twofactor.services import two_factor_reset


@admin.action(description=gettext_lazy("Reset two-factor sign-in"), permissions=["change"])
def reset_two_factor(modeladmin: Any, request: HttpRequest, queryset: QuerySet[User]) -> None:
    actor: Any = request.user
    people = list(queryset)
    for person in people:
        two_factor_reset(user=person, actor=actor)
    modeladmin.message_user(
        request,
        _("Two-factor sign-in reset for %(count)s people: they set it up again at their next sign-in.")
        % {"count": len(people)},
        messages.SUCCESS,
    )
