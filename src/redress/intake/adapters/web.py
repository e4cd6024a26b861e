"""The public complaint form: fields, attachment checks, and the registration it becomes."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.complaints.services.evidence import evidence_add
from redress.complaints.services.file_content import HEAD_BYTES, content_matches
from redress.complaints.services.registration import CustomerDetails, Registration
from redress.complaints.workflow import CUSTOMER_ACTOR
from redress.intake.services import intake_register_detailed, tracking_secret_issue

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_FILES = 10

# extension → the content type stored (its first bytes are checked by complaints' file_content table)
ALLOWED_FILES: dict[str, str] = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".heic": "image/heic",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join(ALLOWED_FILES)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile]:
        if not data:
            return []
        items = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


def check_upload(upload: UploadedFile) -> str:
    """The content type of an acceptable file; raises ValidationError naming the file otherwise."""
    name = upload.name or "file"
    content_type = ALLOWED_FILES.get(PurePath(name).suffix.lower())
    if content_type is None:
        raise forms.ValidationError(
            _("%(name)s: only PDF, images (JPEG, PNG, GIF, WebP, HEIC) and Office documents are accepted."),
            code="file_type",
            params={"name": name},
        )
    if (upload.size or 0) > MAX_FILE_BYTES:
        raise forms.ValidationError(
            _("%(name)s is larger than %(mb)s MB."), code="file_too_large", params={"name": name, "mb": 20}
        )
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not content_matches(content_type, head):
        raise forms.ValidationError(
            _("%(name)s does not look like the kind of file its name says."), code="file_content", params={"name": name}
        )
    upload.content_type = content_type
    return content_type


class PublicComplaintForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    id_number = forms.CharField(label=_("ID number"), max_length=40, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    address = forms.CharField(label=_("Postal address"), max_length=500, required=False)
    product = forms.CharField(label=_("Product or service"), max_length=120, required=False)
    description = forms.CharField(label=_("What happened"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))
    desired_outcome = forms.CharField(
        label=_("What would you like us to do"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(label=_("Language for our letters"), choices=settings.LANGUAGES)
    attachments = MultipleFileField(
        label=_("Documents (optional)"),
        required=False,
        help_text=_("PDF, images or Office documents, up to 20 MB each."),
    )
    consent = forms.BooleanField(
        label=_("I have read the privacy notice and agree that my data is used to handle this complaint."),
        required=True,
    )
    narrative_consent = forms.BooleanField(
        label=_("You may publish what I wrote, with my personal details removed, in anonymous complaint statistics."),
        required=False,
        help_text=_("Optional. We handle your complaint the same either way."),
    )
    # The honeypot: hidden from people, filled in by bots.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_attachments(self) -> list[UploadedFile]:
        files: list[UploadedFile] = self.cleaned_data.get("attachments") or []
        if len(files) > MAX_FILES:
            raise forms.ValidationError(_("At most %(n)s files."), params={"n": MAX_FILES})
        errors = []
        for upload in files:
            try:
                check_upload(upload)
            except forms.ValidationError as exc:
                errors.append(exc)
        if errors:
            raise forms.ValidationError(errors)
        return files

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("phone") or data.get("email") or data.get("address")):
            raise forms.ValidationError(_("Give at least one way to reach you: phone, email or address."))
        return data

    @property
    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


def web_submit(form: PublicComplaintForm) -> tuple[Complaint, str]:
    """Register the form's complaint and its files in one transaction; returns (complaint, tracking secret)."""
    d = form.cleaned_data
    registration = Registration(
        channel="web",
        customer=CustomerDetails(
            name=d["name"].strip(),
            id_number=d["id_number"].strip(),
            phone=d["phone"].strip(),
            email=d["email"].strip(),
            address=d["address"].strip(),
        ),
        description=d["description"].strip(),
        desired_outcome=d["desired_outcome"].strip(),
        product=d["product"].strip(),
        language=d["language"],
        narrative_consent=bool(d.get("narrative_consent")),
        extra={"consent": "privacy_notice"},
    )
    with transaction.atomic():
        done, _dups = intake_register_detailed(registration=registration)
        complaint = done.complaint
        for upload in d["attachments"]:
            evidence_add(reference=complaint.reference, upload=upload, actor=CUSTOMER_ACTOR, user=None)
        # Issued by the registration (intake.tracking); a fresh one only if no hook ran.
        secret = str(done.shown.get("tracking_code") or tracking_secret_issue(complaint))
    return complaint, secret
