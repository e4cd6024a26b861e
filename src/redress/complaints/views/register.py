"""New complaint (/complaints/new/staff/): phone intake by intake agents and managers (登记)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from redress.accounts.models import Role, User
from redress.accounts.presenters import user_of
from redress.complaints.forms import RegisterForm
from redress.complaints.services.actor import actor_for
from redress.complaints.services.registration import (
    CustomerDetails,
    Registration,
    complaint_register_detailed,
)
from redress.complaints.views.common import error_message
from redress.core.errors import ApplicationError

REGISTERING_ROLES = frozenset({Role.INTAKE_AGENT, Role.MANAGER})


def may_register(user: User) -> bool:
    return user.role in REGISTERING_ROLES


def registration_of(form: RegisterForm) -> Registration:
    d = form.cleaned_data
    return Registration(
        channel=d["channel"],
        customer=CustomerDetails(
            name=d["customer_name"],
            id_number=d["customer_id_number"],
            phone=d["customer_phone"],
            email=d["customer_email"],
            address=d["customer_address"],
        ),
        description=d["description"],
        desired_outcome=d["desired_outcome"],
        product=d["product"],
        forwarded_by_regulator=bool(d.get("forwarded_by_regulator")),
        received_at=d["received_at"],
        jurisdiction=d["jurisdiction"],
        language=d["language"],
        named_staff=form.named_staff_user,
        named_staff_text=d["named_staff_text"],
        call_recording_ref=d["call_recording_ref"],
        narrative_consent=bool(d.get("narrative_consent")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    if not may_register(user):
        raise PermissionDenied(_("Your role may not register complaints."))
    if request.method != "POST":
        return render(request, "complaints/new.html", {"form": RegisterForm()})
    form = RegisterForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            done = complaint_register_detailed(
                registration=registration_of(form),
                actor=actor_for(user),
                registered_by=user,
                idempotency_key=form.cleaned_data.get("idempotency_key") or None,
            )
            complaint, created = done.complaint, done.created
        except ApplicationError as exc:
            form.apply_errors(exc.detail)
            messages.error(request, error_message(exc))
            status = exc.status
        else:
            if created:
                messages.success(
                    request,
                    _("Complaint %(reference)s registered.") % {"reference": complaint.reference},
                )
                if done.shown.get("tracking_code"):
                    # Shown once, on the next page only: the customer's key to their own page.
                    messages.warning(
                        request,
                        _(
                            "Tracking code: %(code)s. Read it out to the customer now, with the reference: "
                            "it is shown only once and cannot be shown again."
                        )
                        % {"code": done.shown["tracking_code"]},
                        extra_tags="tracking-code",
                    )
            else:
                messages.info(
                    request,
                    _("This complaint was already registered as %(reference)s.") % {"reference": complaint.reference},
                )
            return redirect("complaints:detail", reference=complaint.reference)
    else:
        messages.error(request, _("Please correct the errors below."))
    return render(request, "complaints/new.html", {"form": form}, status=status)
