"""The customer's own page of a complaint (after reference + tracking code on /complaints/track/).

Signing in with the reference and the code opens a short session for that one complaint (30 minutes; a
new code closes it). The page shows the progress (status, regulatory deadlines, what the customer wrote)
and the letters, and lets the customer write to us, add a file, withdraw, and withdraw the consent to publishing
what they wrote (given at registration). Each of those is counted per complaint in the shared cache
(`REDRESS_TRACK_ACTIONS_PER_HOUR`, every process sees one count).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_GET, require_POST

from redress.accounts.security.limits import rate_limited
from redress.complaints.choices import OPEN_STATUSES, Status
from redress.complaints.models import Complaint
from redress.complaints.services.consent import narrative_consent_withdraw
from redress.complaints.services.evidence import MAX_BYTES
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.core.errors import ApplicationError, InvalidInput
from redress.correspondence.models import Letter, LetterStatus
from redress.deadlines.models import CUSTOMER_CLOCK_STATES, ClockKind
from redress.deadlines.selectors import complaint_clocks
from redress.intake.conversation import MAX_MESSAGE, customer_file_add, customer_message_add, customer_withdraw
from redress.intake.selectors import customer_messages, tracked_complaint, tracking_secret_hash

SESSION_KEY = "redress_track"
SESSION_SECONDS = 30 * 60
# Letters that reached (or are on their way to) the customer; failed deliveries are staff business.
CUSTOMER_LETTERS = (LetterStatus.SENT, LetterStatus.QUEUED, LetterStatus.LOGGED, LetterStatus.TO_POST)
# The customer may still write to us about a decided complaint (e.g. to ask for a review), not an archived one.
WRITABLE = OPEN_STATUSES | {Status.CUSTOMER_NOTIFIED, Status.CLOSED, Status.REVIEW_REQUESTED}


def tracking_open(request: HttpRequest, complaint: Complaint) -> None:
    """Open the tracking session of this complaint (a new session key: no fixation)."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = {"complaint": complaint.pk, "secret": tracking_secret_hash(complaint)}
    request.session.set_expiry(SESSION_SECONDS)


def _session_complaint(request: HttpRequest) -> Complaint | None:
    entry = request.session.get(SESSION_KEY)
    if not isinstance(entry, dict):
        return None
    return tracked_complaint(complaint_id=entry.get("complaint"), secret_hash=entry.get("secret"))


def case_page(
    request: HttpRequest, complaint: Complaint, *, status: int = 200, errors: dict[str, Any] | None = None
) -> HttpResponse:
    kinds, states = dict(ClockKind.choices), CUSTOMER_CLOCK_STATES  # the customer's words, not the staff's
    deadlines: list[dict[str, Any]] = [
        {"kind": kinds.get(c["kind"], c["kind"]), "due_at": c["due_at"], "state": states.get(c["state"], c["state"])}
        for c in complaint_clocks(complaint)
        if c["regulatory"]
    ]
    letters = Letter.objects.filter(complaint=complaint, status__in=CUSTOMER_LETTERS).only(
        "subject", "body", "created_at", "sent_at"
    )
    return render(
        request,
        "intake/track_result.html",
        {
            "reference": complaint.reference,
            "status": dict(Status.choices).get(complaint.status, complaint.status),
            "received_at": complaint.received_at,
            "deadlines": deadlines,
            "letters": letters,
            "sent": customer_messages(complaint),
            "can_write": complaint.status in WRITABLE,
            "can_upload": complaint.status in OPEN_STATUSES,
            "can_withdraw": complaint.status in OPEN_STATUSES,
            "narrative_consent": complaint.narrative_consent,
            "max_message": MAX_MESSAGE,
            "max_mb": MAX_BYTES // (1024 * 1024),
            "errors": errors or {},
        },
        status=status,
    )


def _expired(request: HttpRequest) -> HttpResponse:
    messages.info(request, _("Your session has ended. Enter the reference and tracking code again."))
    return redirect("intake:track")


def _too_many(request: HttpRequest) -> HttpResponse:
    response = render(request, "intake/too_many.html", status=429)
    response["Retry-After"] = "3600"
    return response


@never_cache
@require_GET
def case(request: HttpRequest) -> HttpResponse:
    complaint = _session_complaint(request)
    if complaint is None:
        return _expired(request)
    return case_page(request, complaint)


def _act(request: HttpRequest, do: Any, done: str) -> HttpResponse:
    complaint = _session_complaint(request)
    if complaint is None:
        return _expired(request)
    if rate_limited(scope="track_act", client=str(complaint.pk), limit=settings.REDRESS_TRACK_ACTIONS_PER_HOUR):
        return _too_many(request)
    try:
        do(complaint)
    except ApplicationError as exc:
        detail = exc.detail if isinstance(exc.detail, dict) else {"form": [str(exc.detail)]}
        complaint.refresh_from_db()
        return case_page(request, complaint, status=exc.status, errors=detail)
    messages.success(request, done)
    return redirect("intake:track_case")


@never_cache
@csrf_protect
@require_POST
def case_message(request: HttpRequest) -> HttpResponse:
    text = request.POST.get("text", "")
    return _act(request, lambda c: customer_message_add(complaint=c, text=text), _("Thank you: we have your message."))


@never_cache
@csrf_protect
@require_POST
def case_file(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    description = request.POST.get("description", "")

    def add(c: Complaint) -> None:
        if upload is None:
            raise InvalidInput({"file": [_("Choose a file to add.")]})
        customer_file_add(complaint=c, upload=upload, description=description)

    return _act(request, add, _("Thank you: we have your file."))


@never_cache
@csrf_protect
@require_POST
def case_withdraw(request: HttpRequest) -> HttpResponse:
    reason = request.POST.get("reason", "")

    def withdraw(c: Complaint) -> None:
        if request.POST.get("confirm") != "yes":
            raise InvalidInput({"confirm": [_("Tick the box to confirm that you withdraw your complaint.")]})
        customer_withdraw(complaint=c, reason=reason)

    return _act(request, withdraw, _("Your complaint is withdrawn. We have stopped handling it."))


@never_cache
@csrf_protect
@require_POST
def case_narrative_consent_withdraw(request: HttpRequest) -> HttpResponse:
    return _act(
        request,
        lambda c: narrative_consent_withdraw(complaint=c, actor=CUSTOMER_ACTOR),
        _("Your consent is withdrawn: what you wrote will not be published."),
    )
