"""Evidence files attached to a complaint, stored with their digest so tampering shows."""

from __future__ import annotations

from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from redress.privacy.fields import EncryptedTextField
from redress.privacy.storage import evidence_storage


def evidence_path(instance: Evidence, filename: str) -> str:
    # The uploaded name (often the customer's, e.g. 张三身份证.jpg) stays in the row, not in the path.
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"evidence/{instance.complaint.reference}/{instance.sha256[:16]}{suffix}"


class Evidence(models.Model):
    complaint = models.ForeignKey("complaints.Complaint", on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=300, storage=evidence_storage)  # encrypted at rest
    # The uploaded name (张三身份证.jpg) and what the uploader wrote of the file: encrypted at rest.
    original_name = EncryptedTextField()  # at most 255 characters (the service cuts it)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = EncryptedTextField(blank=True, default="")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name
