"""Password reset by e-mail (an expiring, single-use link) and password change: Django's views, our pages.

The reset page answers the same whether or not an address belongs to anyone; an address may ask
REDRESS_PASSWORD_RESET_PER_HOUR times an hour (counted in the shared cache).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from redress.accounts.security.addresses import client_address
from redress.accounts.security.limits import rate_limited
from redress.accounts.security.lockout import lockout_clear

_PAGES = "accounts/security/"


class PasswordsInUse:
    """With REDRESS_PASSWORD_LOGIN off (single sign-on only) there is no password to reset or change."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.REDRESS_PASSWORD_LOGIN:
            raise Http404
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PasswordResetView(PasswordsInUse, auth_views.PasswordResetView):
    template_name = _PAGES + "password_reset_form.html"
    email_template_name = _PAGES + "password_reset_email.txt"
    subject_template_name = _PAGES + "password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, Any]:
        return {"site_name": settings.REDRESS_INSTITUTION_NAME}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = settings.REDRESS_PASSWORD_RESET_PER_HOUR
        if rate_limited(scope="password-reset", client=client_address(request.META), limit=limit):
            return render(
                request, _PAGES + "password_reset_form.html", {"form": self.get_form(), "limited": True}, status=429
            )
        return super().post(request, *args, **kwargs)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = _PAGES + "password_reset_done.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "password_reset_minutes": settings.PASSWORD_RESET_TIMEOUT // 60}


class PasswordResetConfirmView(PasswordsInUse, auth_views.PasswordResetConfirmView):
    template_name = _PAGES + "password_reset_confirm.html"
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # The owner proved they hold the mailbox and chose a new password: lift a lockout on the account.
        lockout_clear(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = _PAGES + "password_reset_complete.html"


class PasswordChangeView(PasswordsInUse, auth_views.PasswordChangeView):
    template_name = _PAGES + "password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = _PAGES + "password_change_done.html"
