"""The API's input serializers, and the output serializers that declare what each endpoint answers.

The answers themselves are built as dicts by `representation.py` (once per complaint, cheaply); the output
serializers here name and type their fields for the schema, and the tests check each against a real answer."""

from __future__ import annotations

import copy
from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from redress.accounts.models import User
from redress.codes.fields import CodeField
from redress.complaints.choices import (
    Channel,
    Jurisdiction,
    Language,
    Outcome,
    PlanStatus,
    RedressType,
    Satisfaction,
    Status,
)
from redress.complaints.ordering import SORTS
from redress.complaints.services.registration import CustomerDetails, Registration
from redress.core.api import PeriodOut
from redress.correspondence.models import LetterKind, LetterStatus
from redress.deadlines.models import ClockKind, ClockState, Unit
from redress.triage.taxonomy import FLAGS


class _Input(serializers.Serializer[Any]):
    """DRF deep-copies every declared field into each new serializer, which was a large part of validating a
    registration. These input fields keep no state between requests (bind() sets attributes on the copy),
    so each serializer gets shallow copies instead."""

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        return {name: copy.copy(f) for name, f in self._declared_fields.items()}


class StrictBooleanField(serializers.BooleanField):
    """true or false as JSON booleans, nothing else: a consent is never read from "yes", 1 or "on"."""

    default_error_messages = {"invalid": _("Must be true or false.")}

    def to_internal_value(self, data: Any) -> bool:
        if isinstance(data, bool):
            return data
        self.fail("invalid", input=data)


class CustomerIn(_Input):
    """The customer: a name, and at least one way to reach them."""

    name = serializers.CharField(max_length=200)
    id_number = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    phone = serializers.RegexField(r"^\+?[0-9 ()\-]{5,24}$", required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if not (attrs["phone"] or attrs["email"] or attrs["address"]):
            raise serializers.ValidationError(
                _("Give at least one way to reach the customer: phone, email or address.")
            )
        return attrs


class RegisterIn(_Input):
    """A complaint to register, as received."""

    channel = serializers.ChoiceField(choices=Channel.choices)
    customer = CustomerIn()
    description = serializers.CharField(max_length=50000)
    desired_outcome = serializers.CharField(max_length=20000, required=False, allow_blank=True, default="")
    product = CodeField("product", required=False, allow_blank=True, default="")
    business = CodeField("business", required=False, allow_blank=True, default="")
    reason = CodeField("reason", required=False, allow_blank=True, default="")
    forwarded_by_regulator = serializers.BooleanField(
        required=False, default=False, help_text="Forwarded by a regulator (监管转办)."
    )
    received_at = serializers.DateTimeField(required=False, allow_null=True, default=None)
    jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices, required=False, allow_blank=True, default="")
    language = serializers.ChoiceField(choices=Language.choices, required=False, allow_blank=True, default="")
    named_staff = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    named_staff_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    call_recording_ref = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    narrative_consent = StrictBooleanField(
        required=False,
        default=False,
        help_text="The customer allows what they wrote to be published, personal data removed, in anonymous "
        "complaint statistics (the us-cfpb return's narrative). true or false only.",
    )

    def validate_named_staff(self, value: str) -> User | None:
        if not value:
            return None
        user = User.objects.filter(username=value).first()
        if user is None:
            raise serializers.ValidationError(_("No staff member with this username."))
        return user

    def to_registration(self) -> Registration:
        d = self.validated_data
        return Registration(
            channel=d["channel"],
            customer=CustomerDetails(**d["customer"]),
            description=d["description"],
            desired_outcome=d["desired_outcome"],
            product=d["product"],
            business=d["business"],
            reason=d["reason"],
            forwarded_by_regulator=d["forwarded_by_regulator"],
            received_at=d["received_at"],
            jurisdiction=d["jurisdiction"],
            language=d["language"],
            named_staff=d["named_staff"],
            named_staff_text=d["named_staff_text"],
            call_recording_ref=d["call_recording_ref"],
            narrative_consent=d["narrative_consent"],
        )


# --- Queries ---------------------------------------------------------------------------------------------
# They describe the query strings for the schema; the views read them as before (unknown values are ignored).


