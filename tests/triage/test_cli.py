"""`redress triage predict | train | evaluate | activate | versions`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from redress.triage import runtime
from redress.triage.ml.examples import Example
from redress.triage.models import TriageModelVersion
from redress.triage.training import train_version

pytestmark = pytest.mark.django_db

CONTRACT = {"id", "business", "product", "is_complaint", "urgent", "flags", "confidence", "explanation"}


def run(*args: str, stdin: str | None = None) -> str:
    out = io.StringIO()
    kwargs = {"stdin": io.StringIO(stdin)} if stdin is not None else {}
    call_command("triage", *args, stdout=out, **kwargs)
    return out.getvalue()


def lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_predict_answers_one_json_line_per_input_line(small_examples: list[Example]) -> None:
    train_version(bootstrap=False, staff=False, examples=small_examples)
    stdin = "\n".join(
        json.dumps(row, ensure_ascii=False)
        for row in [
            {"id": 1, "text": "我的信用卡被盗刷了5万元，再不处理我就去银保监投诉"},
            {"id": "b", "text": "The mortgage company charged me a late fee on an escrow payment it lost."},
            {"id": 3, "text": "請問轉帳限額要怎麼調整？"},
        ]
    )
    out = lines(run("predict", stdin=stdin + "\n\n"))
    assert [row["id"] for row in out] == [1, "b", 3]
    assert all(set(row) == CONTRACT for row in out)
    zh, en, question = out
    assert zh["product"] is None
    assert zh["urgent"] is True
    assert zh["flags"] == ["fraud", "regulator", "large_amount"]
    assert {r["rule"] for r in zh["explanation"]["rules"]} >= {"盗刷", "银保监"}
    assert en["product"] == "Mortgage"
    assert en["explanation"]["language"] == "en"
    assert question["explanation"]["language"] == "zh-hant"
    assert question["is_complaint"] is False


def test_predict_says_when_it_has_only_rules_and_reports_bad_lines(settings: Any) -> None:
    settings.REDRESS_TRIAGE_SHIPPED_MODEL = ""  # a checkout where `make model` has not been run
    out = lines(run("predict", stdin='{"id": 1, "text": "信用卡被盗刷"}\nnot json\n{"id": 2}\n'))
    assert out[0]["explanation"]["model"] is None
    assert "no triage model is in use" in out[0]["explanation"]["note"]
    assert out[0]["flags"] == ["fraud"]
    assert out[1]["error"] and out[1]["line"] == 2
    assert out[2]["error"] and out[2]["line"] == 3


def test_evaluate_prints_precision_recall_f1_and_the_confusion_matrix(
    small_examples: list[Example], tmp_path: Path
) -> None:
    train_version(bootstrap=False, staff=False, examples=small_examples)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        "\n".join(
            json.dumps(row, ensure_ascii=False)
            for row in [
                {"id": 1, "text": "信用卡被盗刷了", "business": "bank_card", "is_complaint": True, "flags": ["fraud"]},
                {"id": 2, "text": "房贷利率不降", "business": "loan", "is_complaint": True, "flags": []},
                {"id": 3, "text": "转账限额怎么改？", "business": "payment", "is_complaint": False, "flags": []},
            ]
        ),
        encoding="utf-8",
    )
    out = run("evaluate", str(gold))
    for heading in ("== business", "== is_complaint", "== urgent", "== flags"):
        assert heading in out
    assert "precision  recall      f1  support" in out
    assert "confusion (rows: gold" in out
    assert "macro avg" in out

    report = json.loads(run("evaluate", str(gold), "--json"))
    assert set(report["report"]["business"]["per_class"]) >= {"bank_card", "loan", "payment"}
    assert report["report"]["urgent"]["support"] == 1


def test_evaluate_reads_a_cfpb_csv_and_a_cfpb_json(small_examples: list[Example], tmp_path: Path) -> None:
    train_version(bootstrap=False, staff=False, examples=small_examples)
    path = tmp_path / "cfpb.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["Product", "Sub-product", "Consumer complaint narrative", "Complaint ID"])
        writer.writerow(["Credit card or prepaid card", "General-purpose credit card", "My card fee was wrong.", "1"])
        writer.writerow(["Mortgage", "FHA mortgage", "The servicer lost my mortgage payment.", "2"])
        writer.writerow(["Mortgage", "", "", "3"])  # no narrative: skipped
    out = run("evaluate", str(path))
    assert "texts: 2" in out and "== product" in out and "Credit card" in out

    holdout = tmp_path / "sample.json"
    holdout.write_text(json.dumps([{"expected_category": "Mortgage", "text": "My escrow payment is wrong."}]))
    assert "== product" in run("evaluate", str(holdout))


def test_train_activate_and_roll_back(small_examples: list[Example]) -> None:
    first = train_version(bootstrap=False, staff=False, examples=small_examples).version
    second = train_version(bootstrap=False, staff=False, examples=small_examples[:-2]).version
    assert (first.version, second.version) == (1, 2)
    assert list(TriageModelVersion.objects.filter(active=True).values_list("version", flat=True)) == [2]
    assert second.metrics["zh_test"]["headline"]["business_accuracy"] >= 0
    assert second.training["training_data_sha256"]

    assert "Version 1 is active" in run("activate", "1")
    assert list(TriageModelVersion.objects.filter(active=True).values_list("version", flat=True)) == [1]
    listing = run("versions")
    assert "* v1" in listing and "  v2" in listing
    with pytest.raises(CommandError):
        run("activate", "9")
    run("activate", "none")
    assert not TriageModelVersion.objects.filter(active=True).exists()


@pytest.mark.slow
def test_train_bootstrap_with_our_own_data_only(tmp_path: Path) -> None:
    # No shared data folder (the fixture points it at a missing dir): our own texts alone.
    out = run("train", "--bootstrap", "--data-dir", str(tmp_path / "missing"))
    assert "Version 1 (active)" in out
    assert '"own":' in out
    assert "zh_test" in out
    assert "nothing to do" in run("train", "--if-missing")


def test_train_if_missing_does_nothing_on_a_fresh_home_the_shipped_model_serves() -> None:
    assert "nothing to do" in run("train", "--if-missing")
    assert not TriageModelVersion.objects.exists()


@pytest.mark.slow
def test_train_if_missing_replaces_an_active_model_this_version_cannot_load(small_examples: list[Example]) -> None:
    """After an upgrade that changes the features, the active artifact is refused (the shipped model
    stands in): the first-start training must not take it for a usable model."""

    version = train_version(bootstrap=False, staff=False, examples=small_examples).version
    path = runtime.artifact_path(version.artifact)
    path.write_bytes(b"an artifact of an older redress")
    runtime.forget()
    assert runtime.active_model().artifact == runtime.SHIPPED
    out = run("train", "--bootstrap", "--if-missing", "--data-dir", str(path.parent / "missing"))
    assert "cannot be loaded" in out
    assert "Version 2 (active)" in out
    runtime.forget()
    assert runtime.active_model().model is not None
