"""The timeline of every complaint: append-only, hash-chained per complaint, checkpointed."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.audit.sealing import SealedData

GENESIS = "0" * 64


class Event(models.Model):
    """One thing that happened to a complaint. Never updated, never deleted.

    `hash = sha256(prev_hash + canonical content)`; `prev_hash` is the hash of the event
    before it in the same complaint (GENESIS for the first), so each complaint has its own
    chain and registrations do not queue behind one global chain.
    """

    # No index of its own: the unique (complaint, seq) index serves every lookup by complaint, and one
    # index fewer is one write fewer per event (registration, the deadline sweep).
    complaint = models.ForeignKey(
        "complaints.Complaint", on_delete=models.PROTECT, related_name="events", db_index=False
    )
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=40)
    actor_kind = models.CharField(max_length=10)  # staff, customer, system
    # Read by nothing but a user's deletion: a partial index (Meta) leaves out the system's events (the sweep's).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    # Its personal values (chain.PERSONAL_KEYS) are encrypted at rest, in one token inside it (audit/sealing.py).
    data = SealedData(default=dict)
    # Events with personal values (see chain.PERSONAL_KEYS): {"keys", "digest", "salt"}; the hash covers the
    # keys and the digest. Erasing (redress.retention) replaces those values by chain.ERASED and drops their
    # token and the salt; with a key rotation's swap of the token, the only changes the database allows here.
    personal = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        ordering = ["complaint_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["complaint", "seq"], name="event_seq_unique")]
        indexes = [models.Index(fields=["actor"], name="event_actor", condition=models.Q(actor__isnull=False))]

    def __str__(self) -> str:
        return f"{self.complaint_id}#{self.seq} {self.kind}"


class Checkpoint(models.Model):
    """A signed-off snapshot of the chain heads that changed since the previous checkpoint.

    Checkpoints are chained too, so deleting a whole complaint (its row and all its events)
    is detected: its last checkpointed head no longer exists. With a signing key (audit/anchor.py) each
    is signed with a key the database does not hold, so whoever can write to the database cannot rebuild
    the chains and their checkpoints unnoticed.
    """

    created_at = models.DateTimeField(default=timezone.now)
    last_event_id = models.BigIntegerField()
    heads_count = models.PositiveIntegerField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(
        _("signing key"), max_length=32, blank=True, default=""
    )  # which signing key; empty: not signed
    signature = models.CharField(_("signature"), max_length=128, blank=True, default="")  # Ed25519, base64

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"checkpoint {self.pk} ({self.heads_count} heads)"


class CheckpointHead(models.Model):
    checkpoint = models.ForeignKey(Checkpoint, on_delete=models.PROTECT, related_name="heads")
    complaint_id = models.BigIntegerField()  # not a foreign key: it must outlive a deleted complaint
    reference = models.CharField(max_length=32)
    seq = models.PositiveIntegerField()
    event_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("checkpoint head")
        verbose_name_plural = _("checkpoint heads")
        ordering = ["checkpoint_id", "complaint_id"]
        indexes = [models.Index(fields=["complaint_id", "-checkpoint"], name="head_complaint_ckpt")]

    def __str__(self) -> str:
        return f"{self.reference}#{self.seq}"
