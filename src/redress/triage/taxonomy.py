"""The labels of the first assessment (初步评估): business lines, CFPB products and flags.

Business lines follow the business dimension (B) of JR/T 0169-2018 金融消费者投诉统计分类及编码.
The standard's numeric codes were not found in a primary text of it, so the codes are
stable slugs; the list is seed data (`redress.codes.BusinessLine`, editable in the admin), and a
line an admin adds becomes a class of the next model trained on complaints staff labelled with it.
"""

from __future__ import annotations

from typing import Final

from redress.codes.seed import BUSINESS_LINES as _SEED_LINES

# (code, 中文, English) — the business lines of the code tables (`redress.codes`), as the model knows them.
BUSINESS_LINES: Final[tuple[tuple[str, str, str], ...]] = tuple((c, zh, en) for c, zh, _, en in _SEED_LINES)
BUSINESS_CODES: Final[tuple[str, ...]] = tuple(code for code, _, _ in BUSINESS_LINES)

# The 11 current CFPB product names.
PRODUCTS: Final[tuple[str, ...]] = (
    "Checking or savings account",
    "Credit card",
    "Credit reporting or other personal consumer reports",
    "Debt collection",
    "Debt or credit management",
    "Money transfer, virtual currency, or money service",
    "Mortgage",
    "Payday loan, title loan, personal loan, or advance loan",
    "Prepaid card",
    "Student loan",
    "Vehicle loan or lease",
)

_PAYDAY = "Payday loan, title loan, personal loan, or advance loan"
_REPORTING = "Credit reporting or other personal consumer reports"
_MONEY = "Money transfer, virtual currency, or money service"

# Older CFPB product names → the current ones (sub-products decide where a name was split).
OLD_PRODUCTS: Final[dict[str, str]] = {
    "Credit reporting, credit repair services, or other personal consumer reports": _REPORTING,
    "Credit reporting, repair, or other": _REPORTING,
    "Credit reporting": _REPORTING,
    "Credit card or prepaid card": "Credit card",
    "Bank account or service": "Checking or savings account",
    "Consumer Loan": _PAYDAY,
    "Payday loan, title loan, or personal loan": _PAYDAY,
    "Payday loan": _PAYDAY,
    "Money transfers": _MONEY,
    "Virtual currency": _MONEY,
    "Other financial service": _MONEY,
}
_PREPAID_SUBPRODUCTS: Final[frozenset[str]] = frozenset(
    {
        "General-purpose prepaid card",
        "Gift card",
        "Payroll card",
        "Government benefit card",
        "Student prepaid card",
        "Gift or merchant card",
        "Government benefit payment card",
        "General purpose card",
        "Mobile wallet",
    }
)
# "Debt or credit management" (introduced by the CFPB in 2024) gathered the companies that sell
# help with a debt rather than the debt itself: its sub-products are debt settlement, credit repair
# services, mortgage modification or foreclosure avoidance, and student loan debt relief. Records
# of the older products carry these as sub-products ("Credit repair services" under "Credit
# reporting, credit repair services, …"; "Debt settlement", "Credit repair" under "Other financial
# service"), and the CFPB's own re-mapping moved them by sub-product; so do we. The Issue field
# does not name these services in the older records (checked on the public samples: none does),
# so it is not used.
_MANAGEMENT_SUBPRODUCTS: Final[frozenset[str]] = frozenset(
    {
        "Credit repair services",
        "Debt settlement",
        "Debt management service",
        "Credit repair",
        "Mortgage modification or foreclosure avoidance",
        "Student loan debt relief",
    }
)
_VEHICLE_SUBPRODUCTS: Final[frozenset[str]] = frozenset({"Vehicle loan", "Vehicle lease"})
# Old names the CFPB split by sub-product so unevenly that, without the sub-product, the current
# product is unknown: "Consumer Loan" was mostly vehicle loans, with installment, payday, title and
# pawn loans and personal lines of credit. Such records are not labelled (not trained on).
_SPLIT_NEEDS_SUBPRODUCT: Final[frozenset[str]] = frozenset({"Consumer Loan"})


def current_product(name: str, sub_product: str = "") -> str | None:
    """The current CFPB product for a product name of any era; None when it is not one."""
    name, sub_product = name.strip(), sub_product.strip()
    if sub_product in _MANAGEMENT_SUBPRODUCTS:
        return "Debt or credit management"
    if name == "Credit card or prepaid card" and sub_product in _PREPAID_SUBPRODUCTS:
        return "Prepaid card"
    if name == "Consumer Loan" and sub_product in _VEHICLE_SUBPRODUCTS:
        return "Vehicle loan or lease"
    if name in _SPLIT_NEEDS_SUBPRODUCT and not sub_product:
        return None
    if name in PRODUCTS:
        return name
    return OLD_PRODUCTS.get(name)


# What a CFPB product is in the JR/T business dimension (used to label English training texts).
PRODUCT_BUSINESS: Final[dict[str, str]] = {
    "Checking or savings account": "savings",
    "Credit card": "bank_card",
    _REPORTING: "credit_reporting",
    "Debt collection": "loan",
    "Debt or credit management": "loan",
    _MONEY: "payment",
    "Mortgage": "loan",
    _PAYDAY: "loan",
    "Prepaid card": "bank_card",
    "Student loan": "loan",
    "Vehicle loan or lease": "loan",
}

FLAGS: Final[tuple[str, ...]] = ("fraud", "regulator", "media", "legal", "vulnerable", "mass", "large_amount")
FLAG_LABELS: Final[dict[str, tuple[str, str]]] = {
    "fraud": ("疑似欺诈或资金被盗", "suspected fraud or stolen funds"),
    "regulator": ("扬言向监管投诉", "threatens to go to the regulator"),
    "media": ("扬言向媒体曝光", "threatens to go to the press or social media"),
    "legal": ("扬言诉讼或报警", "threatens legal action"),
    "vulnerable": ("弱势客户", "vulnerable customer"),
    "mass": ("多人受影响", "many people affected"),
    "large_amount": ("涉及大额资金", "large amount"),
}

LANGUAGES: Final[tuple[str, ...]] = ("zh-hans", "zh-hant", "en", "mixed")

# The `model` of a suggestion's explanation made by the bootstrap model shipped with the package.
SHIPPED_MODEL_NAME = "bootstrap"
