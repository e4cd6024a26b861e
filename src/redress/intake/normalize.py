"""Duplicate detection and email threading: pure text functions and the reads they need."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from difflib import SequenceMatcher

from django.db.models import Q

from redress.complaints.models import Complaint
from redress.privacy.blind_index import blind_index

DUPLICATE_WINDOW = timedelta(days=30)
DUPLICATE_THRESHOLD = 0.6
MAX_CANDIDATES = 20
_SPACE = re.compile(r"\s+")
REFERENCE = re.compile(r"\b[A-Z]{2,5}-[0-9]{8}-[0-9]{4,}\b")
# Message-IDs of the outbox, when correspondence sets them: <outbox-42.CMP-20261128-000001@host>
OUTBOX_MESSAGE_ID = re.compile(r"^<?outbox-[0-9]+\.(?P<reference>[A-Z]{2,5}-[0-9]{8}-[0-9]{4,})@", re.IGNORECASE)


def canonical_text(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: what similarity is measured on."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _grams(text: str, n: int = 3) -> set[str]:
    return {text[i : i + n] for i in range(max(len(text) - n + 1, 1))}


def similarity(a: str, b: str) -> float:
    """The larger of difflib's ratio and the Jaccard index of character 3-grams (0..1)."""
    x, y = canonical_text(a)[:4000], canonical_text(b)[:4000]
    if not x or not y:
        return 0.0
    ga, gb = _grams(x), _grams(y)
    jaccard = len(ga & gb) / len(ga | gb)
    if jaccard >= DUPLICATE_THRESHOLD:
        return jaccard
    return max(jaccard, SequenceMatcher(None, x, y, autojunk=False).ratio())


@dataclass(frozen=True)
class DuplicateMatch:
    complaint: Complaint
    score: float
    matched_on: str


def find_possible_duplicates(
    *, phone: str, email: str, id_number: str, text: str, received_at: datetime, exclude: int | None = None
) -> list[DuplicateMatch]:
    """Earlier complaints of the same customer (phone, email or ID number) with similar text in 30 days."""
    indexes = {
        "phone": blind_index("phone", phone),
        "email": blind_index("email", email),
        "id_number": blind_index("id_number", id_number),
    }
    scope = Q()
    for kind, value in indexes.items():
        if value:
            scope |= Q(**{f"{kind}_index": value})
    if not scope:
        return []
    rows = (
        Complaint.objects.filter(scope, received_at__gte=received_at - DUPLICATE_WINDOW)
        .exclude(pk=exclude or 0)
        .only("id", "reference", "description", "desired_outcome", "phone_index", "email_index", "id_number_index")
        # No ORDER BY: with one, PostgreSQL may walk the primary key backwards instead of OR-ing the indexes.
        .order_by()[:MAX_CANDIDATES]
    )
    matches = []
    for row in rows:
        score = similarity(text, f"{row.description}\n{row.desired_outcome}".strip())
        if score >= DUPLICATE_THRESHOLD:
            on = [k for k, v in indexes.items() if v and getattr(row, f"{k}_index") == v]
            matches.append(DuplicateMatch(complaint=row, score=round(score, 3), matched_on=",".join(on)))
    return matches


def references_in(text: str) -> list[str]:
    return REFERENCE.findall(text or "")


def message_ids(header: str) -> list[str]:
    """The Message-IDs in an In-Reply-To or References header, in order."""
    return re.findall(r"<[^<>\s]+>", header or "")
