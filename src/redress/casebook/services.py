"""Writes of the case library: marking a closed complaint as a teaching case, its lesson, reading confirmations.

Each write is one transaction and writes its `CaseChange` (the case's history) inside it.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from redress.accounts.models import User
from redress.casebook.models import CaseChange, Guide, ReadingConfirmation, TeachingCase, search_text
from redress.casebook.selectors import may_mark
from redress.casebook.snapshot import Scrubber, case_snapshot
from redress.complaints.selectors import complaint_closed, complaint_get
from redress.core.errors import Conflict, Forbidden, InvalidInput, NotFound

LESSON_MAX = 4000
SEARCHED = ("lesson", "description", "desired_outcome", "findings", "plan_summary", "letter")
_UNSET: Any = object()


def _refuse_unless_marker(user: User) -> None:
    if not may_mark(user):
        raise Forbidden(_("Only compliance and managers mark teaching cases."))


def _lesson(text: str | None) -> str:
    lesson = (text or "").strip()
    if not lesson:
        raise InvalidInput({"lesson": [_("Write the lesson of the case.")]})
    if len(lesson) > LESSON_MAX:
        raise InvalidInput({"lesson": [_("The lesson is too long (at most 4000 characters).")]})
    return lesson


def _year(value: Any) -> int | None:
    if value in (None, ""):
        return None
    try:
        year = int(value)
    except (TypeError, ValueError):
        year = 0
    if not 2000 <= year <= 2100:
        raise InvalidInput({"required_for_year": [_("Give a year such as 2026, or nothing.")]})
    return year


def case_mark(*, user: User, reference: str, lesson: str, required_for_year: Any = None) -> TeachingCase:
    """Make the closed complaint `reference` a teaching case with `lesson`, its snapshot scrubbed.

    A complaint unmarked before is marked again with a fresh snapshot; one already in the library is a Conflict."""
    _refuse_unless_marker(user)
    text, year = _lesson(lesson), _year(required_for_year)
    complaint = complaint_get(user=user, reference=(reference or "").strip().upper())
    if not complaint_closed(complaint):
        raise Conflict(_("Only a closed complaint can become a teaching case."), code="not_closed")
    clean = Scrubber(complaint)
    fields = {
        **case_snapshot(complaint),
        "lesson": clean(text),
        "required_for_year": year,
        "marked_by": user,
        "marked_at": timezone.now(),
        "unmarked_at": None,
    }
    with transaction.atomic():
        case = TeachingCase.objects.select_for_update().filter(complaint=complaint).first()
        if case is not None and case.unmarked_at is None:
            raise Conflict(_("This complaint is already a teaching case."), code="already_marked")
        if case is None:
            fields["search_text"] = search_text(*(fields[name] for name in SEARCHED))
            try:
                with transaction.atomic():
                    case = TeachingCase.objects.create(complaint=complaint, **fields)
            except IntegrityError:
                raise Conflict(_("This complaint is already a teaching case."), code="already_marked") from None
        else:
            for name, value in fields.items():
                setattr(case, name, value)
            case.refresh_search_text()
            case.save()
        CaseChange.objects.create(
            case=case, kind=CaseChange.Kind.MARKED, lesson=case.lesson, required_for_year=year, by=user
        )
    return case


def _locked_case(case_id: int) -> TeachingCase:
    # The case's row only: the complaint is read (for its personal values) only when the lesson changes.
    case = TeachingCase.objects.select_for_update().filter(pk=case_id, unmarked_at__isnull=True).first()
    if case is None:
        raise NotFound(_("No such teaching case."))
    return case


def case_update(
    *, user: User, case_id: int, lesson: str | None = None, required_for_year: Any = _UNSET
) -> TeachingCase:
    """Change the lesson (scrubbed like the snapshot) or the year it is required reading in."""
    _refuse_unless_marker(user)
    with transaction.atomic():
        case = _locked_case(case_id)
        if lesson is not None:
            case.lesson = Scrubber(case.complaint)(_lesson(lesson))
            case.refresh_search_text()
        if required_for_year is not _UNSET:
            case.required_for_year = _year(required_for_year)
        case.save()
        CaseChange.objects.create(
            case=case,
            kind=CaseChange.Kind.CHANGED,
            lesson=case.lesson,
            required_for_year=case.required_for_year,
            by=user,
        )
    return case


def case_unmark(*, user: User, case_id: int) -> TeachingCase:
    """Take the case out of the library; its history and the confirmations of those who read it stay."""
    _refuse_unless_marker(user)
    with transaction.atomic():
        case = _locked_case(case_id)
        case.unmarked_at = timezone.now()
        case.save(update_fields=["unmarked_at", "updated_at"])
        CaseChange.objects.create(
            case=case, kind=CaseChange.Kind.UNMARKED, lesson=case.lesson, required_for_year=None, by=user
        )
    return case


def reading_confirm(
    *, user: User, case: TeachingCase | None = None, guide: Guide | None = None
) -> tuple[ReadingConfirmation, bool]:
    """`user` has read the case or guide this year; confirming again the same year changes nothing.

    Returns the confirmation and whether it is new."""
    if (case is None) == (guide is None):
        raise InvalidInput(_("Confirm reading one case or one guide."))
    year = timezone.localdate().year
    found = ReadingConfirmation.objects.filter(user=user, case=case, guide=guide, year=year).first()
    if found is not None:
        return found, False
    try:
        with transaction.atomic():
            return ReadingConfirmation.objects.create(user=user, case=case, guide=guide, year=year), True
    except IntegrityError:  # the same person confirming twice at once: the first one counts
        return ReadingConfirmation.objects.get(user=user, case=case, guide=guide, year=year), False
