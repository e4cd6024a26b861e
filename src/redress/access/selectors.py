"""Reads of the access log: who may see it, and the records one filter selects (newest first)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.access.models import AccessRecord
from redress.accounts.models import Role, User
from redress.core.errors import InvalidInput
from redress.privacy.blind_index import Kind, blind_indexes

VIEWERS = frozenset({Role.COMPLIANCE, Role.AUDITOR})
FILTERS = ("customer", "staff", "complaint", "from", "to")


def may_view(user: object) -> bool:
    return getattr(user, "role", None) in VIEWERS


@dataclass(frozen=True)
class AccessFilter:
    customer: str = ""
    staff: str = ""
    complaint: str = ""
    start: date | None = None
    end: date | None = None


def access_filter(params: Mapping[str, str]) -> AccessFilter:
    """The filter from a query string; InvalidInput naming each field that is not understood."""
    errors: dict[str, list[str]] = {}
    staff = (params.get("staff") or "").strip()
    if staff and not User.objects.filter(username=staff).exists():
        errors["staff"] = [_("No member of staff with the username %(name)s.") % {"name": staff}]
    days: dict[str, date | None] = {}
    for name in ("from", "to"):
        text = (params.get(name) or "").strip()
        try:
            days[name] = date.fromisoformat(text) if text else None
        except ValueError:
            errors[name] = [_("Dates are written YYYY-MM-DD.")]
    if errors:
        raise InvalidInput(errors)
    return AccessFilter(
        customer=(params.get("customer") or "").strip(),
        staff=staff,
        complaint=(params.get("complaint") or "").strip(),
        start=days.get("from"),
        end=days.get("to"),
    )


def _customer_q(value: str) -> Q:
    """The records of the customer with this phone number, e-mail address or ID number (exact, normalised);
    during a key rotation under the old key too (records not re-keyed yet keep their old index)."""
    kinds: tuple[Kind, ...] = ("email",) if "@" in value else ("phone", "id_number")
    q = Q(pk__in=[])
    for kind in kinds:
        indexes = blind_indexes(kind, value)
        if indexes:
            q |= Q(**{f"{kind}_index__in": indexes})
    return q


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_records(found: AccessFilter) -> QuerySet[AccessRecord]:
    qs = AccessRecord.objects.select_related("user", "complaint").only(
        "at", "what", "item", "basis", "reason", "user__username", "user__role", "complaint__reference"
    )
    if found.customer:
        qs = qs.filter(_customer_q(found.customer))
    if found.staff:
        qs = qs.filter(user__username=found.staff)
    if found.complaint:
        qs = qs.filter(complaint__reference=found.complaint)
    if found.start:
        qs = qs.filter(at__gte=_day_start(found.start))
    if found.end:
        qs = qs.filter(at__lt=_day_start(found.end + timedelta(days=1)))
    return qs.order_by("-at", "-id")
