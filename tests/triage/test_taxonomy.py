"""Older CFPB product names (and their sub-products) map onto the 11 current products."""

from __future__ import annotations

import pytest

from redress.triage.taxonomy import PRODUCTS, current_product

MANAGEMENT = "Debt or credit management"
PAYDAY = "Payday loan, title loan, personal loan, or advance loan"


@pytest.mark.parametrize(
    ("product", "sub_product", "expected"),
    [
        # the services the CFPB moved into "Debt or credit management", by sub-product
        (
            "Credit reporting, credit repair services, or other personal consumer reports",
            "Credit repair services",
            MANAGEMENT,
        ),
        ("Other financial service", "Debt settlement", MANAGEMENT),
        ("Other financial service", "Credit repair", MANAGEMENT),
        (MANAGEMENT, "Mortgage modification or foreclosure avoidance", MANAGEMENT),
        (MANAGEMENT, "Student loan debt relief", MANAGEMENT),
        # the rest of the old credit-reporting product stays credit reporting
        (
            "Credit reporting, credit repair services, or other personal consumer reports",
            "Credit reporting",
            "Credit reporting or other personal consumer reports",
        ),
        ("Credit reporting, repair, or other", "", "Credit reporting or other personal consumer reports"),
        # "Consumer Loan" was split by sub-product; without one the current product is unknown
        ("Consumer Loan", "Vehicle loan", "Vehicle loan or lease"),
        ("Consumer Loan", "Vehicle lease", "Vehicle loan or lease"),
        ("Consumer Loan", "Installment loan", PAYDAY),
        ("Consumer Loan", "Payday loan", PAYDAY),
        ("Consumer Loan", "Title loan", PAYDAY),
        ("Consumer Loan", "", None),
        # "Credit card or prepaid card" split into credit card and prepaid card
        ("Credit card or prepaid card", "General-purpose prepaid card", "Prepaid card"),
        ("Credit card or prepaid card", "Gift card", "Prepaid card"),
        ("Credit card or prepaid card", "Store credit card", "Credit card"),
        ("Credit card or prepaid card", "General-purpose credit card or charge card", "Credit card"),
        ("Bank account or service", "Checking account", "Checking or savings account"),
        ("Payday loan, title loan, or personal loan", "Title loan", PAYDAY),
        ("Money transfers", "", "Money transfer, virtual currency, or money service"),
        ("Mortgage", "Conventional home mortgage", "Mortgage"),
        ("Debt collection", "Auto debt", "Debt collection"),  # a debt being collected stays debt collection
        ("Not a product", "", None),
    ],
)
def test_old_names_map_onto_the_current_products(product: str, sub_product: str, expected: str | None) -> None:
    assert current_product(product, sub_product) == expected


def test_every_current_name_maps_to_itself() -> None:
    assert all(current_product(name) == name for name in PRODUCTS)
