"""Reads of the case library: who may do what, the cases and guides shown, and who has read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from redress.accounts.models import Department, Role, User
from redress.accounts.presenters import department_label
from redress.casebook.models import CaseChange, Guide, ReadingConfirmation, Situation, TeachingCase
from redress.core.errors import Forbidden, InvalidInput, NotFound

# Compliance and managers mark cases; they may see the complaint anyway, so they also see which one it was.
MARKERS = frozenset({Role.COMPLIANCE, Role.MANAGER})
# Who reads the training report: a manager their department's, compliance and administrators everyone's.
REPORT_READERS = frozenset({Role.COMPLIANCE, Role.ADMIN, Role.MANAGER})
LIST_FIELDS = ("id", "lesson", "business", "reason", "outcome", "closed_on", "required_for_year", "marked_at")
FILTERS = ("business", "reason", "outcome")


def may_mark(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None) in MARKERS)


def may_see_origin(user: Any) -> bool:
    """Whether the case shows which complaint it came from (its reference): only to those who mark cases."""
    return may_mark(user)


def may_see_training(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "role", None) in REPORT_READERS)


# --- Cases ----------------------------------------------------------------------------------------------


def case_list(*, filters: dict[str, Any]) -> QuerySet[TeachingCase]:
    """The library, newest first. Filters: business, reason, outcome (codes, comma-separated), q (words).

    Words are looked for in the lesson and the scrubbed texts, casefolded in one column, with a plain
    `contains`: a scan, fine for a library of hundreds or a few thousand cases (bench/casebook_search.py).
    Only what a list shows is read."""
    qs = TeachingCase.objects.filter(unmarked_at__isnull=True).only(*LIST_FIELDS)
    for name in FILTERS:
        if value := str(filters.get(name) or "").strip():
            qs = qs.filter(**{f"{name}__in": [v for v in value.split(",") if v]})
    if q := str(filters.get("q") or "").strip():
        qs = qs.filter(search_text__contains=q.casefold())
    year = str(filters.get("required_for_year") or "").strip()
    if year.isdigit():
        qs = qs.filter(required_for_year=int(year))
    return qs.order_by("-marked_at", "-id")


def case_get(*, case_id: Any) -> TeachingCase:
    try:
        pk = int(case_id)
    except (TypeError, ValueError):
        pk = 0
    case = TeachingCase.objects.select_related("marked_by").filter(pk=pk, unmarked_at=None).first()
    if case is None:
        raise NotFound(_("No such teaching case."))
    return case


def case_origin(case: TeachingCase) -> str:
    """The reference of the complaint the case came from (read alone: the complaint's personal data stays
    encrypted and unread). Only for those `may_see_origin`."""
    found = TeachingCase.objects.filter(pk=case.pk).values_list("complaint__reference", flat=True).first()
    return str(found or "")


def case_changes(case: TeachingCase) -> list[CaseChange]:
    return list(case.changes.select_related("by").order_by("at", "id"))


def case_of_complaint(complaint: Any) -> TeachingCase | None:
    """The complaint's teaching case in the library, if it is one."""
    return TeachingCase.objects.filter(complaint=complaint, unmarked_at=None).first()


# --- Guides ---------------------------------------------------------------------------------------------


def guide_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Guide]:
    """Published guides. Filters: business (a code: the guides for it and for every line), situation (a code)."""
    filters = filters or {}
    qs = Guide.objects.filter(active=True).select_related("situation")
    if business := str(filters.get("business") or "").strip():
        qs = qs.filter(Q(business_lines__isnull=True) | Q(business_lines__code=business)).distinct()
    if situation := str(filters.get("situation") or "").strip():
        qs = qs.filter(situation__code=situation)
    return qs.order_by("order", "id")


def guides_for_business(code: str) -> list[Guide]:
    """What the complaint page shows beside a complaint of business line `code` (blank: the guides for all)."""
    qs = Guide.objects.filter(active=True).select_related("situation")
    scope = Q(business_lines__isnull=True)
    if code:
        scope |= Q(business_lines__code=code)
    return list(qs.filter(scope).distinct().order_by("order", "id"))


