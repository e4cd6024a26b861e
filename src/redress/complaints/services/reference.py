"""Human-readable references, unique under concurrent registration: CMP-YYYYMMDD-NNNNNN."""

from __future__ import annotations

from django.db import connection
from django.db.models import F
from django.utils import timezone

from redress.complaints.models import ReferenceCounter

SEQUENCE = "complaint_reference_seq"


def next_number() -> int:
    """A number never handed out before.

    PostgreSQL: a sequence (no lock held, so registrations do not queue). SQLite: a counter
    row updated in the caller's transaction; SQLite serialises writers anyway.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT nextval('{SEQUENCE}')")
            return int(cursor.fetchone()[0])
    updated = ReferenceCounter.objects.filter(name=SEQUENCE).update(value=F("value") + 1)
    if not updated:
        ReferenceCounter.objects.create(name=SEQUENCE, value=1)
    return ReferenceCounter.objects.values_list("value", flat=True).get(name=SEQUENCE)


def next_reference() -> str:
    return f"CMP-{timezone.localdate():%Y%m%d}-{next_number():06d}"
