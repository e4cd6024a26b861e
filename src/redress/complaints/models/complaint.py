"""The complaint record: who complained, about what, when, and where it stands."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.db.models import JSONField, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import Role
from redress.complaints.choices import OPEN_STATUSES, Channel, Outcome, Satisfaction, Status
from redress.privacy.fields import EncryptedTextField

if TYPE_CHECKING:
    from redress.accounts.models import User

# Roles that see every complaint; handlers and approvers see their part (see `restrict`).
_SEE_ALL = {Role.INTAKE_AGENT, Role.MANAGER, Role.COMPLIANCE, Role.ANALYST, Role.AUDITOR, Role.ADMIN}
_READ_ONLY = {Role.ANALYST, Role.AUDITOR, Role.ADMIN}


class ComplaintQuerySet(models.QuerySet["Complaint"]):
    def restrict(self, user: User, action: str = "view") -> ComplaintQuerySet:
        """The one row-level filter used by the pages, the API and the services.

        `view`: what the person may see. `act`: what they may change (read-only roles: none).
        A person named in a complaint never sees it through the handler/approver scopes.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        role = user.role
        if action == "act" and role in _READ_ONLY:
            return self.none()
        if role in _SEE_ALL:
            return self
        scope = _own(user)
        if role == Role.APPROVER:
            scope |= Q(status=Status.RESOLUTION_PROPOSED)
        return self.filter(scope).exclude(named_staff=user)


def _own(user: User, prefix: str = "") -> Q:
    """A person's own part of the complaints: assigned to them, or of their department."""
    scope = Q(**{f"{prefix}assignee": user})
    if user.department_id is not None:
        scope |= Q(**{f"{prefix}department_id": user.department_id})
    return scope


def search_part(user: User) -> tuple[int | None, int] | None:
    """`restrict`'s view scope as the search documents know it: (the person's department or None, the person
    as assignee), for a search to find only the matches of their part in the index. None when the documents
    cannot narrow it: who sees every complaint, or an approver (who also sees every proposed plan's). Only a
    narrowing: `restrict` still decides what is shown."""
    if not user.is_authenticated or not user.is_active or user.role in _SEE_ALL or user.role == Role.APPROVER:
        return None
    return user.department_id, user.pk


