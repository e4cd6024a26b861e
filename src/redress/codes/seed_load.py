"""Load the seed code tables (`seed.py`) into the database; rows an admin already has are left alone,
except that a missing Traditional Chinese label is filled in."""

from __future__ import annotations

from typing import Any

from redress.codes.seed import BUSINESS_LINES, CFPB_ISSUE_RULES, PRODUCTS, REASONS, ROOT_CAUSES


def _load(model: Any, rows: list[dict[str, Any]]) -> None:
    for order, row in enumerate(rows, start=1):
        obj, created = model.objects.get_or_create(code=row["code"], defaults={**row, "order": order})
        if not created and not obj.label_zh_hant:
            obj.label_zh_hant = row["label_zh_hant"]
            obj.save(update_fields=["label_zh_hant"])


def _labels(code: str, hans: str, hant: str, en: str) -> dict[str, Any]:
    return {"code": code, "label_zh_hans": hans, "label_zh_hant": hant, "label_en": en}


def load_codes(apps: Any) -> None:
    get = apps.get_model
    _load(get("codes", "BusinessLine"), [_labels(*row) for row in BUSINESS_LINES])
    _load(
        get("codes", "Product"),
        [
            {**_labels(c, hs, ht, en), "business": b, "fca_group": g, "fca_product": p, "cfpb_product": cp}
            for c, hs, ht, en, b, g, p, cp in PRODUCTS
        ],
    )
    _load(
        get("codes", "Reason"),
        [
            {**_labels(c, hs, ht, en), "fca_cause": fca, "cfpb_issue": issue, "keywords": words}
            for c, hs, ht, en, fca, issue, words in REASONS
        ],
    )
    _load(
        get("codes", "RootCause"),
        [
            {**_labels(c, hs, ht, en), "fca_cause": fca, "cfpb_issue": issue}
            for c, hs, ht, en, fca, issue in ROOT_CAUSES
        ],
    )


def load_cfpb_issue_rules(apps: Any) -> None:
    """The rules a new installation starts with; an installation that has any keeps its own."""
    model = apps.get_model("codes", "CfpbIssueRule")
    if model.objects.exists():
        return
    model.objects.bulk_create(
        model(reason=reason, words="\n".join(words), order=order)
        for order, (reason, words) in enumerate(CFPB_ISSUE_RULES, start=1)
    )
