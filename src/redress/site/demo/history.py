"""Half a year of closed complaints for the demo, so the dashboards and returns have something to show.

Synthetic and seeded: five jurisdictions, the code tables' products, reasons and root causes with a
realistic skew, a weekday pattern, redress on the upheld ones, satisfaction answers, and one surge
(ATM and app failures in bank cards, ten days ago) for the spike alerts. No third-party data.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from redress.accounts.models import Department, User
from redress.codes import selectors as codes
from redress.complaints.choices import Channel, Outcome, PlanStatus, RedressType, Satisfaction, Status
from redress.complaints.models import Complaint, RedressItem, ResolutionPlan
from redress.complaints.services.history import history_insert
from redress.complaints.services.reference import next_number

SOURCE = "demo history"
# (jurisdiction, share, currency, language, time zone)
PLACES = (
    ("CN-NFRA", 0.45, "CNY", "zh-hans", "Asia/Shanghai"),
    ("UK-FCA", 0.2, "GBP", "en", "Europe/London"),
    ("US-CFPB", 0.15, "USD", "en", "America/New_York"),
    ("HK-HKMA", 0.1, "HKD", "zh-hant", "Asia/Hong_Kong"),
    ("TW-FSC", 0.1, "TWD", "zh-hant", "Asia/Taipei"),
)
REASON_WEIGHTS = {
    "pricing_fees": 9,
    "service_quality": 8,
    "facilities_systems": 6,
    "rules_process": 5,
    "marketing": 3,
    "disclosure": 3,
    "funds_security": 3,
    "contract_terms": 2,
    "information_security": 2,
    "debt_collection": 2,
    "returns": 1,
    "free_choice": 1,
    "other": 1,
}
CAUSE_OF = {
    "pricing_fees": ("system_fault", "policy_process", "customer_misunderstanding"),
    "service_quality": ("staff_error",),
    "facilities_systems": ("system_fault",),
    "funds_security": ("external_fraud", "third_party"),
    "marketing": ("staff_error", "product_design"),
}
TEXT = {
    "zh-hans": "关于{product}的投诉：{reason}。",
    "zh-hant": "關於{product}的投訴：{reason}。",
    "en": "Complaint about the {product}: {reason}.",
}
CHANNELS = [Channel.PHONE] * 4 + [Channel.WEB] * 3 + [Channel.EMAIL] * 2 + [Channel.BRANCH, Channel.SOCIAL]
SURGE_DAYS_AGO = 10


def _weighted(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def demo_history(handler: User, *, days: int = 180, seed: int = 2026) -> int:
    """Write `days` of closed complaints ending yesterday; returns how many."""
    rng = random.Random(seed)  # noqa: S311 - synthetic demo data, reproducible by its seed
    today = timezone.localdate()
    products = [e for e in codes.entries("product") if e.code != "other"]
    departments = {d.code: d.pk for d in Department.objects.all()}
    written = 0
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        per_day = (9 if day.weekday() < 5 else 4) + rng.randint(-2, 2)
        surge = back == SURGE_DAYS_AGO
        batch = [_complaint(rng, day, products, departments, surge=False) for _ in range(per_day)]
        if surge:
            batch += [_complaint(rng, day, products, departments, surge=True) for _ in range(18)]
        with transaction.atomic():
            history_insert(batch, source=SOURCE)
            _plans(rng, batch, handler)
        written += len(batch)
    return written


def _complaint(
    rng: random.Random, day: date, products: list[codes.Entry], departments: dict[str, int], *, surge: bool
) -> Complaint:
    jurisdiction, _, currency, language, zone = rng.choices(PLACES, weights=[p[1] for p in PLACES])[0]
    if surge:
        jurisdiction, currency, language, zone = "CN-NFRA", "CNY", "zh-hans", "Asia/Shanghai"
        product = codes.entry("product", "debit_card") or products[0]
        reason = "facilities_systems"
    else:
        product = rng.choice(products)
        reason = _weighted(rng, REASON_WEIGHTS)
    received = datetime.combine(day, time(rng.randint(8, 20), rng.randint(0, 59)), tzinfo=ZoneInfo(zone))
    took = rng.choice([0, 1, 2, 3, 5, 8, 12, 14, 20, 28, 35, 45, 60])
    closed = min(received + timedelta(days=took, hours=rng.randint(1, 6)), timezone.now() - timedelta(hours=1))
    outcome = rng.choices(list(Outcome), weights=[3, 2, 5])[0]
    business = product.extra.get("business", "other")
    text = TEXT[language].format(product=product.label(language), reason=codes.label("reason", reason, language))
    return Complaint(
        reference=f"CMP-{day:%Y%m%d}-{next_number():06d}",
        status=Status.CLOSED,
        channel=rng.choice(CHANNELS),
        jurisdiction=jurisdiction,
        language=language,
        received_at=received,
        registered_at=received,
        customer_name=rng.choice(["王小明", "陳大文", "Alex Taylor", "Sam Lee", "李静", "林美玲"]),
        description=text,
        product=product.code,
        business=business,
        reason=reason,
        root_cause=rng.choice(CAUSE_OF.get(reason, ("policy_process", "staff_error", "none_found"))),
        department_id=departments.get({"bank_card": "cards", "loan": "loans"}.get(business, "")),
        outcome=outcome,
        satisfaction=rng.choice([Satisfaction.SATISFIED] * 3 + [Satisfaction.DISSATISFIED, Satisfaction.NO_RESPONSE]),
        is_complaint=True,
        notified_at=closed,
        closed_at=closed,
        review_window_ends_at=closed,
        external={"source": SOURCE, "currency": currency},
    )


def _plans(rng: random.Random, batch: list[Complaint], handler: User) -> None:
    """An approved plan with redress for the upheld ones (what the reports count as redress paid)."""
    plans, items = [], []
    for c in batch:
        if c.outcome == Outcome.NOT_UPHELD:
            continue
        currency = c.external["currency"]
        amount = Decimal(rng.choice([50, 100, 200, 350, 680, 1200])).quantize(Decimal("0.01"))
        plan = ResolutionPlan(
            complaint=c,
            version=1,
            status=PlanStatus.APPROVED,
            outcome=c.outcome,
            summary=c.description,
            currency=currency,
            total=amount,
            proposed_by=handler,
            proposed_at=c.received_at,
            decided_at=c.notified_at,
        )
        plans.append(plan)
        items.append(RedressItem(plan=plan, type=RedressType.REFUND, amount=amount, currency=currency))
    ResolutionPlan.objects.bulk_create(plans)
    RedressItem.objects.bulk_create(items)