class QueueQuery(serializers.Serializer[Any]):
    status = serializers.CharField(required=False, help_text="One status, or several separated by commas.")
    assignee = serializers.CharField(required=False, help_text='A username, "me", or "none".')
    department = serializers.CharField(required=False, help_text='A department code, or "none".')
    product = serializers.CharField(required=False, help_text="Codes, comma-separated (so are the next five).")
    business = serializers.CharField(required=False)
    reason = serializers.CharField(required=False)
    root_cause = serializers.CharField(required=False)
    channel = serializers.CharField(required=False)
    jurisdiction = serializers.CharField(required=False)
    received_from = serializers.DateField(required=False, help_text="Received on or after this day.")
    received_to = serializers.DateField(required=False, help_text="Received on or before this day.")
    # The dashboard's (analytics answers them, as its charts count): a chart's bar opens exactly what it counts.
    outcome = serializers.CharField(
        required=False,
        help_text="Closed with one of these outcomes (upheld, partly_upheld, not_upheld; comma-separated). "
        "An unknown one: 400.",
    )
    closed_from = serializers.DateField(
        required=False,
        help_text="Closed (final response sent) on or after this day, each complaint's day in its jurisdiction's "
        "time zone. A bad date: 400.",
    )
    closed_to = serializers.DateField(required=False, help_text="Closed on or before this day (as closed_from).")
    timeliness = serializers.CharField(
        required=False,
        help_text="As the dashboard's timeliness chart, today: closed_within_3_business_days, "
        "closed_within_deadline, closed_after_deadline, open_on_time, open_past_80_percent, open_breached "
        "(comma-separated). An unknown one: 400.",
    )
    satisfaction = serializers.CharField(
        required=False,
        help_text="Closed with this answer to the satisfaction survey: satisfied, dissatisfied, no_response, "
        "not_asked (comma-separated). An unknown one: 400.",
    )
    review_requested = serializers.BooleanField(
        required=False, help_text="Closed, and the customer asked for a review (false: did not)."
    )
    urgent = serializers.BooleanField(required=False)
    flag = serializers.ListField(
        child=serializers.ChoiceField(choices=FLAGS),
        required=False,
        help_text="Complaints with any of these flags: repeat the parameter or separate codes by commas. "
        "An unknown flag: 400.",
    )
    open = serializers.BooleanField(required=False, help_text="Open complaints only.")
    overdue = serializers.BooleanField(required=False, help_text="Open complaints past a deadline.")
    due = serializers.ChoiceField(choices=["overdue", "today", "week"], required=False)
    sort = serializers.ChoiceField(
        choices=[s for s in SORTS if s],
        required=False,
        help_text="due: the soonest deadline first; received, reference, status; a leading - for descending "
        "(default: newest first).",
    )
    q = serializers.CharField(
        required=False,
        help_text="A reference, or words (Chinese, Simplified or Traditional, or English, any form of a word) "
        "found in the reference, description, desired outcome, the customer's messages, notes, letters and file "
        "names: every word must be there; the best match first (unless sort=due), each row with its `match`. "
        "Personal data in the words: for roles that see it.",
    )
    customer = serializers.CharField(required=False, help_text="The customer's exact phone, email or ID number.")
    cursor = serializers.CharField(required=False, help_text="The page: from `next` or `previous`.")
    page = serializers.IntegerField(required=False, min_value=1, help_text="A search's page (from `next`).")
    page_size = serializers.IntegerField(required=False, min_value=1, max_value=200)


class LetterDraftQuery(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=[LetterKind.FINAL_DECISION, LetterKind.REVIEW_DECISION, LetterKind.SUMMARY_RESOLUTION],
        required=False,
        help_text="Default: the letter notify_customer would send.",
    )


class UploadIn(serializers.Serializer[Any]):
    file = serializers.FileField()
    description = serializers.CharField(max_length=500, required=False, allow_blank=True)


# --- Answers ---------------------------------------------------------------------------------------------


class CodeLabelsOut(serializers.Serializer[Any]):
    business = serializers.CharField(allow_blank=True)
    product = serializers.CharField(allow_blank=True)
    reason = serializers.CharField(allow_blank=True)
    root_cause = serializers.CharField(allow_blank=True)


