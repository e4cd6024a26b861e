"""The complaint page: the registration, plan, timeline, letters, and the actions allowed now."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from redress.access.models import AccessKind
from redress.accounts.models import User
from redress.accounts.presenters import user_of
from redress.complaints import extensions
from redress.complaints.actions import Place, spec_for
from redress.complaints.choices import Jurisdiction, Language
from redress.complaints.forms import (
    ActionForm,
    EvidenceForm,
    RevealForm,
    action_form,
    has_action_form,
)
from redress.complaints.models import Complaint
from redress.complaints.selectors import (
    complaint_after_action,
    complaint_allowed_actions,
    complaint_events,
    current_plan,
    may_see_pii,
)
from redress.complaints.services.access import complaint_access_record
from redress.complaints.services.actions import complaint_act
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.complaints.views import due, duplicates, presenters
from redress.complaints.views.common import complaint_or_404, error_message
from redress.complaints.views.sections import page_sections, primary_actions
from redress.core.errors import ApplicationError, NotFound
from redress.deadlines.models import ClockKind
from redress.deadlines.selectors import complaint_clocks
from redress.deadlines.services import next_extension
from redress.privacy.masking import text_mask

# The actions of the actions column (the others have a form of their own, sit next to what they act
# on, or are the API's only: the ZIP of `export` is a download a page form would not hand over).
_COLUMN = (Place.COLUMN, Place.NOTES)


def _detail_context(
    request: HttpRequest,
    complaint: Complaint,
    user: User,
    *,
    revealed: bool = False,
    reveal_reason: str = "",
    failed: ActionForm | None = None,
    reveal_form: RevealForm | None = None,
    evidence_form: EvidenceForm | None = None,
) -> dict[str, Any]:
    plan = current_plan(complaint)
    allowed = complaint_allowed_actions(complaint, actor_for(user), plan)
    unmasked = revealed or may_see_pii(complaint, user)
    # Every render of this page shows what `unmasked` says (an error answer too): one record each.
    complaint_access_record(
        complaint=complaint, user=user, what=AccessKind.PAGE, revealed=revealed, reason=reveal_reason
    )
    action_forms = []
    column = [spec for spec in map(spec_for, allowed) if spec.place in _COLUMN and has_action_form(spec.name)]
    # The header's one or two next steps: their forms go wide in the main column, the rest stay at the side.
    primary = primary_actions([spec.name for spec in column], complaint.status)
    # Moving the complaint on first, then the notes, then what ends it.
    for spec in sorted(column, key=lambda spec: (spec.dangerous, spec.place == Place.NOTES)):
        name = spec.name
        form = failed if failed is not None and failed.action == name else action_form(name, complaint)
        action_forms.append(
            {
                "name": name,
                "label": spec.label,
                "help": _extension_help(complaint) if name == "extend_deadline" else spec.help,
                "form": form,
                "dangerous": spec.dangerous,
                "open": form.is_bound,
                "primary": name in primary,
            }
        )
    action_forms.sort(key=lambda a: primary.index(str(a["name"])) if a["primary"] else len(primary))
    panels = list(extensions.page_panels)
    clocks = complaint_clocks(complaint)
    # The time zone of the policy, for counting the days of the next deadline as the panel does.
    zone = next((str(c["timezone"]) for c in clocks if c["due_at"] == complaint.next_due_at), "")
    context = {
        "complaint": complaint,
        "clocks": due.clock_rows(clocks),
        "next_due": due.due_of(complaint.next_due_at, policy_timezone=zone) if complaint.is_open else None,
        # Where the language switcher returns to (the action URLs answer POST only).
        "page_url": reverse("complaints:detail", kwargs={"reference": complaint.reference}),
        "jurisdiction_label": presenters.choice_label(Jurisdiction, complaint.jurisdiction),
        "language_label": presenters.choice_label(Language, complaint.language),
        "registered_by": presenters.person(complaint.registered_by) if complaint.registered_by_id else "",
        "assignee": presenters.person(complaint.assignee) if complaint.assignee_id else "",
        "named_staff": presenters.person(complaint.named_staff) if complaint.named_staff_id else "",
        "department": presenters.department_label(complaint.department),
        "customer": presenters.customer_fields(complaint, unmasked=unmasked),
        "unmasked": unmasked,
        "revealed": revealed,
        "plan": plan,
        "plan_items": list(plan.items.all()) if plan else [],
        "plan_approvals": list(plan.approvals.all()) if plan else [],
        # The complaint's free text (description, notes, messages, plan, file names) for this reader.
        "text_mask": (mask := text_mask(complaint, unmasked=unmasked)),
        "timeline": presenters.timeline(complaint_events(complaint=complaint), mask),
        # Sections the apps above complaints add (surveys: the customer's answer and the follow-up).
        "panels": [panel.template for panel in panels],
        "sections": page_sections(complaint.status, allowed, [panel.template for panel in panels]),
        "now": timezone.now(),
        "letters": (letters := presenters.letters(complaint, unmasked=unmasked)),
        "letters_failed": sum(lv.letter.status == "failed" for lv in letters),
        "letters_pending": sum(lv.letter.status == "queued" for lv in letters),
        "can_retry_letter": "retry_letter" in allowed,
        "evidence": list(complaint.evidence.select_related("uploaded_by")),
        "action_forms": action_forms,
        "primary_forms": [a for a in action_forms if a["primary"]],
        "side_forms": [a for a in action_forms if not a["primary"]],
        "allowed": allowed,
        "can_reveal": "reveal_pii" in allowed and not unmasked,
        "can_export": "export" in allowed,
        "reveal_form": reveal_form or RevealForm(),
        "can_add_evidence": "add_evidence" in allowed,
        "evidence_form": evidence_form or EvidenceForm(),
        # Possible duplicates of the same customer (the banner): compare side by side, merge.
        "duplicates": duplicates.banner_rows(complaint, can_merge="merge" in allowed),
    }
    for panel in panels:
        context.update(panel.context(complaint))
    return context


def _extension_help(complaint: Complaint) -> str:
    """What pressing "extend" would do: which deadline, to what length, on whose authority."""
    found = next_extension(complaint)
    if found is None:
        return str(spec_for("extend_deadline").help)
    clock, step = found
    words = {
        "clock": presenters.choice_label(ClockKind, clock.kind),
        "length": due.length_text(f"{step.total_amount} {clock.unit}"),
        "role": presenters.role_label(step.approver_role),
    }
    if step.notify_customer:
        return (
            _(
                "Next step of the policy: %(clock)s extended to %(length)s in total, approved by %(role)s. "
                "The customer is sent a notice with your reason."
            )
            % words
        )
    return _("Next step of the policy: %(clock)s extended to %(length)s in total, approved by %(role)s.") % words


def _render(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    return render(request, "complaints/detail.html", context, status=status)


@never_cache
@login_required
@require_GET
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    return _render(request, _detail_context(request, complaint, user))


@never_cache
@login_required
@require_POST
def act(request: HttpRequest, reference: str, action: str) -> HttpResponse:
    """Take one action: the form's fields become the payload of `complaint_act` (PRG on success)."""
    user = user_of(request)
    if not has_action_form(action):
        raise Http404("No such action.")
    complaint = complaint_or_404(user, reference)
    form = action_form(action, complaint, data=request.POST)
    if not form.is_valid():  # the fields only convert, so this is rare (e.g. a tampered choice)
        messages.error(request, error_message(ApplicationError("invalid")))
        return _render(request, _detail_context(request, complaint, user, failed=form), status=400)
    try:
        complaint_act(
            reference=complaint.reference,
            action=action,
            actor=actor_for(user),
            payload=form.to_payload(),
            user=user,
        )
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except ApplicationError as exc:
        if isinstance(exc.detail, dict):
            form.apply_errors(exc.detail)
        messages.error(request, error_message(exc))
        complaint = complaint_or_404(user, reference)
        return _render(request, _detail_context(request, complaint, user, failed=form), status=exc.status)
    messages.success(request, _("“%(action)s” was recorded.") % {"action": spec_for(action).label})
    # The action may take the complaint out of their view (an approver's decision on another department's plan).
    if not complaint_after_action(complaint, user)[1]:
        return redirect("complaints:queue")
    return redirect("complaints:detail", reference=complaint.reference)


