"""The bootstrap's reading of the public data folder: CFPB exports, and the holdout kept out."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from redress.triage.ml import public_sets

COLUMNS = ["Date received", "Product", "Sub-product", "Issue", "Consumer complaint narrative"]
SETTLEMENT = (
    "I enrolled in a debt settlement program in XX/XX/2024 and paid {$350.00} every month into a "
    "dedicated account. The company promised to negotiate all of my card balances within a year. "
)


def _export(path: Path, rows: list[tuple[str, str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for product, sub_product, text in rows:
            writer.writerow(["2025-03-02", product, sub_product, "Fraud or scam", text])


def test_a_fresh_cfpb_export_in_the_data_folder_is_read_by_the_bootstrap(tmp_path: Path) -> None:
    # A CSV in the CFPB export's columns, in any cfpb_* folder: the way to give the model real
    # narratives of the current products (e.g. "Debt or credit management", new in 2024).
    _export(
        tmp_path / "cfpb_export_2025" / "complaints.csv",
        [
            ("Debt or credit management", "Debt settlement", SETTLEMENT + "None of my debts was settled."),
            ("Debt or credit management", "Credit repair services", SETTLEMENT + "Then they charged me again."),
            ("Prepaid card", "Gift card", "The gift card I bought had no balance when I tried to use it at the store."),
        ],
    )
    examples, sources = public_sets.bootstrap_examples(tmp_path)
    cfpb = [e for e in examples if e.source == "cfpb" and not e.draw]
    assert sources["cfpb"] == 3
    assert sorted(str(e.product) for e in cfpb) == ["Debt or credit management"] * 2 + ["Prepaid card"]
    assert all(e.business for e in cfpb)


def test_a_narrative_of_the_holdout_is_never_trained_on_even_when_the_holdout_cut_it_short(tmp_path: Path) -> None:
    long_text = SETTLEMENT * 30  # the holdout keeps a narrative's first 7,000 characters
    holdout = tmp_path / public_sets.HOLDOUT
    holdout.parent.mkdir(parents=True)
    holdout.write_text(
        json.dumps([{"expected_category": "Debt or credit management", "text": "  " + long_text[:7000].upper()}])
    )
    _export(
        tmp_path / "cfpb_export_2025" / "complaints.csv",
        [
            ("Debt or credit management", "Debt settlement", long_text),
            ("Debt or credit management", "Debt settlement", "Another program took my money: " + SETTLEMENT),
        ],
    )
    examples, sources = public_sets.bootstrap_examples(tmp_path)
    assert sources["cfpb"] == 1
    assert [e.text[:31] for e in examples if e.source == "cfpb" and not e.draw] == ["Another program took my money: "]


def test_the_narratives_beyond_the_cap_come_as_other_draws_for_the_product_head(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(public_sets, "CAP_PER_PRODUCT", 2)
    texts = [f"My prepaid card number {n} was frozen and the balance of {{$80.00}} is gone." for n in range(5)]
    _export(tmp_path / "cfpb_export_2025" / "complaints.csv", [("Prepaid card", "Gift card", t) for t in texts])
    examples, sources = public_sets.bootstrap_examples(tmp_path)
    cfpb = [e for e in examples if e.source == "cfpb"]
    assert sources["cfpb"] == 2 and sources["cfpb_other_draws"] == 2 * (public_sets.PRODUCT_DRAWS - 1)
    first = [e for e in cfpb if e.draw == 0]
    assert len(first) == 2 and all(e.business == "bank_card" and e.is_complaint for e in first)
    others = [e for e in cfpb if e.draw]
    assert {e.draw for e in others} == set(range(1, public_sets.PRODUCT_DRAWS))
    assert all(e.product == "Prepaid card" and e.business is None and e.is_complaint is None for e in others)
    assert {e.text for e in others} > {e.text for e in first}  # the other draws reach past the first's two
    again, _ = public_sets.bootstrap_examples(tmp_path)
    assert [(e.text, e.draw) for e in again] == [(e.text, e.draw) for e in examples]  # reproducible
