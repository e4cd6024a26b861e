"""Named people for tests and the demo: one per role, with departments and approval limits."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from redress.accounts.models import ApprovalLimit, Department, Role, User


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


PERSONAS: tuple[Persona, ...] = (
    Persona("intake", Role.INTAKE_AGENT, "service", first_name="王小明"),
    Persona("handler", Role.HANDLER, "cards", first_name="李娜"),
    Persona("handler2", Role.HANDLER, "cards", first_name="张伟"),
    Persona("senior", Role.HANDLER, "cards", first_name="黄磊", seniority=2),
    Persona("outsider", Role.HANDLER, "loans", first_name="赵强"),
    Persona(
        "approver",
        Role.APPROVER,
        "cards",
        "200000",
        first_name="陈静",
        more_limits=(("GBP", "20000"), ("HKD", "200000"), ("TWD", "800000"), ("USD", "25000")),
    ),
    Persona("approver_small", Role.APPROVER, "cards", "5000", first_name="刘洋"),
    Persona(
        "compliance",
        Role.COMPLIANCE,
        "compliance",
        "10000000",
        first_name="孙丽",
        more_limits=(("GBP", "1000000"), ("HKD", "10000000"), ("TWD", "40000000"), ("USD", "1500000")),
    ),
    Persona("manager", Role.MANAGER, "cards", first_name="周杰", seniority=3),
    Persona("analyst", Role.ANALYST, None, first_name="吴敏"),
    Persona("auditor", Role.AUDITOR, None, first_name="郑华"),
    Persona("admin", Role.ADMIN, None, first_name="Admin"),
)

DEPARTMENTS = {
    "service": ("客户服务中心", "Customer service"),
    "cards": ("信用卡中心", "Card centre"),
    "loans": ("个人贷款部", "Personal loans"),
    "compliance": ("合规部", "Compliance"),
}


def ensure_personas(password: str | None = None) -> dict[str, User]:
    departments = {
        code: Department.objects.get_or_create(code=code, defaults={"name": zh, "name_en": en})[0]
        for code, (zh, en) in DEPARTMENTS.items()
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
