"""Cue words of the CFPB products: one extra feature per product whose words a text uses.

Each product's narratives use their own names for things (servicer, dealership, Zelle, prepaid
card, debt settlement …), but the CFPB samples hold only a few dozen texts of some products. A
cue feature pools a product's words, so what the model learns from one of them carries over to
the others. The lists are domain knowledge, not learnt from any evaluation text.
"""

from __future__ import annotations

from typing import Final

CUES: Final[dict[str, tuple[str, ...]]] = {
    "prepaid": (
        "prepaid",
        "gift card",
        "gift cards",
        "reloadable",
        "payroll card",
        "benefits card",
        "benefit card",
        "ebt",
        "netspend",
        "green dot",
        "way2go",
        "reliacard",
        "money network",
        "vanilla",
        "moneycard",
        "direct express",
        "bluebird",
        "card balance",
        "load money",
        "loaded",
    ),
    "debt_management": (
        "debt settlement",
        "debt relief",
        "credit repair",
        "debt management plan",
        "credit counseling",
        "credit counselor",
        "foreclosure relief",
        "foreclosure rescue",
        "loan modification company",
        "mortgage relief",
        "debt consolidation company",
        "settle my debts",
        "enrolled in",
        "program fees",
        "dedicated account",
        "forgiveness company",
        "document preparation",
    ),
    "vehicle": (
        "car",
        "cars",
        "vehicle",
        "vehicles",
        "auto loan",
        "auto",
        "dealership",
        "dealer",
        "lease",
        "leased",
        "repossessed",
        "repossession",
        "repo",
        "gap insurance",
        "mileage",
        "santander",
        "ally",
        "westlake",
        "exeter",
        "credit acceptance",
        "gm financial",
        "carvana",
        "carmax",
        "truck",
        "odometer",
        "title",
    ),
    "student": (
        "student loan",
        "student loans",
        "servicer",
        "mohela",
        "nelnet",
        "aidvantage",
        "navient",
        "edfinancial",
        "pslf",
        "idr",
        "income driven",
        "department of education",
        "fsa",
        "forgiveness",
        "sallie mae",
        "parent plus",
        "borrower defense",
        "save plan",
        "federal loans",
        "school",
    ),
    "money_transfer": (
        "zelle",
        "venmo",
        "cash app",
        "cashapp",
        "paypal",
        "wire",
        "wire transfer",
        "western union",
        "moneygram",
        "remitly",
        "wise",
        "crypto",
        "cryptocurrency",
        "bitcoin",
        "coinbase",
        "binance",
        "remittance",
        "money order",
        "sent money",
        "send money",
        "transfer app",
        "wallet",
    ),
    "credit_card": (
        "credit card",
        "card issuer",
        "statement balance",
        "apr",
        "annual fee",
        "rewards",
        "cash back",
        "chargeback",
        "capital one",
        "discover",
        "amex",
        "american express",
        "synchrony",
        "credit limit",
        "balance transfer",
        "minimum payment",
    ),
    "mortgage": (
        "mortgage",
        "escrow",
        "foreclosure",
        "loan modification",
        "refinance",
        "heloc",
        "home equity",
        "property tax",
        "homeowners insurance",
        "closing",
        "house",
        "home loan",
        "forbearance",
    ),
    "payday": (
        "payday",
        "installment loan",
        "title loan",
        "cash advance",
        "advance app",
        "earnin",
        "dave",
        "brigit",
        "moneylion",
        "affirm",
        "klarna",
        "afterpay",
        "opploans",
        "onemain",
        "personal loan",
        "pay later",
    ),
    "checking": (
        "checking account",
        "savings account",
        "overdraft",
        "debit card",
        "deposit",
        "deposited",
        "atm",
        "nsf",
        "direct deposit",
        "chime",
        "bank account",
        "branch",
        "check",
    ),
    "collection": (
        "debt collector",
        "collection agency",
        "collections",
        "collector",
        "validation",
        "fdcpa",
        "collect",
        "owe",
        "medical bill",
    ),
    "reporting": (
        "credit report",
        "credit reports",
        "experian",
        "equifax",
        "transunion",
        "credit bureau",
        "credit bureaus",
        "hard inquiry",
        "inquiries",
        "fcra",
        "dispute",
        "reporting",
    ),
}

_SINGLE: Final[dict[str, tuple[str, ...]]] = {}
_PHRASES: Final[dict[str, list[tuple[str, str]]]] = {}  # first word → [(" phrase ", cue)]
for _name, _words in CUES.items():
    for _word in _words:
        if " " in _word:
            _PHRASES.setdefault(_word.split()[0], []).append((f" {_word} ", _name))
        else:
            _SINGLE[_word] = (*_SINGLE.get(_word, ()), _name)


def cues(words: list[str], distinct: set[str] | None = None) -> list[str]:
    """One `@cue:<product>` feature per cue word found (up to 20 a product; the count carries the strength).

    `distinct`: set(words), if the caller has it. The words are screened in C (`filter`); only cue
    words reach the Python loop.
    """
    counts: dict[str, int] = {}
    for word in filter(_SINGLE.__contains__, words):
        for name in _SINGLE[word]:
            counts[name] = counts.get(name, 0) + 1
    starts = _PHRASES.keys() & (set(words) if distinct is None else distinct)
    if starts:
        joined = f" {' '.join(words)} "
        for first in starts:
            for phrase, name in _PHRASES[first]:
                n = joined.count(phrase)
                if n:
                    counts[name] = counts.get(name, 0) + n
    found: list[str] = []
    for name, n in counts.items():
        found.extend([f"@cue:{name}"] * min(n, 20))
    return found
