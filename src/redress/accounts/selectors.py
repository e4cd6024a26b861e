"""Reads about staff: who manages which department (who hears of an escalation)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from redress.accounts.models import Department, Role, User


def managers_by_department() -> dict[int | None, list[User]]:
    """The active managers, by department (None: managers of no department)."""
    managers: dict[int | None, list[User]] = defaultdict(list)
    for manager in User.objects.filter(role=Role.MANAGER, is_active=True).order_by("id"):
        managers[manager.department_id].append(manager)
    return managers


def managers_for(managers: dict[int | None, list[User]], department_id: int | None) -> list[User]:
    """Who hears of a complaint's escalation: its department's managers, or every manager when it has no
    department or no manager there."""
    told = managers.get(department_id, []) if department_id is not None else []
    return told or [m for group in managers.values() for m in group]


def staff_in_roles(roles: Iterable[str]) -> list[User]:
    """The active staff of these roles (e.g. who hears of a spike alert)."""
    return list(User.objects.filter(is_active=True, role__in=list(roles)))


def departments_by_pk(pks: Iterable[int]) -> dict[int, Department]:
    """These departments by id, in one query (an id of none is left out)."""
    wanted = set(pks)
    return {d.pk: d for d in Department.objects.filter(pk__in=wanted)} if wanted else {}


def all_departments() -> list[Department]:
    """Every department, by code (a handful of rows)."""
    return list(Department.objects.order_by("code"))
