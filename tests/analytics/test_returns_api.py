"""The returns over the API: who may read them, the period's errors, and each format."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from redress.analytics.api.returns_serializers import RETURN_OUT
from redress.analytics.returns import RETURNS
from tests.analytics.factmaker import make_fact
from tests.api_shape import assert_shape

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/returns/{}/"
H2 = {"from": "2026-07-01", "to": "2026-12-31"}


@pytest.fixture
def book() -> None:
    make_fact(
        received="2026-12-24",
        answered="2026-12-29",
        product="credit_card",
        outcome="partly_upheld",
        redress=("GBP", "50"),
        flags=["vulnerable"],
        reason="pricing_fees",
    )
    make_fact(received="2026-09-01", product="mortgage")
    make_fact(
        received="2026-10-01",
        answered="2026-10-05",
        jurisdiction="CN-NFRA",
        redress=("CNY", "12.5"),
        outcome="upheld",
        business="bank_card",
        reason="pricing_fees",
        due="2026-10-20",
    )
    make_fact(
        received="2026-11-01",
        answered="2026-11-30",
        jurisdiction="US-CFPB",
        product="credit_card",
        reason="pricing_fees",
        due="2026-11-16",
    )


@pytest.mark.parametrize("who", ["compliance", "analyst", "auditor", "admin"])
def test_the_readers_get_every_kind_as_declared(api: Any, book: None, who: str) -> None:
    for kind in RETURNS:
        answer = api(who).get(URL.format(kind), H2)
        assert answer.status_code == 200, (kind, answer.content)
        data = answer.json()
        assert_shape(RETURN_OUT[kind], data)
        assert (data["kind"], data["from"], data["to"]) == (kind, "2026-07-01", "2026-12-31")


def test_others_are_refused(api: Any) -> None:
    assert api("handler").get(URL.format("uk-disp"), H2).status_code == 403
    assert api("manager").get(URL.format("board-mi"), H2).status_code == 403
    assert api(None).get(URL.format("uk-disp"), H2).status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2026-12-31"}, "from"),
        ({"from": "2026-07-01"}, "to"),
        ({"from": "2026-13-01", "to": "2026-12-31"}, "from"),
        ({"from": "2026-07-01", "to": "31/12/2026"}, "to"),
        ({"from": "2026-12-31", "to": "2026-07-01"}, "to"),
        ({**H2, "format": "docx"}, "format"),
        ({**H2, "format": "pdf"}, "format"),  # pdf is board-mi's only
    ],
)
def test_a_bad_period_or_format_is_a_400_naming_the_field(api: Any, query: dict[str, str], field: str) -> None:
    answer = api("compliance").get(URL.format("uk-disp"), query)
    assert answer.status_code == 400
    assert field in answer.json()["detail"]


def test_an_unknown_kind_is_a_404(api: Any) -> None:
    answer = api("compliance").get(URL.format("fr-acpr"), H2)
    assert answer.status_code == 404
    assert answer.json()["error"] == "not_found"


def test_the_json_counts_are_integers_and_money_decimal_strings(api: Any, book: None) -> None:
    data = api("analyst").get(URL.format("uk-disp"), H2).json()
    cards = next(r for r in data["rows"] if r["product"] == "Credit cards")
    assert cards["closed_within_3_business_days"] == 1
    assert (cards["upheld_percent"], cards["redress_paid"]) == ("100.0", "50.00")
    assert data["totals"]["opened"] == 2


def test_csv_streams_with_bilingual_headers(api: Any, book: None) -> None:
    answer = api("compliance").get(URL.format("uk-disp"), {**H2, "format": "csv"})
    assert answer.status_code == 200
    assert isinstance(answer, StreamingHttpResponse)
    assert answer["Content-Disposition"] == 'attachment; filename="uk-disp-2026-07-01-2026-12-31.csv"'
    text = b"".join(answer.streaming_content).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][:4] == [
        "Product group / 产品大类",
        "Product / 产品",
        "Outstanding at start / 期初未结",
        "Opened / 新增",
    ]
    assert [row[1] for row in table[1:]] == ["Credit cards", "Mortgages"]


def test_the_cfpb_csv_has_the_sixteen_columns(api: Any, book: None) -> None:
    answer = api("auditor").get(URL.format("us-cfpb"), {**H2, "format": "csv"})
    table = list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))
    assert [h.split(" / ")[0] for h in table[0]] == [
        "Date received",
        "Product",
        "Sub-product",
        "Issue",
        "Sub-issue",
        "Consumer complaint narrative",
        "Company public response",
        "Company",
        "State",
        "ZIP code",
        "Tags",
        "Submitted via",
        "Date sent to company",
        "Company response to consumer",
        "Timely response?",
        "Complaint ID",
    ]
    assert len(table) == 1 + 4


def test_xlsx_carries_the_same_rows(api: Any, book: None) -> None:
    answer = api("compliance").get(URL.format("cn-stats"), {**H2, "format": "xlsx"})
    assert answer.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
    values = list(sheet.values)
    assert values[0][0] == "Channel / 投诉渠道"
    assert values[1][:4] == ("Electronic channel · online banking", "Bank cards", "Pricing and fees", 1)
