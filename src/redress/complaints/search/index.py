"""Writes of the search index: a complaint's document made again from its texts.

`reindex_after_event` runs after every event appended to a complaint's timeline (registered on
`audit.services.appended` by the complaints app), in the same transaction: every write to a complaint's texts
(registration, a note, a customer's e-mail, a letter, a file, an erasure) is followed by an event, so the
index is current whenever the write commits. Only such an event (`changes_text`) makes the document again; any
other (an extension, an assignment, a transfer) copies the complaint's department and assignee to it when they
changed, one UPDATE that writes nothing when they did not. Paths that write many complaints at once (the CFPB
import) call `search_index_many`; `redress search reindex` makes the whole index again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from redress.audit.bulk import copy_field, copy_lines
from redress.audit.models import Event
from redress.complaints.models import Complaint, ComplaintSearch, Evidence
from redress.complaints.search.words import document_words
from redress.correspondence.models import Letter, LetterKind
from redress.privacy.masking import known_of
from redress.privacy.scrubber import MARKER, scrub

# Timeline events whose words are searched: key -> what it holds.
EVENT_TEXTS: dict[str, tuple[str, ...]] = {
    "add_note": ("text",),
    "log_contact": ("summary",),
    "approve_resolution": ("note",),
    "customer_message": ("subject", "text"),
}
EVENT_NAMES = {"customer_message": "attachments"}  # lists of file names
# Other events after which a complaint's searched texts are not what they were: a file added, the texts erased.
# An event of an action that issued a letter names it (`letter` in its data).
TEXT_KINDS = frozenset({"add_evidence", "erased"})
# The complaint's columns a document is made from, with the customer's details to scrub them out of its texts.
PERSONAL_READS = (
    "id",
    "customer_name",
    "customer_id_number",
    "customer_phone",
    "customer_email",
    "customer_address",
)
MAIN_READS = ("id", "reference", "description", "desired_outcome", *PERSONAL_READS[1:])
SEARCH_READS = MAIN_READS
# What a handler's view of complaints reads (`search_scope`), copied to the document.
SCOPE_READS = ("department_id", "assignee_id")


@dataclass(frozen=True)
class Source:
    """One text of a complaint that search reads: kind (main, message, note, letter, file) and the text."""

    kind: str
    text: str


def main_sources(complaint: Complaint, *, clear: bool = False) -> list[Source]:
    """The reference, description and desired outcome. The texts are held encrypted and the document is not, so
    their words are taken with the personal data in them scrubbed out (the rules' finds and the customer's own
    values); `clear`: as written (a snippet shown to a reader, masked for them as they see the texts)."""
    texts = [complaint.description or "", complaint.desired_outcome or ""]
    if not clear:
        known = known_of(complaint)
        texts = [_scrubbed(text, known) for text in texts]
    return [
        Source("reference", complaint.reference),
        Source("description", texts[0]),
        Source("desired_outcome", texts[1]),
    ]


def extra_sources(complaint: Complaint) -> list[Source]:
    """The customer's messages, the notes, the letters (the customer's details scrubbed out) and file names."""
    found: list[Source] = []
    events = complaint.events.filter(kind__in=EVENT_TEXTS).order_by("seq").values_list("kind", "data")
    for kind, data in events:
        found += event_sources(kind, data)
    letters = list(_letters().filter(complaint=complaint).order_by("id").only("subject", "body"))
    names = list(Evidence.objects.filter(complaint=complaint).order_by("id").values_list("original_name", flat=True))
    known = known_of(complaint) if letters or names else ()
    found += [Source("letter", _scrubbed(f"{letter.subject}\n{letter.body}", known)) for letter in letters]
    # A file's name is held encrypted (张三身份证.jpg): its words are taken like a letter's, scrubbed.
    return found + [Source("file", _scrubbed(name, known)) for name in names]


def _letters() -> QuerySet[Letter]:
    """The letters whose words are searched: all but the acknowledgement, the template's same words to every
    customer (it would make them match every complaint, and scrubbing it would cost every registration)."""
    return Letter.objects.exclude(kind=LetterKind.ACKNOWLEDGEMENT)


def event_sources(kind: str, data: dict[str, Any]) -> list[Source]:
    label = "message" if kind == "customer_message" else "note"
    found = [Source(label, value) for key in EVENT_TEXTS[kind] if isinstance(value := data.get(key), str)]
    names = data.get(EVENT_NAMES.get(kind, "")) or []
    return found + [Source("file", name) for name in names if isinstance(name, str)]


def _extra_texts(ids: list[int]) -> dict[int, list[str]]:
    """`extra_sources` of many complaints in four queries: complaint id -> texts."""
    texts: dict[int, list[str]] = defaultdict(list)
    events = (
        Event.objects.filter(complaint_id__in=ids, kind__in=EVENT_TEXTS)
        .order_by("complaint_id", "seq")
        .values_list("complaint_id", "kind", "data")
    )
    for complaint_id, kind, data in events:
        texts[complaint_id] += [source.text for source in event_sources(kind, data)]
    letters = list(_letters().filter(complaint_id__in=ids).order_by("id").only("complaint_id", "subject", "body"))
    files = list(
        Evidence.objects.filter(complaint_id__in=ids).order_by("id").values_list("complaint_id", "original_name")
    )
    known: dict[int, Any] = {}
    if letters or files:  # the customer's details (decrypted) only of those with a letter or file, to scrub them out
        having = {letter.complaint_id for letter in letters} | {complaint_id for complaint_id, _name in files}
        known = {c.pk: known_of(c) for c in Complaint.objects.filter(id__in=having).only(*PERSONAL_READS)}
    for letter in letters:
        text = _scrubbed(f"{letter.subject}\n{letter.body}", known.get(letter.complaint_id, ()))
        texts[letter.complaint_id].append(text)
    for complaint_id, name in files:
        texts[complaint_id].append(_scrubbed(name, known.get(complaint_id, ())))
    return texts


def search_extra_remake(ids: list[int]) -> None:
    """Make the `extra` words of the documents of complaints `ids` again (a migration that changes how)."""
    texts = _extra_texts(ids)
    for pk in ids:
        ComplaintSearch.objects.filter(complaint_id=pk).update(extra=document_words(texts.get(pk, [])))


def _scrubbed(text: str, known: Iterable[tuple[str, str]]) -> str:
    """A text without the personal data in it (the text is held encrypted; its words are not)."""
    return MARKER.sub(" ", scrub(text, known=known))


def _scope(complaint: Complaint) -> dict[str, int | None]:
    return {"department_id": complaint.department_id, "assignee_id": complaint.assignee_id}


def _row(complaint: Complaint) -> ComplaintSearch:
    return ComplaintSearch(
        complaint_id=complaint.pk,
        main=document_words(s.text for s in main_sources(complaint)),
        extra=document_words(s.text for s in extra_sources(complaint)),
        updated_at=timezone.now(),
        **_scope(complaint),
    )


def search_reindex(complaint: Complaint) -> None:
    """Make `complaint`'s search document again from its texts as they are now."""
    row = _row(complaint)
    updated = ComplaintSearch.objects.filter(complaint_id=complaint.pk).update(
        main=row.main, extra=row.extra, updated_at=row.updated_at, **_scope(complaint)
    )
    if not updated:
        row.save(force_insert=True)


