"""Social-media posts arriving by a signed webhook."""

from __future__ import annotations

import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from rest_framework import serializers

from redress.complaints.models import Complaint
from redress.complaints.services.registration import CustomerDetails, Registration
from redress.core.errors import ApplicationError, InvalidInput
from redress.intake.models import SocialPost, SocialSource
from redress.intake.services import intake_register

SIGNATURE_HEADER = "X-Redress-Signature"


class BadSignature(ApplicationError):
    status = 401
    code = "bad_signature"


class SocialPayload(serializers.Serializer[dict[str, Any]]):
    platform = serializers.CharField(max_length=40)
    post_id = serializers.CharField(max_length=200)
    author_handle = serializers.CharField(max_length=200)
    text = serializers.CharField(max_length=10000)
    url = serializers.URLField(max_length=1000, required=False, allow_blank=True, default="")
    created_at = serializers.DateTimeField()
    language = serializers.ChoiceField(choices=[c for c, _n in settings.LANGUAGES], required=False)


@dataclass(frozen=True)
class SocialResult:
    complaint: Complaint
    created: bool
    reply_text: str


def source_create(name: str) -> tuple[SocialSource, str]:
    """A new source and its webhook secret (stored encrypted; show it once)."""
    secret = secrets.token_hex(32)
    return SocialSource.objects.create(name=name, secret=secret), secret


def signature_of(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def verify(source_name: str, body: bytes, signature: str) -> SocialSource:
    """The source when the signature is right; BadSignature (the same for an unknown source) otherwise."""
    source = SocialSource.objects.filter(name=source_name, active=True).first()
    expected = signature_of(source.secret if source else "-", body)
    if not signature or not hmac.compare_digest(expected.encode(), signature.strip().encode()) or source is None:
        raise BadSignature(_("The signature of the request is missing or wrong."))
    return source


def reply_text(complaint: Complaint) -> str:
    """What the bank answers in public: the reference, and an invitation to continue privately."""
    with translation.override(complaint.language):
        return _(
            "Thank you for telling us. We have registered your concern under the reference %(reference)s. "
            "To protect your privacy, please do not post personal details here: send us a private message "
            "quoting the reference, or follow it on our website."
        ) % {"reference": complaint.reference}


def social_receive(*, source_name: str, body: bytes, signature: str) -> SocialResult:
    source = verify(source_name, body, signature)
    payload = SocialPayload(data=_json(body))
    if not payload.is_valid():
        raise InvalidInput(payload.errors)
    d = payload.validated_data
    existing = SocialPost.objects.select_related("complaint").filter(source=source, post_id=d["post_id"]).first()
    if existing is not None:
        return SocialResult(existing.complaint, False, reply_text(existing.complaint))
    registration = Registration(
        channel="social",
        customer=CustomerDetails(name=d["author_handle"]),
        description=d["text"],
        received_at=d["created_at"],
        language=d.get("language", ""),
        extra={
            "source": source.name,
            "platform": d["platform"],
            "post_id": d["post_id"],
            "author_handle": d["author_handle"],
            "url": d["url"],
        },
    )
    try:
        with transaction.atomic():
            complaint, _created, _dups = intake_register(registration=registration)
            SocialPost.objects.create(source=source, post_id=d["post_id"], complaint=complaint)
    except IntegrityError:  # the same post delivered twice at once: the first one won
        existing = SocialPost.objects.select_related("complaint").filter(source=source, post_id=d["post_id"]).first()
        if existing is None:
            raise
        return SocialResult(existing.complaint, False, reply_text(existing.complaint))
    return SocialResult(complaint, True, reply_text(complaint))


def _json(body: bytes) -> Any:
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: nested too deeply
        raise InvalidInput({"body": [_("The body is not valid JSON.")]}, code="malformed_request") from exc