class Complaint(models.Model):
    # Unique through Meta.constraints: a plain unique index (a unique=True CharField also gets a LIKE index on
    # PostgreSQL, which no lookup uses and every registration would write).
    reference = models.CharField(_("reference"), max_length=32)
    status = models.CharField(_("status"), max_length=24, choices=Status.choices, default=Status.RECEIVED)
    channel = models.CharField(_("channel"), max_length=12, choices=Channel.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16)
    language = models.CharField(_("language"), max_length=8, default="zh-hans")
    received_at = models.DateTimeField(_("received at"))
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)
    # No index: nothing looks complaints up by who registered them but the idempotency constraint (Meta).
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )

    # Personal data: encrypted at rest, found only through the keyed blind indexes below.
    customer_name = EncryptedTextField(_("customer name"))
    customer_id_number = EncryptedTextField(_("ID number"), blank=True, default="")
    customer_phone = EncryptedTextField(_("phone"), blank=True, default="")
    customer_email = EncryptedTextField(_("email"), blank=True, default="")
    customer_address = EncryptedTextField(_("address"), blank=True, default="")
    # Indexed in Meta (exact lookups only: no LIKE index).
    phone_index = models.CharField(max_length=64, blank=True, default="")
    email_index = models.CharField(max_length=64, blank=True, default="")
    id_number_index = models.CharField(max_length=64, blank=True, default="")

    # The customer's own words, as personal as the fields above: encrypted too. Found by the search document,
    # made from them with the personal data scrubbed out (`complaints.search.index.main_sources`).
    description = EncryptedTextField(_("description"))
    desired_outcome = EncryptedTextField(_("desired outcome"), blank=True, default="")
    # Codes of the code tables (`redress.codes`): forms and the API accept a code or any of its labels.
    product = models.CharField(_("product"), max_length=40, blank=True, default="")
    business = models.CharField(_("business line"), max_length=40, blank=True, default="")
    reason = models.CharField(_("complaint reason"), max_length=40, blank=True, default="")
    root_cause = models.CharField(_("root cause"), max_length=40, blank=True, default="")
    forwarded_by_regulator = models.BooleanField(_("forwarded by a regulator"), default=False)
    # The customer allows their narrative, personal data removed, in published statistics (the us-cfpb return).
    narrative_consent = models.BooleanField(_("consent to publish the narrative"), default=False)
    urgent = models.BooleanField(_("urgent"), default=False)
    is_complaint = models.BooleanField(_("is a complaint"), null=True, blank=True)
    # Codes of `redress.triage.taxonomy.FLAGS`, in that order: the first assessment's at registration, then
    # what staff decide in `triage` (the label the next model learns). The queue filters by them (`flag`).
    flags = models.JSONField(_("flags"), default=list, db_default=Value([], JSONField()), blank=True)
    named_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member named"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints_naming",
        db_index=False,  # a partial index in Meta: most complaints name nobody
    )
    # A person's name as the customer gave it: encrypted at rest (at most 200 characters: the forms).
    named_staff_text = EncryptedTextField(_("staff member named (as given)"), blank=True, default="")
    call_recording_ref = models.CharField(_("call recording reference"), max_length=200, blank=True, default="")

    # Department and assignee: served by the (department, status, -id) and (assignee, ...) indexes in Meta.
    department = models.ForeignKey(
        "accounts.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_complaints",
        db_index=False,
    )
    previous_handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler before the review"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # partial index in Meta
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged", db_index=False
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True, default="")
    satisfaction = models.CharField(
        _("satisfaction"), max_length=16, choices=Satisfaction.choices, blank=True, default=""
    )
    satisfaction_score = models.PositiveSmallIntegerField(null=True, blank=True)
    notified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    review_window_ends_at = models.DateTimeField(null=True, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    retain_until = models.DateField(_("keep until"), null=True, blank=True)
    # The earliest open, unpaused regulatory deadline (kept by the deadlines app): "due soonest", "overdue".
    next_due_at = models.DateTimeField(_("next deadline"), null=True, blank=True)
    # What an outside record said, kept as given for the way back (a complaint imported from the CFPB's
    # database keeps its Issue, Sub-issue, Tags, Timely response? … under the CFPB's column names).
    external = models.JSONField(_("source record"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # NULL, not "": the unique constraint below applies only where a key was given.
    idempotency_key = models.CharField(max_length=200, null=True, blank=True)  # noqa: DJ001
    request_fingerprint = models.CharField(max_length=64, blank=True, default="")

    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        indexes = [
            models.Index(fields=["status", "-id"], name="complaint_status_id"),
            models.Index(fields=["assignee", "status", "-id"], name="complaint_assignee_status_id"),
            models.Index(fields=["department", "status", "-id"], name="complaint_dept_status_id"),
            models.Index(fields=["product", "-id"], name="complaint_product_id"),
            models.Index(fields=["next_due_at", "id"], name="complaint_next_due"),
            # "My queue": a handler's complaints newest first, all and open only, and soonest due first.
            models.Index(fields=["assignee", "-id"], name="complaint_assignee_id"),
            models.Index(
                fields=["assignee", "next_due_at", "id"],
                name="complaint_assignee_due",
                condition=Q(assignee__isnull=False, next_due_at__isnull=False),
            ),
            models.Index(
                fields=["assignee", "-id"],
                name="complaint_assignee_open",
                condition=Q(status__in=sorted(s.value for s in OPEN_STATUSES)),
            ),
            # Urgent open complaints jump the queue: a small index of just those, by deadline.
            models.Index(
                fields=["next_due_at", "id"],
                name="complaint_urgent_open_due",
                condition=Q(urgent=True, status__in=sorted(s.value for s in OPEN_STATUSES)),
            ),
            # Exact lookups by the blind indexes of phone, e-mail and ID number.
            models.Index(fields=["phone_index"], name="complaint_phone_index"),
            models.Index(fields=["email_index"], name="complaint_email_index"),
            models.Index(fields=["id_number_index"], name="complaint_id_number_index"),
            # The rare references (deleting a user or a complaint checks them): only the rows that have one.
            models.Index(fields=["named_staff"], name="complaint_named_staff", condition=Q(named_staff__isnull=False)),
            models.Index(
                fields=["previous_handler"],
                name="complaint_previous_handler",
                condition=Q(previous_handler__isnull=False),
            ),
            models.Index(fields=["merged_into"], name="complaint_merged_into", condition=Q(merged_into__isnull=False)),
            # What changed since the analytics facts were last brought up to date.
            models.Index(fields=["updated_at", "id"], name="complaint_updated"),
            # A period's complaints (the themes read a month of texts): where they start and end by id.
            models.Index(fields=["received_at", "id"], name="complaint_received"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["reference"], name="complaint_reference_unique"),
            models.UniqueConstraint(
                fields=["registered_by", "idempotency_key"],
                condition=Q(idempotency_key__isnull=False),
                name="complaint_idempotency_key_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class ReferenceCounter(models.Model):
    """A named counter for databases without sequences (SQLite serialises writers anyway)."""

    name = models.CharField(max_length=40, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
