"""The CFPB layout's rules, the board pack's comparisons, the PDF, and `redress report returns`."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models.query import QuerySet

from redress.analytics.returns import RETURNS, board_mi
from tests.analytics.factmaker import make_fact
from tests.correspondence.test_pdf import embedded_fonts, needs_pdffonts

pytestmark = pytest.mark.django_db
NOV = (date(2026, 11, 1), date(2026, 11, 30))


@pytest.fixture
def book() -> None:
    us = "US-CFPB"
    make_fact(
        received="2026-11-02",
        answered="2026-11-10",
        jurisdiction=us,
        product="credit_card",
        reason="pricing_fees",
        outcome="upheld",
        redress=("USD", "25"),
        due="2026-11-17",
    )
    make_fact(
        received="2026-11-03",
        answered="2026-11-30",
        jurisdiction=us,
        product="mortgage",
        channel="letter",
        outcome="partly_upheld",
        due="2026-11-18",
    )
    make_fact(
        received="2026-11-04",
        answered="2026-11-12",
        jurisdiction=us,
        channel="phone",
        forwarded_by_regulator=True,
        flags=["vulnerable"],
    )
    make_fact(received="2026-11-20", jurisdiction=us, product="credit_card", reason="pricing_fees")
    make_fact(received="2026-10-05", jurisdiction=us, reason="pricing_fees")  # previous period, open at the end
    make_fact(received="2025-11-10", answered="2025-11-11", jurisdiction=us)  # a year before


def test_cfpb_rows_follow_the_documented_rules(book: None, settings: object) -> None:
    rows = list(RETURNS["us-cfpb"].rows(*NOV))
    assert [r["company_response"] for r in rows] == [
        "Closed with monetary relief",
        "Closed with non-monetary relief",
        "Closed with explanation",
        "In progress",
    ]
    assert [r["timely_response"] for r in rows] == ["Yes", "No", "Yes", ""]
    assert [r["submitted_via"] for r in rows] == ["Web", "Postal mail", "Referral", "Web"]
    first = rows[0]
    assert (first["product"], first["sub_product"], first["issue"]) == (
        "Credit card",
        "Credit card",
        "Fees or interest",
    )
    assert first["date_received"] == first["date_sent_to_company"] == "2026-11-02"
    assert first["narrative"] == first["state"] == first["zip_code"] == ""  # no consent recorded, no address
    assert first["company"] == "Redress Demo Bank"
    assert RETURNS["us-cfpb"].totals(*NOV, None) == {"complaints": 4, "closed": 3, "in_progress": 1}


def test_every_card_and_account_product_names_its_cfpb_product() -> None:
    # The CFPB files debit and ATM card problems under "Checking or savings account" ("Managing an account",
    # "Problem using a debit or ATM card"): a debit card complaint must not leave the Product column empty.
    from redress.codes import selectors as codes

    make_fact(received="2026-11-05", answered="2026-11-06", jurisdiction="US-CFPB", product="debit_card")
    (row,) = RETURNS["us-cfpb"].rows(*NOV)
    assert (row["product"], row["sub_product"]) == ("Checking or savings account", "Debit card")
    for code in ("current_account", "savings_account", "credit_card", "debit_card", "prepaid_card"):
        assert codes.cfpb_product_of(code), code
    # An imported "Checking or savings account" row still comes in as a current account.
    assert codes.product_for_cfpb("Checking or savings account") == "current_account"


def test_cfpb_rows_are_read_with_an_iterator(book: None, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int | None] = []
    real = QuerySet.iterator

    def spy(self: QuerySet, chunk_size: int | None = None):  # type: ignore[no-untyped-def]
        seen.append(chunk_size)
        return real(self, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    assert len(list(RETURNS["us-cfpb"].rows(*NOV))) == 4
    assert seen == [2000]


def test_board_pack_compares_with_the_previous_period_and_a_year_before(book: None) -> None:
    assert board_mi.previous_period(*NOV) == (date(2026, 10, 2), date(2026, 10, 31))
    assert board_mi.year_before(date(2028, 2, 29), date(2028, 3, 1)) == (date(2027, 2, 28), date(2027, 3, 1))
    rows = {r["metric"]: r for r in RETURNS["board-mi"].rows(*NOV)}
    assert (rows["received"]["current"], rows["received"]["previous"], rows["received"]["year_before"]) == (4, 1, 1)
    assert rows["received"]["change_vs_previous_percent"] == "300.0"
    assert rows["closed"]["change_vs_previous_percent"] is None  # nothing closed in October
    totals = RETURNS["board-mi"].totals(*NOV, None)
    assert totals["timeliness"]["within_deadline"] == 1 and totals["timeliness"]["after_deadline"] == 1
    assert totals["upheld"] == {"closed": 3, "upheld": 2, "upheld_percent": "66.7"}
    assert totals["redress"] == [{"currency": "USD", "paid": "25.00"}]
    assert totals["vulnerable"] == {"received": 4, "vulnerable": 1, "share_percent": "25.0"}
    assert {a["band"]: a["open"] for a in totals["ageing"]} == {"0-7": 0, "8-15": 1, "16-30": 0, "31-56": 1, "57+": 0}
    assert totals["top_reasons"][0]["reason"] == "pricing_fees" and totals["top_reasons"][0]["received"] == 2
    assert totals["spikes"] == []


def test_cli_writes_json_to_stdout_and_files(book: None, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("report", "returns", "us-cfpb", "--from", "2026-11-01", "--to", "2026-11-30", stdout=out)
    data = json.loads(out.getvalue())
    assert data["kind"] == "us-cfpb" and len(data["rows"]) == 4
    out = io.StringIO()
    call_command(
        "report", "returns", "uk-disp", "--from", "2026-11-01", "--to", "2026-11-30", "--format", "csv", stdout=out
    )
    assert out.getvalue().startswith("Product group / 产品大类,")
    target = tmp_path / "cn.xlsx"
    call_command(
        "report",
        "returns",
        "cn-stats",
        "--from",
        "2026-11-01",
        "--to",
        "2026-11-30",
        "--format",
        "xlsx",
        "--output",
        str(target),
    )
    assert target.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-11-31", "--to", "2026-12-01"], "--from"),
        (["--from", "2026-12-01", "--to", "2026-11-01"], "--to"),
        (["--from", "2026-11-01", "--to", "2026-11-30", "--format", "xlsx"], "--output"),
        (["--from", "2026-11-01", "--to", "2026-11-30", "--format", "pdf", "--output", "x.pdf"], "board-mi"),
    ],
)
def test_cli_refuses_bad_input_with_exit_status_2(args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("report", "returns", "uk-disp", *args)
    assert caught.value.returncode == 2
    assert message in str(caught.value)


@needs_pdffonts
def test_board_pack_pdf_embeds_the_chinese_font(book: None, api: object, tmp_path: Path) -> None:
    answer = api("compliance").get(  # type: ignore[operator]
        "/api/v1/reports/returns/board-mi/",
        {"from": "2026-11-01", "to": "2026-11-30", "format": "pdf"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert answer.status_code == 200 and answer["Content-Type"] == "application/pdf"
    assert answer.content.startswith(b"%PDF")
    fonts = embedded_fonts(answer.content, tmp_path)
    assert any("Noto-Sans-CJK-SC" in name for name in fonts), fonts
