"""Reading confirmations (idempotent) and the training report: per department, as a page, JSON, CSV and CLI."""

from __future__ import annotations

import csv
import io
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from redress.casebook.api.serializers import ConfirmOut, TrainingOut
from redress.casebook.models import Guide, ReadingConfirmation
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


@pytest.fixture
def required(closed_complaint: Any, mark: Any) -> dict[str, Any]:
    guide = Guide.objects.create(title_en="Annual conduct guide", body_en="Read me.", required_for_year=YEAR)
    case = mark(closed_complaint(), lesson="Required case.", required_for_year=YEAR)
    mark(closed_complaint(), lesson="Not required.")
    Guide.objects.create(title_en="Next year's guide", body_en="Later.", required_for_year=YEAR + 1)
    return {"guide": guide, "case": case}


def test_confirming_twice_records_once(required: dict[str, Any], api: Any, browser: Any) -> None:
    client = api("handler")
    url = f"/api/v1/casebook/guides/{required['guide'].pk}/confirm/"
    first, second = client.post(url), client.post(url)
    assert (first.status_code, second.status_code) == (201, 200)
    assert_shape(ConfirmOut, first.json())
    assert (first.json()["created"], second.json()["created"]) == (True, False)
    assert first.json()["year"] == YEAR
    page = browser("handler2")
    for _ in range(2):
        assert page.post(f"/casebook/cases/{required['case'].pk}/confirm/").status_code == 302
    assert ReadingConfirmation.objects.filter(user__username="handler2").count() == 1
    assert (
        "You have confirmed reading this case" in page.get(f"/casebook/cases/{required['case'].pk}/").content.decode()
    )
    assert api("handler").get(f"/api/v1/casebook/guides/{required['guide'].pk}/").json()["read_this_year"] is True
    assert api("handler").post("/api/v1/casebook/cases/999999/confirm/").status_code == 404


def _read(api: Any, who: str, *items: str, required: dict[str, Any]) -> None:
    for item in items:
        kind = "guides" if item == "guide" else "cases"
        assert api(who).post(f"/api/v1/casebook/{kind}/{required[item].pk}/confirm/").status_code == 201


def test_the_report_counts_per_department(required: dict[str, Any], api: Any, people: Any) -> None:
    _read(api, "handler", "guide", "case", required=required)
    _read(api, "handler2", "guide", required=required)
    # Read last year: does not count for this year.
    ReadingConfirmation.objects.create(user=people["senior"], case=required["case"], year=YEAR - 1)
    answer = api("compliance").get("/api/v1/casebook/training/", {"year": YEAR})
    assert answer.status_code == 200
    assert_shape(TrainingOut, answer.json())
    report = answer.json()
    assert [(r["kind"], r["id"]) for r in report["required"]] == [
        ("guide", required["guide"].pk),
        ("case", required["case"].pk),
    ]
    departments = {d["code"]: d for d in report["departments"]}
    assert set(departments) == {"cards", "compliance", "loans", "service", ""}
    cards = departments["cards"]
    staff = {s["username"]: s for s in cards["staff"]}
    assert set(staff) == {"handler", "handler2", "senior", "approver", "approver_small", "manager"}
    assert (staff["handler"]["read"], staff["handler"]["required"], staff["handler"]["complete"]) == (2, 2, True)
    assert (staff["handler2"]["read"], staff["handler2"]["complete"]) == (1, False)
    assert [m["kind"] for m in staff["handler2"]["missing"]] == ["case"]
    assert staff["senior"]["read"] == 0
    assert (cards["staff_count"], cards["complete"], cards["incomplete"]) == (6, 1, 5)
    assert {s["username"] for s in departments[""]["staff"]} == {"analyst", "auditor", "admin"}


def test_a_manager_sees_their_department_only(required: dict[str, Any], api: Any, browser: Any) -> None:
    answer = api("manager").get("/api/v1/casebook/training/")
    assert [d["code"] for d in answer.json()["departments"]] == ["cards"]
    assert api("manager").get("/api/v1/casebook/training/", {"department": "loans"}).status_code == 403
    assert api("compliance").get("/api/v1/casebook/training/", {"department": "loans"}).status_code == 200
    assert api("compliance").get("/api/v1/casebook/training/", {"department": "nowhere"}).status_code == 400
    assert api("compliance").get("/api/v1/casebook/training/", {"year": "abc"}).json()["detail"].keys() == {"year"}
    page = browser("manager").get("/casebook/training/").content.decode()
    assert 'data-department="cards"' in page and 'data-department="loans"' not in page


@pytest.mark.parametrize("who", ["handler", "analyst", "auditor", "intake"])
def test_others_do_not_see_the_report(who: str, api: Any, browser: Any) -> None:
    assert api(who).get("/api/v1/casebook/training/").status_code == 403
    assert browser(who).get("/casebook/training/").status_code == 403


def test_the_report_as_a_page_and_csv(required: dict[str, Any], api: Any, browser: Any) -> None:
    _read(api, "handler", "guide", "case", required=required)
    page = browser("compliance").get("/casebook/training/", {"year": YEAR}).content.decode()
    assert 'data-user="handler" data-complete="yes"' in page
    assert 'data-user="handler2" data-complete="no"' in page
    assert "Annual conduct guide" in page
    for response in (
        api("compliance").get("/api/v1/casebook/training/", {"year": YEAR, "format": "csv"}),
        browser("compliance").get("/casebook/training/", {"year": YEAR, "format": "csv"}),
    ):
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
        assert rows[0][:3] == ["Department / 部门", "Department name / 部门名称", "Username / 用户名"]
        by_user = {row[2]: row for row in rows[1:]}
        assert by_user["handler"][5:8] == ["2", "2", "yes / 是"]
        assert by_user["handler2"][5:8] == ["2", "0", "no / 否"]
        assert "Annual conduct guide" in by_user["handler2"][8]


def test_the_command_line_writes_the_report(required: dict[str, Any], api: Any, tmp_path: Path) -> None:
    _read(api, "handler", "guide", required=required)
    target = tmp_path / "training.csv"
    out = StringIO()
    call_command("casebook", "training", "--year", str(YEAR), "--output", str(target), stdout=out)
    rows = list(csv.reader(io.StringIO(target.read_text(encoding="utf-8").lstrip("\ufeff"))))
    assert {row[2]: row[6] for row in rows[1:]}["handler"] == "1"
    out = StringIO()
    call_command("casebook", "training", "--year", str(YEAR), "--department", "cards", "--format", "json", stdout=out)
    report = json.loads(out.getvalue())
    assert [d["code"] for d in report["departments"]] == ["cards"]
    with pytest.raises(CommandError, match="own department"):
        call_command("casebook", "training", "--department", "loans", "--as", "manager", stdout=StringIO())
    with pytest.raises(CommandError, match="Only managers"):
        call_command("casebook", "training", "--as", "handler", stdout=StringIO())


def test_the_command_line_speaks_the_language_asked_for(required: dict[str, Any]) -> None:
    names = {}
    for language in ("en", "zh-hans"):
        out = StringIO()
        call_command(
            "casebook", "training", "--department", "cards", "--format", "json", "--language", language, stdout=out
        )
        names[language] = json.loads(out.getvalue())["departments"][0]["name"]
    assert names == {"en": "Card centre", "zh-hans": "信用卡中心"}