def guide_get(*, guide_id: Any) -> Guide:
    try:
        pk = int(guide_id)
    except (TypeError, ValueError):
        pk = 0
    guide = Guide.objects.select_related("situation").prefetch_related("business_lines").filter(pk=pk, active=True)
    found = guide.first()
    if found is None:
        raise NotFound(_("No such guide."))
    return found


def situations() -> list[Situation]:
    return list(Situation.objects.order_by("order", "code"))


def has_read(*, user: User, year: int, case: TeachingCase | None = None, guide: Guide | None = None) -> bool:
    return ReadingConfirmation.objects.filter(user=user, year=year, case=case, guide=guide).exists()


# --- Training -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Required:
    kind: str  # "case" or "guide"
    id: int
    title: str


@dataclass
class StaffRow:
    username: str
    name: str
    role: str
    required: int
    read: int
    missing: list[Required] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return self.read >= self.required


@dataclass
class DepartmentRow:
    code: str
    name: str
    staff: list[StaffRow]

    @property
    def complete(self) -> int:
        return sum(row.complete for row in self.staff)

    @property
    def incomplete(self) -> int:
        return len(self.staff) - self.complete


def required_reading(year: int) -> list[Required]:
    """The guides and cases everyone must read in `year`: guides first, in their order, then cases."""
    guides = Guide.objects.filter(active=True, required_for_year=year).order_by("order", "id")
    cases = TeachingCase.objects.filter(unmarked_at=None, required_for_year=year).order_by("marked_at", "id")
    lesson = _("Case %(number)s")
    return [Required("guide", g.pk, g.title) for g in guides] + [
        Required("case", c.pk, lesson % {"number": c.pk}) for c in cases.only("id")
    ]


def _departments_for(user: User, department: str) -> tuple[list[Department | None], bool]:
    """The departments `user` may report on, narrowed to `department` (a code, or "none"); and whether the
    staff without a department are included."""
    if not may_see_training(user):
        raise Forbidden(_("Only managers, compliance and administrators see the training records."))
    if user.role == Role.MANAGER:
        if user.department is None:
            raise Forbidden(_("A manager without a department has no training records to see."))
        if department and department != user.department.code:
            raise Forbidden(_("A manager sees the training records of their own department."))
        return [user.department], False
    found: list[Department | None] = list(Department.objects.order_by("code"))
    if department == "none":
        return [None], True
    if department:
        found = [d for d in found if d is not None and d.code == department]
        if not found:
            raise InvalidInput({"department": [_("No department with this code.")]})
        return found, False
    return [*found, None], True


def training_report(*, user: User, year: int, department: str = "") -> list[DepartmentRow]:
    """Per department, per active member of staff: how many of the year's required items they confirmed reading
    that year, and which are missing. Three queries whatever the number of people."""
    departments, with_none = _departments_for(user, department)
    required = required_reading(year)
    wanted = {(r.kind, r.id) for r in required}
    ids = [d.pk for d in departments if d is not None]
    scope = Q(department_id__in=ids) | (Q(department__isnull=True) if with_none else Q(pk__in=[]))
    staff = list(User.objects.filter(scope, is_active=True).order_by("username"))
    read: dict[int, set[tuple[str, int]]] = {}
    rows = ReadingConfirmation.objects.filter(year=year, user__in=[p.pk for p in staff]).values_list(
        "user_id", "case_id", "guide_id"
    )
    for user_id, case_id, guide_id in rows:
        item = ("case", case_id) if case_id else ("guide", guide_id)
        if item in wanted:
            read.setdefault(user_id, set()).add(item)
    by_department: dict[int | None, list[StaffRow]] = {}
    for person in staff:
        done = read.get(person.pk, set())
        by_department.setdefault(person.department_id, []).append(
            StaffRow(
                username=person.username,
                name=f"{person.first_name} {person.last_name}".strip(),
                role=person.role,
                required=len(required),
                read=len(done),
                missing=[r for r in required if (r.kind, r.id) not in done],
            )
        )
    return [
        DepartmentRow(
            code=d.code if d else "",
            name=_department_name(d),
            staff=by_department.get(d.pk if d else None, []),
        )
        for d in departments
        if d is not None or by_department.get(None)
    ]


def _department_name(department: Department | None) -> str:
    return department_label(department) if department else _("No department")
