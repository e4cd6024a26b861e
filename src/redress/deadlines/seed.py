"""The policies a new institution gets: the complaint deadlines of each jurisdiction's rule, named in the
policy (NFRA Order 2020 No. 3, PBOC 2020 Order No. 5, FCA DISP 1 and DISP 1.6.2A, the CFPB's company
response, 金融消費者保護法 §13, the HKMA's complaint handling). Data, loaded on migrate; admins edit it."""

from __future__ import annotations

from typing import Any

from django.apps import apps as live_apps

EXTERNAL = ["external_appraisal"]
CUSTOMER = ["awaiting_customer"]


def _rule(kind: str, amount: int, unit: str, met_on: str, **kw: Any) -> dict[str, Any]:
    return {"kind": kind, "amount": amount, "unit": unit, "met_on": met_on, **kw}


# Internal service targets every policy carries: they may pause while waiting for the customer.
INTERNAL = [
    _rule("assignment", 4, "working_hours", "assign", regulatory=False, warn_before=1, pause_reasons=CUSTOMER),
    _rule("first_contact", 8, "working_hours", "log_contact", regulatory=False, warn_before=2, pause_reasons=CUSTOMER),
]

POLICIES: list[dict[str, Any]] = [
    {
        "code": "CN-NFRA",
        "name": "银行业保险业消费投诉处理管理办法 (NFRA/CBIRC Order 2020 No. 3)",
        "country": "CN",
        "timezone": "Asia/Shanghai",
        "review_window_days": 30,
        "notes": "Decision within 15 days; complex 30; especially complex 60 with senior approval and notice. "
        "Review (核查) requested within 30 days of the decision, decided within 30 days.",
        "rules": [
            _rule(
                "decision",
                15,
                "calendar_days",
                "notify_customer",
                warn_before=3,
                pause_reasons=EXTERNAL,
                extensions=[
                    (30, "manager", True, "复杂投诉延长至30日"),
                    (60, "compliance", True, "特别复杂投诉延长至60日"),
                ],
            ),
            _rule("review", 30, "calendar_days", "notify_customer", starts_on="request_review", warn_before=5),
            *INTERNAL,
        ],
    },
    {
        "code": "CN-PBOC",
        "retention_years": 3,  # at least three years after closure
        "name": "金融消费者权益保护实施办法 (PBOC 2020 Order No. 5)",
        "country": "CN",
        "timezone": "Asia/Shanghai",
        "review_window_days": None,
        "notes": "Complaints forwarded by the PBOC: answer within 15 days, extendable with reason up to 60.",
        "rules": [
            _rule(
                "decision",
                15,
                "calendar_days",
                "notify_customer",
                warn_before=3,
                extensions=[(60, "manager", True, "延长至60日并告知理由")],
            ),
            *INTERNAL,
        ],
    },
    {
        "code": "UK-FCA",
        "retention_years": 3,  # DISP 1.9.1: three years from receipt
        "retention_from_receipt": True,
        "name": "FCA DISP 1",
        "country": "GB",
        "subdivision": "ENG",
        "timezone": "Europe/London",
        "review_window_days": None,
        "notes": "Prompt acknowledgement; summary resolution by the close of the 3rd business day; final response "
        "(or holding reply) by 8 weeks. Regulatory clocks do not pause.",
        "rules": [
            _rule("acknowledgement", 5, "business_days", "acknowledged", warn_before=1),
            # Passing this window is no failure: it decides whether a summary resolution letter may be used.
            _rule("summary_resolution", 3, "business_days", "notify_customer", warn_before=1, alerts=False),
            _rule("decision", 8, "weeks", "notify_customer", warn_before=1),
            *INTERNAL,
        ],
    },
    {
        "code": "UK-FCA-PSD",
        "retention_years": 3,
        "retention_from_receipt": True,
        "name": "FCA DISP 1.6.2A (payment services, e-money)",
        "country": "GB",
        "subdivision": "ENG",
        "timezone": "Europe/London",
        "review_window_days": None,
        "notes": "Final response within 15 business days; 35 with a holding reply in exceptional circumstances.",
        "rules": [
            _rule("acknowledgement", 5, "business_days", "acknowledged", warn_before=1),
            _rule(
                "decision",
                15,
                "business_days",
                "notify_customer",
                warn_before=3,
                extensions=[(35, "manager", True, "Holding reply: exceptional circumstances")],
            ),
            *INTERNAL,
        ],
    },
    {
        "code": "US-CFPB",
        "name": "CFPB company response",
        "country": "US",
        "timezone": "America/New_York",
        "review_window_days": None,
        "notes": "Respond within 15 days or mark In progress; final response within 60 days.",
        "rules": [
            _rule(
                "decision",
                15,
                "calendar_days",
                "notify_customer",
                warn_before=3,
                extensions=[(60, "manager", True, "In progress: final response within 60 days")],
            ),
            *INTERNAL,
        ],
    },
    {
        "code": "TW-FSC",
        "name": "金融消費者保護法 §13",
        "country": "TW",
        "timezone": "Asia/Taipei",
        "review_window_days": None,
        "notes": "Handle within 30 days; the customer may apply to the 評議中心 within 60 days after.",
        "rules": [_rule("decision", 30, "calendar_days", "notify_customer", warn_before=5), *INTERNAL],
    },
    {
        "code": "HK-HKMA",
        "name": "HKMA complaint handling (bank practice)",
        "country": "HK",
        "timezone": "Asia/Hong_Kong",
        "review_window_days": None,
        "notes": "Acknowledge within 7 days, final within 30, normally no more than 60.",
        "rules": [
            _rule("acknowledgement", 7, "calendar_days", "acknowledged", warn_before=2),
            _rule(
                "decision",
                30,
                "calendar_days",
                "notify_customer",
                warn_before=5,
                extensions=[(60, "manager", True, "Extended to 60 days")],
            ),
            *INTERNAL,
        ],
    },
]


def load_policies(apps: Any = None) -> None:
    """Create the seed policies that do not exist yet (an admin's edits are kept)."""
    if apps is None:
        apps = live_apps
    Policy = apps.get_model("deadlines", "Policy")
    ClockRule = apps.get_model("deadlines", "ClockRule")
    ExtensionStep = apps.get_model("deadlines", "ExtensionStep")
    # A migration sees the model as it was then: pass only the fields it had.
    rule_fields = {f.name for f in ClockRule._meta.get_fields()}
    policy_fields = {f.name for f in Policy._meta.get_fields()}
    for data in POLICIES:
        fields = {k: v for k, v in data.items() if k not in ("code", "rules") and k in policy_fields}
        policy, created = Policy.objects.get_or_create(code=data["code"], defaults=fields)
        if not created:
            continue
        for rule in data["rules"]:
            extensions = rule.get("extensions", [])
            values = {k: v for k, v in rule.items() if k != "extensions" and k in rule_fields}
            clock_rule = ClockRule.objects.create(policy=policy, **values)
            for order, (total, role, notify, label) in enumerate(extensions, start=1):
                ExtensionStep.objects.create(
                    rule=clock_rule,
                    order=order,
                    total_amount=total,
                    approver_role=role,
                    notify_customer=notify,
                    label=label,
                )