class SearchMatchOut(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(
        choices=["reference", "description", "desired_outcome", "message", "note", "letter", "file"],
        help_text="The text the words matched in: the customer's message, a note, a letter, a file's name…",
    )
    kind_label = serializers.CharField()
    snippet = serializers.CharField(
        help_text="HTML: a part of that text, escaped, the matched words in <mark>; personal data masked as the "
        "caller sees it."
    )


class ComplaintSummaryOut(serializers.Serializer[Any]):
    """A row of the queue: no personal data beyond the masked name."""

    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.CharField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    product = serializers.CharField(allow_blank=True, help_text="A product code.")
    business = serializers.CharField(allow_blank=True, help_text="A business line code.")
    reason = serializers.CharField(allow_blank=True, help_text="A complaint reason code (JR/T 0169-2018 C).")
    root_cause = serializers.CharField(allow_blank=True, help_text="A root cause code.")
    labels = CodeLabelsOut(help_text="The codes' labels in the request's language.")
    forwarded_by_regulator = serializers.BooleanField()
    urgent = serializers.BooleanField()
    flags = serializers.ListField(
        child=serializers.ChoiceField(choices=FLAGS),
        help_text="The flags staff set in triage (until then the first assessment's), in the taxonomy's order.",
    )
    jurisdiction = serializers.ChoiceField(choices=Jurisdiction.choices)
    received_at = serializers.DateTimeField()
    customer_name = serializers.CharField(help_text="Masked.")
    next_due_at = serializers.DateTimeField(allow_null=True)
    assignee = serializers.CharField(allow_null=True, help_text="A username.")
    department = serializers.CharField(allow_null=True, help_text="A department code.")
    match = SearchMatchOut(allow_null=True, help_text="With words in `q`: where they matched; else null.")


class QueuePageOut(serializers.Serializer[Any]):
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ComplaintSummaryOut(many=True)


class CustomerOut(serializers.Serializer[Any]):
    name = serializers.CharField()
    id_number = serializers.CharField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    email = serializers.CharField(allow_blank=True)
    address = serializers.CharField(allow_blank=True)
    masked = serializers.BooleanField(help_text="Whether the details are masked for the caller.")


class RedressItemOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    type = serializers.ChoiceField(choices=RedressType.choices)
    amount = serializers.DecimalField(max_digits=18, decimal_places=2)
    currency = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    paid_on = serializers.DateField(allow_null=True)
    payment_reference = serializers.CharField(allow_blank=True)


class ApprovalOut(serializers.Serializer[Any]):
    approver = serializers.CharField(help_text="A username.")
    role = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    at = serializers.DateTimeField()


class PlanOut(serializers.Serializer[Any]):
    """The current resolution plan."""

    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PlanStatus.choices)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    summary = serializers.CharField()
    currency = serializers.CharField()
    total = serializers.DecimalField(max_digits=18, decimal_places=2)
    redress = RedressItemOut(many=True)
    improvements = serializers.ListField(child=serializers.CharField())
    paid_total = serializers.DecimalField(max_digits=18, decimal_places=2)
    approvals_required = serializers.IntegerField()
    compliance_required = serializers.BooleanField()
    proposed_by = serializers.CharField(help_text="A username.")
    approvals = ApprovalOut(many=True)


class ReviewCandidateOut(serializers.Serializer[Any]):
    username = serializers.CharField()
    name = serializers.CharField(allow_blank=True)
    seniority = serializers.IntegerField()


class DuplicateOut(serializers.Serializer[Any]):
    reference = serializers.CharField()
    status = serializers.ChoiceField(choices=Status.choices)
    received_at = serializers.DateTimeField()
    score = serializers.FloatField()
    matched_on = serializers.ListField(child=serializers.CharField())


class ClockOut(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=ClockKind.choices)
    regulatory = serializers.BooleanField()
    state = serializers.ChoiceField(choices=ClockState.choices)
    started_at = serializers.DateTimeField()
    due_at = serializers.DateTimeField()
    warn_at = serializers.DateTimeField(allow_null=True)
    met_at = serializers.DateTimeField(allow_null=True)
    length = serializers.CharField(help_text='Amount and unit, e.g. "15 business_days".')
    amount = serializers.IntegerField()
    unit = serializers.ChoiceField(choices=Unit.choices)
    alerts = serializers.BooleanField()
    extensions = serializers.IntegerField(help_text="Extensions taken so far.")
    days_left = serializers.IntegerField(allow_null=True, help_text="None when met or paused.")
    timezone = serializers.CharField()


class SuggestionOut(serializers.Serializer[Any]):
    """What triage suggested at registration."""

    business = serializers.CharField(allow_blank=True)
    product = serializers.CharField(allow_null=True)
    is_complaint = serializers.BooleanField()
    urgent = serializers.BooleanField()
    flags = serializers.ListField(child=serializers.CharField())
    confidence = serializers.FloatField()
    explanation = serializers.DictField(help_text="Why: the terms and scores behind the suggestion.")
    language = serializers.CharField()
    model_version = serializers.IntegerField(allow_null=True)
    created_at = serializers.DateTimeField()


