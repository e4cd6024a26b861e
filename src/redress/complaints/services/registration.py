"""Registering a complaint (登记): one service every channel calls."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.audit.services import event_append
from redress.codes import selectors as codes
from redress.complaints import extensions
from redress.complaints.models import Complaint
from redress.complaints.services.reference import next_reference
from redress.complaints.services.routing import complaint_route
from redress.complaints.workflow import Actor
from redress.core.errors import Conflict, InvalidInput
from redress.core.metrics import REGISTRATIONS
from redress.core.rows import insert
from redress.correspondence.models import Letter
from redress.correspondence.services import letter_issue
from redress.deadlines.models import Clock
from redress.deadlines.services import clocks_plan, clocks_save_new, local_due_date
from redress.privacy.blind_index import blind_index
from redress.triage.models import TriageSuggestion
from redress.triage.services import assessed_text, suggestion_assess, suggestion_create


@dataclass(frozen=True)
class CustomerDetails:
    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""


@dataclass(frozen=True)
class Registration:
    channel: str
    customer: CustomerDetails
    description: str
    desired_outcome: str = ""
    product: str = ""  # codes (`redress.codes`): a code or any of its labels; unknown ones are refused
    business: str = ""
    reason: str = ""
    forwarded_by_regulator: bool = False
    received_at: datetime | None = None
    jurisdiction: str = ""
    language: str = ""
    named_staff: User | None = None
    named_staff_text: str = ""
    call_recording_ref: str = ""
    narrative_consent: bool = False  # the customer allows their narrative, scrubbed, in published statistics
    extra: dict[str, object] = field(default_factory=dict)  # for the registration event

    def fingerprint(self) -> str:
        # As asdict(self), without deep-copying the named staff member's User row only to drop it.
        body = {f.name: getattr(self, f.name) for f in fields(self)}
        body["customer"] = asdict(self.customer)
        body["named_staff"] = self.named_staff.pk if self.named_staff else None
        if not self.narrative_consent:  # as before the field existed: fingerprints stored then still match
            del body["narrative_consent"]
        return hashlib.sha256(json.dumps(body, sort_keys=True, default=str).encode()).hexdigest()


@dataclass(frozen=True)
class Registered:
    """What a registration produced. `clocks`, `suggestion` and `letters` are filled only when it `created` it,
    so that a caller answering with the new complaint need not read back what was just written."""

    complaint: Complaint
    created: bool
    clocks: tuple[Clock, ...] = ()
    suggestion: TriageSuggestion | None = None
    letters: tuple[Letter, ...] = ()
    # What the `on_register` hooks give the caller to show once (intake: the tracking code); never stored.
    shown: dict[str, object] = field(default_factory=dict)


def complaint_register(
    *, registration: Registration, actor: Actor, registered_by: User | None = None, idempotency_key: str | None = None
) -> tuple[Complaint, bool]:
    """Register a complaint. Returns (complaint, created); a repeated Idempotency-Key returns the first."""
    done = complaint_register_detailed(
        registration=registration, actor=actor, registered_by=registered_by, idempotency_key=idempotency_key
    )
    return done.complaint, done.created


def complaint_register_detailed(
    *, registration: Registration, actor: Actor, registered_by: User | None = None, idempotency_key: str | None = None
) -> Registered:
    """`complaint_register`, with the clocks and the triage suggestion it wrote.

    A repeated Idempotency-Key is caught by the unique constraint on (registered_by, key): the INSERT fails,
    the transaction rolls back and the first complaint is answered. That costs nothing on the common path
    (a new key). Without a registering user (the intake channels) no constraint applies, as NULLs are
    distinct, so the key is looked up first.
    """
    fingerprint = registration.fingerprint()
    if idempotency_key and registered_by is None:
        existing = _by_key(registered_by, idempotency_key, fingerprint)
        if existing is not None:
            return Registered(existing, False)
    try:
        with transaction.atomic():
            return _create(registration, actor, registered_by, idempotency_key, fingerprint)
    except IntegrityError:
        # The key was used before, or another request with it won the race: answer with its complaint.
        if idempotency_key:
            existing = _by_key(registered_by, idempotency_key, fingerprint)
            if existing is not None:
                return Registered(existing, False)
        raise


def _by_key(user: User | None, key: str, fingerprint: str) -> Complaint | None:
    existing = Complaint.objects.filter(registered_by=user, idempotency_key=key).first()
    if existing is not None and existing.request_fingerprint != fingerprint:
        raise Conflict(_("This Idempotency-Key was used for a different request."), code="idempotency_key_reused")
    return existing


def complaint_row(
    registration: Registration,
    *,
    received_at: datetime,
    registered_at: datetime,
    jurisdiction: str,
    next_due_at: datetime | None = None,
    registered_by: User | None = None,
    idempotency_key: str | None = None,
    fingerprint: str = "",
    urgent: bool = False,
    flags: list[str] | None = None,
) -> Complaint:
    """The new complaint's row, not yet written: its reference drawn, the customer's data with blind indexes."""
    c = registration.customer
    return Complaint(
        reference=next_reference(),
        channel=registration.channel,
        jurisdiction=jurisdiction,
        next_due_at=next_due_at,
        language=registration.language or settings.LANGUAGE_CODE,
        received_at=received_at,
        registered_at=registered_at,
        registered_by=registered_by,
        customer_name=c.name,
        customer_id_number=c.id_number,
        customer_phone=c.phone,
        customer_email=c.email,
        customer_address=c.address,
        phone_index=blind_index("phone", c.phone),
        email_index=blind_index("email", c.email),
        id_number_index=blind_index("id_number", c.id_number),
        description=registration.description,
        desired_outcome=registration.desired_outcome,
        product=codes.resolve("product", registration.product),
        business=codes.resolve("business", registration.business),
        reason=codes.resolve("reason", registration.reason),
        forwarded_by_regulator=registration.forwarded_by_regulator,
        named_staff=registration.named_staff,
        named_staff_text=registration.named_staff_text,
        call_recording_ref=registration.call_recording_ref,
        narrative_consent=registration.narrative_consent,
        idempotency_key=idempotency_key or None,
        request_fingerprint=fingerprint,
        urgent=urgent,
        flags=list(flags or []),
    )


def _create(
    registration: Registration, actor: Actor, registered_by: User | None, key: str | None, fingerprint: str
) -> Registered:
    now = timezone.now()
    received_at = registration.received_at or now
    if timezone.is_naive(received_at):
        received_at = timezone.make_aware(received_at)
    if received_at > now + settings.REDRESS_CLOCK_SKEW:
        raise InvalidInput({"received_at": [_("The time received cannot be in the future.")]})
    earliest = settings.REDRESS_EARLIEST_DATE
    if timezone.localdate(received_at) < earliest:
        message = _("The time received cannot be before %(day)s.") % {"day": earliest.isoformat()}
        raise InvalidInput({"received_at": [message]})
    jurisdiction = registration.jurisdiction or settings.REDRESS_DEFAULT_JURISDICTION
    # The acknowledgement is issued in this transaction, so its clock is met at registration.
    clocks, next_due = clocks_plan(jurisdiction=jurisdiction, at=received_at, met={"acknowledged": now})
    # First assessment (初步评估) of the text before the row is written: an urgent one is written urgent, with
    # its flags (staff decide both in `triage`).
    assessed = suggestion_assess(assessed_text(registration.description, registration.desired_outcome))
    complaint = complaint_row(
        registration,
        received_at=received_at,
        registered_at=now,
        jurisdiction=jurisdiction,
        next_due_at=next_due,
        registered_by=registered_by,
        idempotency_key=key,
        fingerprint=fingerprint,
        urgent=bool(assessed and assessed[0].urgent),
        flags=assessed[0].flags if assessed else [],
    )
    insert(complaint)
    clocks_save_new(complaint=complaint, clocks=clocks)
    # What the apps above add (intake: possible duplicates on every channel, the tracking code).
    context: dict[str, object] = {}
    extra_data: dict[str, object] = {}
    shown: dict[str, object] = {}
    for hook in extensions.on_register:
        extra = hook(complaint)
        context.update(extra.context)
        extra_data.update(extra.data)
        shown.update(extra.shown)
    letter = letter_issue(
        complaint=complaint,
        kind="acknowledgement",
        channel=None,
        actor=actor,
        context={
            **context,
            "decision_due": next((local_due_date(c) for c in clocks if c.kind == "decision"), None),
        },
    )
    event_append(
        complaint=complaint,
        first=True,
        kind="registered",
        actor=actor,
        data={
            "to": complaint.status,
            "channel": complaint.channel,
            "received_at": received_at,
            "jurisdiction": complaint.jurisdiction,
            "narrative_consent": complaint.narrative_consent,
            "clocks": {"started": [c.kind for c in clocks], "met": [c.kind for c in clocks if c.met_at]},
            "acknowledgement": {"letter": letter.pk, "channel": letter.channel},
            **extra_data,
            **registration.extra,
        },
    )
    if complaint.business or complaint.product:
        complaint_route(complaint)  # arrived classified: to the department its routing rule names
    # The suggestion is stored in this transaction; urgent ones alert the managers.
    suggestion = suggestion_create(complaint, assessed) if assessed else None
    channel = complaint.channel
    transaction.on_commit(lambda: REGISTRATIONS.labels(channel=channel).inc())
    return Registered(complaint, True, tuple(clocks), suggestion, (letter,), shown)
