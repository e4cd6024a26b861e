"""/complaints/awaiting-approval/: the plans the signed-in person may approve now, oldest proposal first."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from redress.accounts.models import Department
from redress.accounts.presenters import department_label, user_of
from redress.complaints.approvals import approving_roles, awaiting_approval


@never_cache
@login_required
@require_GET
def awaiting(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    plans = awaiting_approval(user)
    departments = {d.pk: d for d in Department.objects.filter(pk__in={p.department_id for p in plans})}
    rows = [(plan, department_label(departments.get(plan.department_id or 0))) for plan in plans]
    context = {"rows": rows, "approves": user.role in approving_roles()}
    return render(request, "complaints/awaiting.html", context)
