"""What a letter's template may use: the complaint's plain values, dates and money as its reader writes them."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone, translation
from django.utils.dateformat import format as date_format

from redress.complaints.choices import CURRENCY_EXPONENT
from redress.deadlines.policies import policy_for, policy_zone, review_window

if TYPE_CHECKING:
    from redress.complaints.models import Complaint, ResolutionPlan


def format_date(value: date, language: str) -> str:
    """A date as the letter's reader writes it: 2026年11月28日, or 28 November 2026."""
    if language.startswith("zh"):
        return f"{value.year}年{value.month}月{value.day}日"
    with translation.override(language):
        return str(date_format(value, "j F Y"))


# How each language writes an amount of a currency: {} is the number (Decimal, never float).
_MONEY: dict[str, dict[str, str]] = {
    "zh-hans": {"CNY": "人民币{}元", "HKD": "港币{}元", "TWD": "新台币{}元", "GBP": "£{}", "USD": "US${}"},
    "zh-hant": {"CNY": "人民幣{}元", "HKD": "港幣{}元", "TWD": "新台幣{}元", "GBP": "£{}", "USD": "US${}"},
    "en": {"CNY": "CNY {}", "HKD": "HK${}", "TWD": "NT${}", "GBP": "£{}", "USD": "US${}"},
}


def format_money(amount: Decimal, currency: str, language: str = "en") -> str:
    """An amount as the reader writes it: 人民币680.00元, 港幣1,200.00元, £250.00, US$99.00, NT$3,000;
    another currency: "12.50 EUR". Exact: the currency's own decimal places, grouped by thousands."""
    exponent = CURRENCY_EXPONENT.get(currency, 2)
    number = f"{Decimal(amount).quantize(Decimal(1).scaleb(-exponent)):,}"
    pattern = _MONEY.get(language.lower(), _MONEY["en"]).get(currency)
    return pattern.format(number) if pattern else f"{number} {currency}"


def letter_context(complaint: Complaint, context: dict[str, Any]) -> dict[str, Any]:
    """What every template may use, with dates written out in the letter's language.

    Only plain values: a template edited in the admin never reaches the complaint object itself.
    """
    zone = policy_zone(complaint)
    language = complaint.language
    base: dict[str, Any] = {
        "reference": complaint.reference,
        "customer_name": complaint.customer_name,
        "received_date": timezone.localtime(complaint.received_at, zone).date(),
        "today": timezone.localtime(timezone.now(), zone).date(),
        "institution": settings.REDRESS_INSTITUTION_NAME,
        "jurisdiction": complaint.jurisdiction,
        "language": language,
        "survey_url": "",
    }
    base.update(context)
    for key, value in base.items():
        if isinstance(value, datetime):
            base[key] = format_date(timezone.localtime(value, zone).date(), language)
        elif isinstance(value, date):
            base[key] = format_date(value, language)
    return base


def final_letter_context(complaint: Complaint, plan: ResolutionPlan | None) -> dict[str, Any]:
    """The context of a decision letter (final, review, summary resolution): outcome, reasons, redress.

    The one place to add what a decision letter needs (e.g. the signed `survey_url`).
    """
    policy = policy_for(complaint)
    window_days = review_window(complaint).days
    zone = policy_zone(complaint)
    context: dict[str, Any] = {
        "outcome": "",
        "outcome_label": "",
        "summary": "",
        "redress_text": "",
        "redress_total": "",
        "improvements_text": "",
        "review_request_days": window_days,
        "review_deadline": timezone.localtime(timezone.now(), zone).date() + timedelta(days=window_days)
        if policy is None or policy.review_window_days
        else None,
        "survey_url": "",
    }
    if plan is None:
        return context
    with translation.override(complaint.language):
        items = list(plan.items.all())
        colon = "：" if complaint.language.startswith("zh") else ": "
        lines = []
        for item in items:
            line = f"- {item.get_type_display()}"
            if item.amount:
                line += f"{colon}{format_money(item.amount, item.currency, complaint.language)}"
            if item.description:
                line += f"（{item.description}）" if complaint.language.startswith("zh") else f" ({item.description})"
            lines.append(line)
        total = sum((item.amount for item in items), Decimal(0))
        context.update(
            outcome=plan.outcome,
            outcome_label=str(plan.get_outcome_display()),
            summary=plan.summary,
            redress_text="\n".join(lines),
            redress_total=format_money(total, plan.currency, complaint.language) if total else "",
            improvements_text="\n".join(f"- {line}" for line in plan.improvements or []),
        )
    return context
