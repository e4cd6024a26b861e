"""The queue's API at volume: sorts with cursors, export (CSV, XLSX) masked per role, bulk actions, saved views."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from openpyxl import load_workbook

from redress.accounts.models import User
from redress.audit.models import Event
from redress.complaints.api.queue import BulkOut, SavedViewOut, SavedViewsOut
from redress.complaints.lifecycle import register, walk
from redress.complaints.models import Complaint
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db


def made(people: dict[str, User], state: str, **overrides: Any) -> Complaint:
    return walk(register(by=people["intake"], **overrides), state, people)


def csv_rows(response: Any) -> list[dict[str, str]]:
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_the_list_sorts_by_a_column_both_ways_through_its_cursor(api: Any, people: dict[str, User]) -> None:
    complaints = [made(people, state) for state in ("received", "triaged", "assigned", "received")]
    client = api("manager")
    for sort, expected in (
        ("reference", sorted(c.reference for c in complaints)),
        ("-reference", sorted((c.reference for c in complaints), reverse=True)),
        ("status", [c.reference for c in sorted(complaints, key=lambda c: (c.status, c.id))]),
    ):
        seen: list[str] = []
        url: str | None = f"/api/v1/complaints/?sort={sort}&page_size=1"
        while url:
            body = client.get(url).json()
            seen += [row["reference"] for row in body["results"]]
            url = body["next"]
        assert seen == expected, sort


def test_an_unknown_sort_is_the_default_order(api: Any, people: dict[str, User]) -> None:
    complaints = [made(people, "received") for _ in range(2)]
    body = api("manager").get("/api/v1/complaints/?sort=nonsense").json()
    assert [r["reference"] for r in body["results"]] == [c.reference for c in complaints][::-1]


def test_csv_export_masks_for_a_masked_role_and_not_for_compliance(api: Any, people: dict[str, User]) -> None:
    complaint = made(people, "assigned", description="请拨打13900001111联系我，年费重复扣取。")
    made(people, "closed")
    response = api("manager").get("/api/v1/complaints/export.csv?open=1")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = csv_rows(response)
    assert [r["Reference"] for r in rows] == [complaint.reference]
    assert rows[0]["Customer"] == "张*" and "13900001111" not in rows[0]["Summary"]
    assert rows[0]["Time zone of the deadline"] == "Asia/Shanghai"
    full = csv_rows(api("compliance").get("/api/v1/complaints/export.csv?open=1"))
    assert full[0]["Customer"] == "张三" and "13900001111" in full[0]["Summary"]


def test_export_sees_only_what_the_caller_may_see(api: Any, people: dict[str, User]) -> None:
    made(people, "assigned")
    assert csv_rows(api("outsider").get("/api/v1/complaints/export.csv")) == []
    assert api(None).get("/api/v1/complaints/export.csv").status_code in (401, 403)


def test_xlsx_export_masked_per_role(api: Any, people: dict[str, User]) -> None:
    complaint = made(people, "assigned")
    for who, name in (("manager", "张*"), ("compliance", "张三")):
        response = api(who).get("/api/v1/complaints/export.xlsx")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True).active
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        found = dict(zip(rows[0], rows[1], strict=True))
        assert found["Reference"] == complaint.reference and found["Customer"] == name


def test_an_unknown_flag_is_refused_before_any_export(api: Any, people: dict[str, User]) -> None:
    response = api("manager").get("/api/v1/complaints/export.csv?flag=nonsense")
    assert response.status_code == 400 and "flag" in str(response.json())


def test_bulk_assign_does_what_it_may_and_lists_each_refusal_with_why(api: Any, people: dict[str, User]) -> None:
    first, second = made(people, "triaged"), made(people, "triaged")
    received = made(people, "received")
    naming = made(people, "triaged", named_staff=people["handler"])
    refs = [first.reference, received.reference, naming.reference, second.reference, "CMP-20990101-999999"]
    response = api("manager").post(
        "/api/v1/complaints/bulk/",
        {"action": "assign", "references": refs, "payload": {"assignee": "handler"}},
        format="json",
    )
    assert response.status_code == 200
    body = response.json()
    assert_shape(BulkOut, body)
    assert body["done"] == [first.reference, second.reference]
    failed = {f["reference"]: f for f in body["failed"]}
    assert set(failed) == {received.reference, naming.reference, "CMP-20990101-999999"}
    assert failed[naming.reference]["code"] == "recused"
    assert failed["CMP-20990101-999999"]["code"] == "not_found"
    assert all(f["detail"] for f in body["failed"])
    for complaint in (first, second):
        assert Event.objects.filter(complaint=complaint, kind="assign").exists()
    assert not Event.objects.filter(complaint__in=[received, naming], kind="assign").exists()


def test_bulk_extend_refused_for_a_role_not_in_the_table(api: Any, people: dict[str, User]) -> None:
    complaint = made(people, "investigating")
    body = (
        api("intake")
        .post(
            "/api/v1/complaints/bulk/",
            {"action": "extend_deadline", "references": [complaint.reference], "payload": {"reason": "需要外部鉴定"}},
            format="json",
        )
        .json()
    )
    assert body["done"] == [] and body["failed"][0]["code"] in ("role", "forbidden", "not_found")


def test_bulk_refuses_an_action_it_does_not_offer_naming_the_field(api: Any, people: dict[str, User]) -> None:
    complaint = made(people, "triaged")
    response = api("manager").post(
        "/api/v1/complaints/bulk/", {"action": "close", "references": [complaint.reference]}, format="json"
    )
    assert response.status_code == 400 and "action" in str(response.json())


def test_saved_views_personal_and_shared(api: Any, people: dict[str, User]) -> None:
    response = api("handler").post("/api/v1/views/", {"name": "逾期", "query": "due=overdue&cursor=x"}, format="json")
    assert response.status_code == 201
    assert_shape(SavedViewOut, response.json())
    mine = response.json()
    assert mine["query"] == "due=overdue&cursor=x" or mine["query"].startswith("due=overdue")
    assert api("handler").post("/api/v1/views/", {"name": "x", "shared": True}, format="json").status_code == 403
    assert (
        api("manager").post("/api/v1/views/", {"name": "全部", "query": "", "shared": True}, format="json").status_code
        == 201
    )
    own = api("handler").get("/api/v1/views/").json()
    assert_shape(SavedViewsOut, own)
    assert [(v["name"], v["mine"]) for v in own["results"]] == [("逾期", True), ("全部", False)]
    other = api("handler2").get("/api/v1/views/").json()["results"]
    assert [v["name"] for v in other] == ["全部"]
    assert api("handler2").delete(f"/api/v1/views/{mine['id']}/").status_code == 404
    assert api("handler").delete(f"/api/v1/views/{mine['id']}/").status_code == 204
    assert api("handler").post("/api/v1/views/", {"name": ""}, format="json").status_code == 400


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_defused(api: Any, people: dict[str, User]) -> None:
    made(people, "assigned", description='=HYPERLINK("http://evil.example","年费")重复扣取年费，请退还。')
    rows = csv_rows(api("compliance").get("/api/v1/complaints/export.csv"))
    assert rows[0]["Summary"].startswith("'=HYPERLINK")
    response = api("compliance").get("/api/v1/complaints/export.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    summary = sheet.cell(row=2, column=header.index("Summary") + 1)
    assert summary.data_type == "s" and str(summary.value).startswith("'=HYPERLINK")


@pytest.mark.parametrize(
    "path", ["/api/v1/complaints/", "/api/v1/complaints/export.csv", "/api/v1/complaints/export.xlsx"]
)
def test_a_filter_with_a_nul_character_is_a_400_naming_it(api: Any, path: str) -> None:
    response = api("manager").get(path, {"root_cause": "\x00x", "q": "fee"})
    assert response.status_code == 400
    body = response.json()
    assert "root_cause" in str(body) and "q" not in body.get("fields", body)
