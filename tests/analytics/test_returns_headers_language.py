"""The returns' CSV and XLSX head each column in English and in the reader's Chinese, from the catalogue: a
Traditional reader (Accept-Language, or the command's --language) gets Traditional, everyone else Simplified."""

from __future__ import annotations

import csv
import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from redress.analytics.returns import RETURNS
from redress.analytics.returns.columns import chinese_of, headers
from tests.analytics.factmaker import make_fact

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/returns/{}/"
H2 = {"from": "2026-07-01", "to": "2026-12-31"}
UK_HANS = ["Product group / 产品大类", "Product / 产品", "Outstanding at start / 期初未结", "Opened / 新增"]
UK_HANT = ["Product group / 產品大類", "Product / 產品", "Outstanding at start / 期初未結", "Opened / 新增"]


@pytest.fixture
def book() -> None:
    make_fact(received="2026-10-01", answered="2026-10-05", jurisdiction="CN-NFRA", business="bank_card")
    make_fact(received="2026-09-01", product="mortgage")


def csv_of(api: Any, kind: str, language: str) -> list[list[str]]:
    answer = api("compliance").get(URL.format(kind), {**H2, "format": "csv"}, HTTP_ACCEPT_LANGUAGE=language)
    assert answer.status_code == 200
    return list(csv.reader(io.StringIO(b"".join(answer.streaming_content).decode("utf-8-sig"))))


@pytest.mark.parametrize(
    ("language", "expected"), [("zh-Hant", UK_HANT), ("zh-TW", UK_HANT), ("zh-Hans", UK_HANS), ("en", UK_HANS)]
)
def test_the_csv_headers_follow_the_readers_chinese(api: Any, book: None, language: str, expected: list[str]) -> None:
    assert csv_of(api, "uk-disp", language)[0][:4] == expected


def test_one_english_header_two_chinese_ones_by_return(api: Any, book: None) -> None:
    """ "Closed" is 办结量 in the Chinese statistics, 办结 in the FCA return: the return is the msgid's context."""
    assert "Closed / 辦結量" in csv_of(api, "cn-stats", "zh-Hant")[0]
    assert "Closed / 辦結" in csv_of(api, "uk-disp", "zh-Hant")[0]
    assert "Closed / 办结量" in csv_of(api, "cn-stats", "zh-Hans")[0]
    assert "State / 州" in csv_of(api, "us-cfpb", "zh-Hant")[0]


def test_the_xlsx_headers_follow_the_readers_chinese(api: Any, book: None) -> None:
    for language, expected in (("zh-Hant", "Channel / 投訴渠道"), ("zh-Hans", "Channel / 投诉渠道")):
        answer = api("compliance").get(URL.format("cn-stats"), {**H2, "format": "xlsx"}, HTTP_ACCEPT_LANGUAGE=language)
        sheet = load_workbook(io.BytesIO(b"".join(answer.streaming_content))).active
        assert next(iter(sheet.values))[0] == expected


def test_the_command_takes_the_language(book: None, tmp_path: Path) -> None:
    out = StringIO()
    args = ["report", "returns", "uk-disp", "--from", "2026-07-01", "--to", "2026-12-31", "--format", "csv"]
    call_command(*args, "--language", "zh-hant", stdout=out)
    assert next(csv.reader(StringIO(out.getvalue())))[:4] == UK_HANT
    out = StringIO()
    call_command(*args, stdout=out)  # the site's language: Simplified
    assert next(csv.reader(StringIO(out.getvalue())))[:4] == UK_HANS
    path = tmp_path / "uk.xlsx"
    call_command(*args[:-1], "xlsx", "--output", str(path), "--language", "zh-hant")
    assert next(iter(load_workbook(path).active.values))[:4] == tuple(UK_HANT)


def test_every_header_has_its_chinese_in_both_scripts() -> None:
    for ret in RETURNS.values():
        for chinese in ("zh-hans", "zh-hant"):
            for column, head in zip(ret.columns, headers(ret, chinese), strict=True):
                assert head.startswith(f"{column.en} / "), (ret.kind, chinese, head)
    assert (chinese_of("zh-hant"), chinese_of("zh-hk"), chinese_of("zh-hans"), chinese_of("en")) == (
        "zh-hant",
        "zh-hant",
        "zh-hans",
        "zh-hans",
    )