def search_scope_follow(complaint: Complaint) -> int:
    """Copy the complaint's department and assignee to its document when they differ (1), else write nothing
    (0): the texts, and so the words and their index entries, stay as they are."""
    scope = _scope(complaint)
    return ComplaintSearch.objects.filter(complaint_id=complaint.pk).exclude(**scope).update(**scope)


def changes_text(event: Event) -> bool:
    """Whether the searched texts of the event's complaint changed with it: its words (a note, a customer's
    message, a contact logged), a letter issued, a file added, an erasure."""
    return event.kind in EVENT_TEXTS or event.kind in TEXT_KINDS or bool(event.data.get("letter"))


def reindex_after_event(complaint: Complaint, event: Event) -> None:
    """The `audit.services.appended` hook. The first event (the registration) writes the document from the
    complaint's own texts: nothing else is searched yet. An event that changed the searched texts makes it again
    (`changes_text`); any other copies only the department and assignee when an action changed them."""
    if event.seq == 1:
        main = document_words(s.text for s in main_sources(complaint))
        row = ComplaintSearch(complaint_id=complaint.pk, main=main, updated_at=timezone.now(), **_scope(complaint))
        row.save(force_insert=True)
    elif changes_text(event):
        search_reindex(complaint)
    else:
        search_scope_follow(complaint)


def search_index_many(complaints: Sequence[Complaint]) -> None:
    """Documents for complaints just written together (an import): their own texts only (no events, letters or
    files to read yet). PostgreSQL: one COPY."""
    now = timezone.now()
    rows = [(c, document_words(s.text for s in main_sources(c))) for c in complaints]
    if connection.vendor == "postgresql":
        lines = [
            "\t".join(
                [
                    str(c.pk),
                    copy_field(main),
                    "",
                    now.isoformat(),
                    copy_field(c.department_id),
                    copy_field(c.assignee_id),
                ]
            )
            for c, main in rows
        ]
        columns = ["complaint_id", "main", "extra", "updated_at", "department_id", "assignee_id"]
        copy_lines(ComplaintSearch._meta.db_table, columns, lines)
        return
    ComplaintSearch.objects.bulk_create(
        [ComplaintSearch(complaint_id=c.pk, main=main, updated_at=now, **_scope(c)) for c, main in rows],
        batch_size=1000,
    )


def search_rebuild(*, chunk: int = 1000) -> int:
    """Make every complaint's document again (`redress search reindex`, migration 0021 when none was made);
    returns how many. Chunk by chunk, each in its own transaction, by id order, a handful of queries a chunk, so
    a large table never sits in memory. Reads only the columns it needs (`MAIN_READS`, `SCOPE_READS`,
    `PERSONAL_READS`)."""
    done = last = 0
    while True:
        with transaction.atomic():
            batch = list(Complaint.objects.filter(id__gt=last).order_by("id").only(*MAIN_READS, *SCOPE_READS)[:chunk])
            ids = [c.pk for c in batch]
            extra = _extra_texts(ids)
            now = timezone.now()
            rows = [
                ComplaintSearch(
                    complaint_id=c.pk,
                    main=document_words(s.text for s in main_sources(c)),
                    extra=document_words(extra.get(c.pk, [])),
                    updated_at=now,
                    **_scope(c),
                )
                for c in batch
            ]
            ComplaintSearch.objects.filter(complaint_id__in=ids).delete()
            ComplaintSearch.objects.bulk_create(rows, batch_size=chunk)
        done += len(batch)
        if len(batch) < chunk:
            return done
        last = ids[-1]
