"""Archive: read-only after the review window, kept for the jurisdiction's years, exportable as one file."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from redress.accounts.models import User
from redress.complaints.lifecycle import act, register, walk
from redress.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def archived(people: dict[str, User], **kw: Any) -> Complaint:
    complaint = walk(register(by=people["intake"], **kw), "closed", people)
    Complaint.objects.filter(pk=complaint.pk).update(review_window_ends_at=timezone.now() - timedelta(seconds=1))
    return act(complaint, "archive", by=people["compliance"])


def test_archiving_sets_the_retention_date_by_jurisdiction(people: dict[str, User]) -> None:
    cn = archived(people, jurisdiction="CN-NFRA")
    assert cn.retain_until == timezone.localdate(cn.closed_at).replace(year=timezone.localdate().year + 5)
    uk = archived(people, jurisdiction="UK-FCA", received_at=timezone.now() - timedelta(days=40))
    assert uk.retain_until == timezone.localdate(uk.received_at).replace(
        year=timezone.localdate(uk.received_at).year + 3
    )


def test_an_archived_complaint_is_read_only(api: Any, people: dict[str, User]) -> None:
    complaint = archived(people)
    body = api("compliance").get(f"/api/v1/complaints/{complaint.reference}/").json()
    assert body["status"] == "archived"
    assert set(body["allowed_actions"]) <= {"export", "reveal_pii"}


def test_the_export_is_one_zip_with_timeline_letters_evidence_and_a_manifest(api: Any, people: dict[str, User]) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    upload = SimpleUploadedFile("流水.pdf", b"%PDF-1.4 statement", content_type="application/pdf")
    api("handler").post(f"/api/v1/complaints/{complaint.reference}/attachments/", {"file": upload}, format="multipart")
    url = f"/api/v1/complaints/{complaint.reference}/export/"
    assert api("handler").post(url, {"reason": "x"}, format="json").status_code == 403
    assert api("compliance").post(url, {}, format="json").status_code == 400
    response = api("compliance").post(url, {"reason": "监管调阅"}, format="json")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = {name.split("/", 1)[1] for name in archive.namelist()}
    assert {"complaint.json", "timeline.json", "resolutions.json", "deadlines.json", "manifest.json"} <= names
    assert any(name.startswith("letters/") and "acknowledgement" in name for name in names)
    assert any(name.startswith("evidence/") for name in names)
    record = json.loads(archive.read(f"{complaint.reference}/complaint.json"))
    assert record["customer"]["phone"] == "13812345678"
    timeline = json.loads(archive.read(f"{complaint.reference}/timeline.json"))
    assert timeline[-1]["kind"] == "export" and len(timeline[-1]["hash"]) == 64
