"""Who marks a teaching case, on which complaints, and what the library keeps of every change."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from redress.casebook.api.serializers import CaseOut, CasesOut, UnmarkedOut
from redress.casebook.models import CaseChange, TeachingCase
from redress.complaints.lifecycle import register, walk
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["compliance", "manager"])
def test_it_lets_compliance_and_managers_mark_a_closed_complaint(closed_complaint: Any, api: Any, who: str) -> None:
    complaint = closed_complaint()
    answer = api(who).post(
        "/api/v1/casebook/cases/", {"complaint": complaint.reference, "lesson": "核对批处理。"}, format="json"
    )
    assert answer.status_code == 201, answer.json()
    assert_shape(CaseOut, answer.json())
    assert answer.json()["complaint"] == complaint.reference  # they may see the complaint anyway
    assert CaseChange.objects.filter(case_id=answer.json()["id"], kind="marked").count() == 1


@pytest.mark.parametrize("who", ["handler", "intake", "approver", "analyst", "auditor", "admin"])
def test_it_refuses_marking_to_everyone_else(closed_complaint: Any, api: Any, who: str) -> None:
    complaint = closed_complaint()
    answer = api(who).post("/api/v1/casebook/cases/", {"complaint": complaint.reference, "lesson": "x"}, format="json")
    assert answer.status_code == 403
    assert answer.json()["error"] == "forbidden"
    assert not TeachingCase.objects.exists()


def test_it_refuses_an_open_complaint_clearly(people: Any, api: Any, browser: Any) -> None:
    complaint = walk(register(by=people["intake"]), "investigating", people)
    answer = api("compliance").post(
        "/api/v1/casebook/cases/", {"complaint": complaint.reference, "lesson": "x"}, format="json"
    )
    assert (answer.status_code, answer.json()["error"]) == (409, "not_closed")
    page = browser("compliance").post("/casebook/cases/new/", {"complaint": complaint.reference, "lesson": "x"})
    assert page.status_code == 400
    assert "Only a closed complaint can become a teaching case." in page.content.decode()


def test_it_names_the_missing_lesson_and_the_unknown_complaint(closed_complaint: Any, api: Any) -> None:
    complaint = closed_complaint()
    client = api("compliance")
    missing = client.post("/api/v1/casebook/cases/", {"complaint": complaint.reference}, format="json")
    assert missing.status_code == 400 and "lesson" in missing.json()["detail"]
    blank = client.post("/api/v1/casebook/cases/", {"complaint": complaint.reference, "lesson": "  "}, format="json")
    assert blank.status_code == 400 and "lesson" in blank.json()["detail"]
    unknown = client.post("/api/v1/casebook/cases/", {"complaint": "CMP-20990101-000001", "lesson": "x"}, format="json")
    assert unknown.status_code == 404


def test_it_marks_a_complaint_once(closed_complaint: Any, api: Any, mark: Any) -> None:
    complaint = closed_complaint()
    mark(complaint)
    again = api("manager").post(
        "/api/v1/casebook/cases/", {"complaint": complaint.reference, "lesson": "y"}, format="json"
    )
    assert (again.status_code, again.json()["error"]) == (409, "already_marked")


def test_the_page_marks_a_case_from_the_complaint(closed_complaint: Any, browser: Any) -> None:
    complaint = closed_complaint()
    client = browser("manager")
    detail = client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert f"/casebook/cases/new/?complaint={complaint.reference}" in detail
    form = client.get(f"/casebook/cases/new/?complaint={complaint.reference}")
    assert form.status_code == 200 and f'value="{complaint.reference}"' in form.content.decode()
    done = client.post("/casebook/cases/new/", {"complaint": complaint.reference, "lesson": "先查批处理。"})
    case = TeachingCase.objects.get()
    assert done.status_code == 302 and done["Location"] == f"/casebook/cases/{case.pk}/"
    assert "This complaint is a teaching case" in client.get(f"/complaints/{complaint.reference}/").content.decode()
    assert browser("handler").get("/casebook/cases/new/").status_code == 403


def test_only_markers_see_which_complaint_it_was(closed_complaint: Any, mark: Any, api: Any, browser: Any) -> None:
    complaint = closed_complaint()
    case = mark(complaint)
    assert api("handler").get(f"/api/v1/casebook/cases/{case.pk}/").json()["complaint"] is None
    assert api("compliance").get(f"/api/v1/casebook/cases/{case.pk}/").json()["complaint"] == complaint.reference
    assert complaint.reference not in browser("analyst").get(f"/casebook/cases/{case.pk}/").content.decode()
    assert complaint.reference in browser("manager").get(f"/casebook/cases/{case.pk}/").content.decode()


@pytest.mark.parametrize(
    "who", ["intake", "handler", "approver", "manager", "compliance", "analyst", "auditor", "admin"]
)
def test_every_staff_role_reads_the_library(closed_complaint: Any, mark: Any, api: Any, browser: Any, who: str) -> None:
    case = mark(closed_complaint())
    assert browser(who).get("/casebook/").status_code == 200
    assert browser(who).get(f"/casebook/cases/{case.pk}/").status_code == 200
    listed = api(who).get("/api/v1/casebook/cases/")
    assert listed.status_code == 200
    assert_shape(CasesOut, listed.json())


def test_signed_out_nobody_reads_it(api: Any, browser: Any) -> None:
    assert api(None).get("/api/v1/casebook/cases/").status_code == 401
    assert browser(None).get("/casebook/").status_code == 302


def test_the_lesson_is_edited_and_the_case_unmarked_with_history(closed_complaint: Any, mark: Any, api: Any) -> None:
    complaint = closed_complaint()
    case = mark(complaint)
    assert api("handler").patch(f"/api/v1/casebook/cases/{case.pk}/", {"lesson": "x"}, format="json").status_code == 403
    changed = api("manager").patch(
        f"/api/v1/casebook/cases/{case.pk}/", {"lesson": "新的教训", "required_for_year": 2027}, format="json"
    )
    assert changed.status_code == 200
    assert (changed.json()["lesson"], changed.json()["required_for_year"]) == ("新的教训", 2027)
    assert api("handler").delete(f"/api/v1/casebook/cases/{case.pk}/").status_code == 403
    unmarked = api("compliance").delete(f"/api/v1/casebook/cases/{case.pk}/")
    assert unmarked.status_code == 200
    assert_shape(UnmarkedOut, unmarked.json())
    assert api("handler").get(f"/api/v1/casebook/cases/{case.pk}/").status_code == 404
    assert api("handler").get("/api/v1/casebook/cases/").json()["count"] == 0
    kinds = list(CaseChange.objects.filter(case=case).values_list("kind", "lesson"))
    assert kinds == [("marked", case.lesson), ("changed", "新的教训"), ("unmarked", "新的教训")]
    # Marked again: back in the library with a fresh snapshot, the history kept.
    again = api("compliance").post(
        "/api/v1/casebook/cases/", {"complaint": complaint.reference, "lesson": "再次"}, format="json"
    )
    assert again.status_code == 201 and again.json()["id"] == case.pk
    assert CaseChange.objects.filter(case=case).count() == 4


def test_the_page_edits_and_unmarks(closed_complaint: Any, mark: Any, browser: Any) -> None:
    case = mark(closed_complaint())
    client = browser("compliance")
    assert "Edit the lesson" in client.get(f"/casebook/cases/{case.pk}/").content.decode()
    assert "Edit the lesson" not in browser("handler").get(f"/casebook/cases/{case.pk}/").content.decode()
    client.post(f"/casebook/cases/{case.pk}/edit/", {"lesson": "改过的教训", "required_for_year": ""})
    assert TeachingCase.objects.get(pk=case.pk).lesson == "改过的教训"
    assert browser("handler").post(f"/casebook/cases/{case.pk}/unmark/").status_code == 403
    assert client.post(f"/casebook/cases/{case.pk}/unmark/").status_code == 302
    assert TeachingCase.objects.get(pk=case.pk).unmarked_at is not None


def test_the_command_line_marks_a_case(closed_complaint: Any) -> None:
    complaint = closed_complaint()
    out = StringIO()
    call_command("casebook", "mark", complaint.reference, "--lesson", "先查批处理", "--as", "compliance", stdout=out)
    assert "Teaching case" in out.getvalue()
    with pytest.raises(CommandError, match="already a teaching case"):
        call_command("casebook", "mark", complaint.reference, "--lesson", "x", "--as", "compliance")
    with pytest.raises(CommandError, match="Only compliance and managers"):
        call_command("casebook", "mark", complaint.reference, "--lesson", "x", "--as", "handler")
