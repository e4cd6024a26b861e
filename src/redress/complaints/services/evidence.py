"""Evidence files (调查取证): checked, digested, stored, and put on the timeline."""

from __future__ import annotations

import hashlib

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.audit.services import event_append
from redress.complaints.models import Evidence
from redress.complaints.services.actions import lock_and_check
from redress.complaints.services.file_content import HEAD_BYTES, content_matches
from redress.complaints.workflow import Actor
from redress.core.errors import InvalidInput

MAX_BYTES = 20 * 1024 * 1024
ALLOWED_TYPES = {
    "application/pdf",
    "image/jpeg",
    "image/png",
    "image/gif",
    "image/webp",
    "image/heic",
    "text/plain",
    "message/rfc822",
    "audio/mpeg",
    "audio/wav",
    "audio/x-wav",
    "video/mp4",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def evidence_add(
    *, reference: str, upload: UploadedFile, actor: Actor, user: User | None, description: str = ""
) -> Evidence:
    size = upload.size or 0
    if size > MAX_BYTES:
        raise InvalidInput(
            {"file": [_("Files may be at most %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)}]}, code="file_too_large"
        )
    content_type = (upload.content_type or "").split(";")[0].strip().lower()
    if content_type not in ALLOWED_TYPES:
        raise InvalidInput(
            {"file": [_("Files of type %(type)s are not accepted.") % {"type": content_type or "?"}]}, code="file_type"
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not content_matches(content_type, head):
        raise InvalidInput(
            {"file": [_("The file's content is not what its type (%(type)s) says.") % {"type": content_type}]},
            code="file_content",
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        complaint, _subject = lock_and_check(reference=reference, action="add_evidence", actor=actor, user=user)
        evidence = Evidence(
            complaint=complaint,
            original_name=(upload.name or "file")[-255:],
            content_type=content_type,
            size=size,
            sha256=digest.hexdigest(),
            description=description[:500],
            uploaded_by=user,
        )
        evidence.file.save(evidence.original_name, upload, save=False)
        evidence.save()
        event_append(
            complaint=complaint,
            kind="add_evidence",
            actor=actor,
            data={"evidence": evidence.pk, "name": evidence.original_name, "sha256": evidence.sha256, "size": size},
        )
    return evidence