class DeliveryOut(serializers.Serializer[Any]):
    attempts = serializers.IntegerField()
    last_error = serializers.CharField(allow_blank=True)
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    retry_allowed = serializers.BooleanField()


class LetterSummaryOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    channel = serializers.CharField()
    status = serializers.ChoiceField(choices=LetterStatus.choices)
    delivery = DeliveryOut(allow_null=True, help_text="Email delivery; None for other channels.")
    created_at = serializers.DateTimeField()
    sent_at = serializers.DateTimeField(allow_null=True)
    pdf = serializers.CharField(help_text="The path of the letter as PDF.")


class ComplaintOut(ComplaintSummaryOut):
    """The complaint, with what the caller may do next (`allowed_actions`)."""

    customer = CustomerOut()
    description = serializers.CharField()
    desired_outcome = serializers.CharField(allow_blank=True)
    language = serializers.ChoiceField(choices=Language.choices)
    is_complaint = serializers.BooleanField(allow_null=True, help_text="None: not yet triaged.")
    registered_at = serializers.DateTimeField()
    named_staff = serializers.CharField(allow_null=True)
    named_staff_text = serializers.CharField(allow_blank=True)
    call_recording_ref = serializers.CharField(allow_blank=True)
    narrative_consent = serializers.BooleanField(
        help_text="The customer allowed their words, personal data removed, in published statistics (us-cfpb)."
    )
    merged_into = serializers.CharField(allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices, allow_blank=True)
    satisfaction = serializers.ChoiceField(choices=Satisfaction.choices, allow_blank=True)
    satisfaction_score = serializers.IntegerField(allow_null=True)
    notified_at = serializers.DateTimeField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)
    review_window_ends_at = serializers.DateTimeField(allow_null=True)
    previous_handler = serializers.CharField(allow_null=True)
    review_candidates = ReviewCandidateOut(many=True)
    archived_at = serializers.DateTimeField(allow_null=True)
    resolution = PlanOut(allow_null=True)
    possible_duplicates = DuplicateOut(many=True)
    deadlines = ClockOut(many=True)
    allowed_actions = serializers.ListField(child=serializers.CharField())
    triage_suggestion = SuggestionOut(allow_null=True)
    letters = LetterSummaryOut(many=True)


class RegisteredOut(ComplaintOut):
    """A registration's answer: the complaint, and the customer's tracking code as the staff page shows it."""

    tracking_code = serializers.CharField(
        allow_null=True,
        help_text="The customer's tracking code (with the reference, the key to their own page): given in this "
        "answer only, once, to be read out or handed to the customer (it is also sent by e-mail or text message "
        "where there is an address). None when answering a replayed Idempotency-Key: it cannot be shown again.",
    )


class EventOut(serializers.Serializer[Any]):
    seq = serializers.IntegerField()
    kind = serializers.CharField()
    actor = serializers.CharField(help_text="A username, or the kind of actor (customer, system).")
    actor_kind = serializers.CharField()
    at = serializers.DateTimeField()
    hash = serializers.CharField()

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        # `data` is a property of every serializer, so it cannot be declared as a class attribute.
        fields = super().get_fields()
        fields["data"] = serializers.DictField(help_text="What the event recorded; its keys depend on the kind.")
        return fields


class EventsOut(serializers.Serializer[Any]):
    results = EventOut(many=True)


class LetterOut(LetterSummaryOut):
    language = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    body_html = serializers.CharField(allow_blank=True)
    masked = serializers.BooleanField()
    message_id = serializers.CharField(allow_blank=True)
    status_label = serializers.CharField()


class LettersOut(serializers.Serializer[Any]):
    results = LetterOut(many=True)


class LetterDraftOut(serializers.Serializer[Any]):
    kind = serializers.ChoiceField(choices=LetterKind.choices)
    language = serializers.CharField()
    subject = serializers.CharField()
    body = serializers.CharField()
    required_elements = serializers.ListField(child=serializers.CharField())


class EvidenceOut(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    content_type = serializers.CharField()
    sha256 = serializers.CharField()


class RedressTotalOut(serializers.Serializer[Any]):
    currency = serializers.CharField()
    approved = serializers.DecimalField(max_digits=18, decimal_places=2)
    approved_items = serializers.IntegerField()
    paid = serializers.DecimalField(max_digits=18, decimal_places=2)
    paid_items = serializers.IntegerField()


class RedressReportOut(PeriodOut):
    """Redress per currency in the period: approved in it, and paid in it."""

    results = RedressTotalOut(many=True)
