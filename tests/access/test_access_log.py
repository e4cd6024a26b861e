"""Every view of a complaint's personal data shown unmasked leaves one access record (who, when, what, why);
a reader who sees it masked leaves none. Compliance lists them per customer and per member of staff."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from redress.access.models import AccessBasis, AccessKind, AccessRecord
from redress.accounts.models import User
from redress.complaints.lifecycle import SAMPLE_CUSTOMER, register, walk
from redress.complaints.models import Complaint
from redress.complaints.services.actor import actor_for
from redress.complaints.services.evidence import evidence_add
from redress.correspondence.models import Letter


@pytest.fixture
def complaint(people: dict[str, User]) -> Complaint:
    """Assigned to `handler` (unmasked by duty); `handler2` and `manager` see it masked; with a PDF and a letter."""
    c = walk(register(by=people["intake"]), "investigating", people)
    upload = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 statement", content_type="application/pdf")
    evidence_add(reference=c.reference, upload=upload, actor=actor_for(people["handler"]), user=people["handler"])
    assert Letter.objects.filter(complaint=c).exists()
    return c


def browser(people: dict[str, User], who: str) -> Client:
    client = Client()
    client.force_login(people[who])
    return client


def views(api: Any, people: dict[str, User], who: str, c: Complaint) -> dict[AccessKind, int]:
    """Each kind of view once, as `who`: its status code."""
    base = f"/api/v1/complaints/{c.reference}/"
    page = browser(people, who)
    evidence = c.evidence.get()
    letter = Letter.objects.filter(complaint=c).first()
    assert letter is not None
    return {
        AccessKind.PAGE: page.get(f"/complaints/{c.reference}/").status_code,
        AccessKind.API_DETAIL: api(who).get(base).status_code,
        AccessKind.API_EVENTS: api(who).get(f"{base}events/").status_code,
        AccessKind.API_LETTERS: api(who).get(f"{base}letters/").status_code,
        AccessKind.EVIDENCE: page.get(f"/complaints/{c.reference}/evidence/{evidence.pk}/").status_code,
        AccessKind.LETTER_PDF: api(who).get(f"{base}letters/{letter.pk}/pdf/").status_code,
    }


@pytest.mark.django_db
class TestRecording:
    def test_each_unmasked_view_is_recorded_once(self, api: Any, people: dict[str, User], complaint: Complaint) -> None:
        codes = views(api, people, "handler", complaint)
        assert set(codes.values()) == {200}
        records = AccessRecord.objects.filter(user=people["handler"])
        assert sorted(r.what for r in records) == sorted(codes)
        record = records.get(what=AccessKind.EVIDENCE)
        assert record.basis == AccessBasis.ASSIGNEE and record.item == str(complaint.evidence.get().pk)
        assert record.at.tzinfo is not None and record.phone_index == complaint.phone_index != ""

    def test_a_masked_reader_leaves_no_record_and_gets_no_file(
        self, api: Any, people: dict[str, User], complaint: Complaint
    ) -> None:
        codes = views(api, people, "handler2", complaint)
        assert codes.pop(AccessKind.EVIDENCE) == 403
        assert set(codes.values()) == {200}
        assert not AccessRecord.objects.exists()
        response = browser(people, "handler2").get(
            f"/complaints/{complaint.reference}/evidence/{complaint.evidence.get().pk}/"
        )
        assert response.json()["error"] == "evidence_masked"

    def test_compliance_is_recorded_on_its_duty_and_the_export_with_its_reason(
        self, api: Any, people: dict[str, User], complaint: Complaint
    ) -> None:
        response = api("compliance").post(
            f"/api/v1/complaints/{complaint.reference}/export/", {"reason": "regulator request"}, format="json"
        )
        assert response.status_code == 200
        record = AccessRecord.objects.get()
        assert (record.what, record.basis, record.reason) == (
            AccessKind.EXPORT,
            AccessBasis.COMPLIANCE,
            "regulator request",
        )
        # The manager's export is masked: nothing recorded, the PDF left out of it.
        response = api("manager").post(
            f"/api/v1/complaints/{complaint.reference}/export/", {"reason": "board"}, format="json"
        )
        assert response.status_code == 200 and AccessRecord.objects.count() == 1
        assert b"evidence-withheld.json" in response.content

    def test_a_reveal_is_recorded_with_the_reason_given(
        self, api: Any, people: dict[str, User], complaint: Complaint
    ) -> None:
        page = browser(people, "manager")
        reveal = page.post(f"/complaints/{complaint.reference}/reveal/", {"reveal-reason": "customer on the phone"})
        assert reveal.status_code == 200
        url = f"/api/v1/complaints/{complaint.reference}/actions/reveal_pii/"
        assert api("manager").post(url, {"reason": "call back"}, format="json").status_code == 200
        found = {(r.what, r.basis, r.reason) for r in AccessRecord.objects.filter(user=people["manager"])}
        assert found == {
            (AccessKind.PAGE, AccessBasis.REVEAL, "customer on the phone"),
            (AccessKind.API_DETAIL, AccessBasis.REVEAL, "call back"),
        }


@pytest.fixture
def logged(api: Any, people: dict[str, User], complaint: Complaint) -> Complaint:
    """Two complaints of different customers, seen by the handler and by compliance."""
    customer = replace(SAMPLE_CUSTOMER, name="李四", phone="13700001111", email="li@example.com", id_number="")
    other = register(by=people["intake"], customer=customer)
    api("handler").get(f"/api/v1/complaints/{complaint.reference}/")
    api("compliance").get(f"/api/v1/complaints/{complaint.reference}/events/")
    api("compliance").get(f"/api/v1/complaints/{other.reference}/")
    return other


@pytest.mark.django_db
class TestListing:
    def test_the_api_lists_per_customer_and_per_staff(self, api: Any, complaint: Complaint, logged: Complaint) -> None:
        url = "/api/v1/privacy/access/"
        by_phone = api("compliance").get(url, {"customer": "+86 138-1234-5678"}).json()
        assert by_phone["count"] == 2 and {r["complaint"] for r in by_phone["results"]} == {complaint.reference}
        by_email = api("auditor").get(url, {"customer": "LI@example.com"}).json()
        assert [r["complaint"] for r in by_email["results"]] == [logged.reference]
        by_staff = api("compliance").get(url, {"staff": "compliance"}).json()
        assert {r["what"] for r in by_staff["results"]} == {"api_events", "api_detail"} and by_staff["count"] == 2

    def test_bad_filters_are_a_400_naming_the_field_and_others_may_not_look(self, api: Any, logged: Complaint) -> None:
        response = api("compliance").get("/api/v1/privacy/access/", {"staff": "nobody", "from": "2026-13-01"})
        assert response.status_code == 400 and set(response.json()["detail"]) == {"staff", "from"}
        assert api("handler").get("/api/v1/privacy/access/").status_code == 403

    @pytest.mark.parametrize("language", ["en", "zh-hans", "zh-hant"])
    def test_the_page_and_csv_list_them_in_three_languages(
        self, people: dict[str, User], complaint: Complaint, logged: Complaint, language: str
    ) -> None:
        client = browser(people, "compliance")
        client.cookies["django_language"] = language
        with translation.override(language):
            title, what = gettext("Access to personal data"), str(AccessKind.API_DETAIL.label)
            page = client.get("/privacy/access/", {"staff": "handler"}, HTTP_ACCEPT_LANGUAGE=language)
            assert page.status_code == 200
            text = page.content.decode()
            assert title in text and complaint.reference in text and logged.reference not in text
            response = client.get("/privacy/access/csv/", {"customer": "li@example.com"}, HTTP_ACCEPT_LANGUAGE=language)
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode().lstrip("\ufeff"))))
        assert len(rows) == 2 and rows[1][1] == "compliance" and rows[1][3] == logged.reference and rows[1][4] == what
        assert browser(people, "handler").get("/privacy/access/").status_code == 403