@never_cache
@login_required
@require_POST
def reveal(request: HttpRequest, reference: str) -> HttpResponse:
    """Show the customer's data unmasked in this response only, after recording why (reveal_pii)."""
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    form = RevealForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for revealing the personal data."))
        return _render(request, _detail_context(request, complaint, user, reveal_form=form), status=400)
    try:
        complaint_act(
            reference=complaint.reference,
            action="reveal_pii",
            actor=actor_for(user),
            payload={"reason": form.cleaned_data["reason"]},
            user=user,
        )
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except ApplicationError as exc:
        messages.error(request, error_message(exc))
        return _render(request, _detail_context(request, complaint, user, reveal_form=form), status=exc.status)
    complaint = complaint_or_404(user, reference)
    messages.info(request, _("Personal data revealed for this page only; the reveal is on the timeline."))
    response = _render(
        request, _detail_context(request, complaint, user, revealed=True, reveal_reason=form.cleaned_data["reason"])
    )
    response["Cache-Control"] = "no-store"
    return response


@never_cache
@login_required
@require_POST
def evidence(request: HttpRequest, reference: str) -> HttpResponse:
    user = user_of(request)
    complaint = complaint_or_404(user, reference)
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to upload."))
        return _render(request, _detail_context(request, complaint, user, evidence_form=form), status=400)
    try:
        added = evidence_add(
            reference=complaint.reference,
            upload=form.cleaned_data["file"],
            actor=actor_for(user),
            user=user,
            description=form.cleaned_data.get("description") or "",
        )
    except NotFound as exc:
        raise Http404(str(exc)) from exc
    except ApplicationError as exc:
        if isinstance(exc.detail, dict):
            for key, value in exc.detail.items():
                form.add_error(
                    key if key in form.fields else None,
                    [str(m) for m in value] if isinstance(value, list) else str(value),
                )
        messages.error(request, error_message(exc))
        return _render(
            request,
            _detail_context(request, complaint, user, evidence_form=form),
            status=exc.status,
        )
    messages.success(request, _("The file “%(name)s” was added.") % {"name": added.original_name})
    return redirect("complaints:detail", reference=complaint.reference)
