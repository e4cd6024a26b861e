"""Named people for tests and the demo: one per role, with departments and approval limits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from redress.accounts.models import ApprovalLimit, Department, Role, User

# Where the demo keeps its sign-ins (username, role, password), under REDRESS_HOME, readable by its owner only.
DEMO_LOGINS_FILE = "demo-logins.txt"


@dataclass(frozen=True)
class Persona:
    username: str
    role: Role
    department: str | None = None
    limit: str | None = None
    currency: str = "CNY"
    first_name: str = ""
    seniority: int = 1
    more_limits: tuple[tuple[str, str], ...] = ()  # (currency, limit): approval limits in further currencies
    purpose: Promise | str = ""  # what the demo shows signed in as this person


PERSONAS: tuple[Persona, ...] = (
    Persona(
        "intake",
        Role.INTAKE_AGENT,
        "service",
        first_name="王小明",
        purpose=_("Registers complaints and confirms the first assessment (triage)."),
    ),
    Persona(
        "handler",
        Role.HANDLER,
        "cards",
        first_name="李娜",
        purpose=_("Card centre handler: investigates, proposes the plan, writes to the customer."),
    ),
    Persona(
        "handler2",
        Role.HANDLER,
        "cards",
        first_name="张伟",
        purpose=_("A colleague in the same department: sees its complaints, may add notes, acts on none."),
    ),
    Persona(
        "senior",
        Role.HANDLER,
        "cards",
        first_name="黄磊",
        seniority=2,
        purpose=_("A more senior handler: a review the customer asks for goes to someone like them."),
    ),
    Persona(
        "outsider",
        Role.HANDLER,
        "loans",
        first_name="赵强",
        purpose=_("A handler of another department (personal loans): the card centre's complaints are hidden."),
    ),
    Persona(
        "approver",
        Role.APPROVER,
        "cards",
        "200000",
        first_name="陈静",
        more_limits=(("GBP", "20000"), ("HKD", "200000"), ("TWD", "800000"), ("USD", "25000")),
        purpose=_("Card centre approver: approves or rejects the plans awaiting approval."),
    ),
    Persona(
        "approver_small",
        Role.APPROVER,
        "cards",
        "5000",
        first_name="刘洋",
        purpose=_("An approver with a small limit (5,000 CNY): a larger plan needs another approver."),
    ),
    Persona(
        "compliance",
        Role.COMPLIANCE,
        "compliance",
        "10000000",
        first_name="孙丽",
        more_limits=(("GBP", "1000000"), ("HKD", "10000000"), ("TWD", "40000000"), ("USD", "1500000")),
        purpose=_("Compliance: the second approval of large plans; sees every department."),
    ),
    Persona(
        "manager",
        Role.MANAGER,
        "cards",
        first_name="周杰",
        seniority=3,
        purpose=_("Card centre manager: assigns and declines complaints, closes them; the deadline board."),
    ),
    Persona(
        "analyst",
        Role.ANALYST,
        None,
        first_name="吴敏",
        purpose=_("Dashboards, themes and regulatory returns."),
    ),
    Persona(
        "auditor",
        Role.AUDITOR,
        None,
        first_name="郑华",
        purpose=_("Reads every complaint and the audit trail; changes nothing."),
    ),
    Persona(
        "admin",
        Role.ADMIN,
        None,
        first_name="Admin",
        purpose=_("Administration: people, code tables, letter templates, policies."),
    ),
)

# code: (Simplified, Traditional, English) names.
DEPARTMENTS = {
    "service": ("客户服务中心", "客戶服務中心", "Customer service"),
    "cards": ("信用卡中心", "信用卡中心", "Card centre"),
    "loans": ("个人贷款部", "個人貸款部", "Personal loans"),
    "compliance": ("合规部", "合規部", "Compliance"),
}


def ensure_personas(password: str | None = None) -> dict[str, User]:
    departments = {
        code: Department.objects.get_or_create(code=code, defaults={"name": zh, "name_zh_hant": hant, "name_en": en})[0]
        for code, (zh, hant, en) in DEPARTMENTS.items()
    }
    people: dict[str, User] = {}
    for p in PERSONAS:
        user, created = User.objects.get_or_create(
            username=p.username,
            defaults={
                "role": p.role,
                "department": departments.get(p.department or ""),
                "approval_limit": Decimal(p.limit) if p.limit else None,
                "approval_currency": p.currency,
                "first_name": p.first_name,
                "seniority": p.seniority,
                "email": f"{p.username}@bank.example",
                "is_staff": p.role == Role.ADMIN,
                "is_superuser": p.role == Role.ADMIN,
            },
        )
        if created:
            if password:
                user.set_password(password)
            else:
                user.set_unusable_password()
            user.save()
            ApprovalLimit.objects.bulk_create(
                ApprovalLimit(user=user, currency=cur, amount=Decimal(amount)) for cur, amount in p.more_limits
            )
        people[p.username] = user
    return people


def demo_logins_path() -> Path:
    return Path(settings.HOME) / DEMO_LOGINS_FILE


def demo_personas() -> list[Persona]:
    """The personas to offer on the sign-in page: the demo's, when it is loaded here (never in production)."""
    if settings.PRODUCTION or not demo_logins_path().exists():
        return []
    present = set(User.objects.filter(username__in=[p.username for p in PERSONAS]).values_list("username", flat=True))
    return [p for p in PERSONAS if p.username in present]
