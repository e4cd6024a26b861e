"""Writes of the search index: a complaint's document, made from its texts or added to.

`reindex_after_event` runs after every event appended to a complaint's timeline (registered on
`audit.services.appended` by the complaints app), in the same transaction: every write to a complaint's texts
(registration, a note, a customer's e-mail, a letter, a file, an erasure) is followed by an event, so the
index is current whenever the write commits. The document's `extra` words are those of its timeline in order,
event by event (`extra_sources`), so an event that adds a text (a note, a message, a contact logged, an approver's
note, a letter issued, a file) appends that text's words alone (`search_append`): the other texts are not read,
decrypted or cut again. Only an erasure (`REBUILD_KINDS`), which rewrites texts already indexed, makes the whole
document again. Any other event (an extension, an assignment, a transfer) copies the complaint's department and
assignee to it when they changed, one UPDATE that writes nothing when they did not. Paths that write many
complaints at once (the CFPB import) call `search_index_many`; `redress search reindex` makes the whole index
again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, F, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Concat
from django.utils import timezone

from redress.audit.bulk import copy_field, copy_lines
from redress.audit.models import Event
from redress.complaints.models import Complaint, ComplaintSearch, Evidence
from redress.complaints.search.words import document_words
from redress.correspondence.models import Letter, LetterKind
from redress.privacy.masking import Known, known_of
from redress.privacy.scrubber import MARKER, scrub

# Timeline events whose words are searched: key -> what it holds.
EVENT_TEXTS: dict[str, tuple[str, ...]] = {
    "add_note": ("text",),
    "log_contact": ("summary",),
    "approve_resolution": ("note",),
    "customer_message": ("subject", "text"),
}
EVENT_NAMES = {"customer_message": "attachments"}  # lists of file names
# The event of a file added: it names the evidence (`evidence` in its data), whose file name is searched.
FILE_KIND = "add_evidence"
# An event of an action that issued a letter names it (`letter` in its data); the letter's words come with the
# first event that names it (sending it again names it again).
# Events after which texts already indexed are not what they were: the whole document is made again.
REBUILD_KINDS = frozenset({"erased"})
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


def extra_sources(complaint: Complaint, *, clear: bool = False) -> list[Source]:
    """The texts of the complaint's timeline, event by event: the customer's messages, the notes, the letters and
    the files' names, with the personal data in them scrubbed out as in `main_sources` (the texts are held
    encrypted, the document is not); `clear`: the timeline's own texts as written (a snippet, masked for its
    reader), letters scrubbed all the same."""
    return _timeline_sources([complaint], clear=clear).get(complaint.pk, [])


def _timeline_sources(complaints: Sequence[Complaint], *, clear: bool = False) -> dict[int, list[Source]]:
    """`extra_sources` of many complaints (their personal columns read, `PERSONAL_READS`) in four queries:
    complaint id -> its sources."""
    events = list(
        _text_events(Event.objects.filter(complaint_id__in=[c.pk for c in complaints]))
        .order_by("complaint_id", "seq")
        .values_list("complaint_id", "kind", "data")
    )
    known = None if clear else {c.pk: known_of(c) for c in complaints}
    letters = _letter_texts(_named(events, "letter"), complaints, known=known)
    files = dict(Evidence.objects.filter(pk__in=_named(events, "evidence")).values_list("pk", "original_name"))
    found: dict[int, list[Source]] = defaultdict(list)
    seen: set[int] = set()
    for complaint_id, kind, data in events:
        mine = None if known is None else known[complaint_id]
        found[complaint_id] += event_sources(kind, data, letters=letters, files=files, seen=seen, known=mine)
    return found


def _text_events(events: QuerySet[Event]) -> QuerySet[Event]:
    """The events whose texts are searched (`event_sources`)."""
    return events.filter(Q(kind__in=[*EVENT_TEXTS, FILE_KIND]) | Q(data__has_key="letter"))


def _named(events: Iterable[tuple[Any, ...]], key: str) -> set[int]:
    """The ids the events' data names under `key` (the data last in each tuple)."""
    return {value for *_rest, data in events if isinstance(value := data.get(key), int)}


def _letter_texts(
    ids: Iterable[int], complaints: Sequence[Complaint], *, known: dict[int, Known] | None = None
) -> dict[int, str]:
    """Letter id -> its subject and body with the customer's details scrubbed out, of the letters `ids` that are
    searched (`_letters`), of `complaints` (their customer's details read to scrub them out, unless `known`
    gives them: complaint id -> its customer's values)."""
    ids = set(ids)
    if not ids:
        return {}
    letters = list(
        _letters().filter(pk__in=ids, complaint__in=[c.pk for c in complaints]).only("complaint_id", "subject", "body")
    )
    if known is None:
        holders = {letter.complaint_id for letter in letters}
        known = {c.pk: known_of(c) for c in complaints if c.pk in holders}
    return {
        letter.pk: _scrubbed(f"{letter.subject}\n{letter.body}", known.get(letter.complaint_id, ()))
        for letter in letters
    }


def _letters() -> QuerySet[Letter]:
    """The letters whose words are searched: all but the acknowledgement, the template's same words to every
    customer (it would make them match every complaint, and scrubbing it would cost every registration)."""
    return Letter.objects.exclude(kind=LetterKind.ACKNOWLEDGEMENT)


def event_sources(
    kind: str,
    data: dict[str, Any],
    *,
    letters: dict[int, str],
    files: dict[int, str],
    seen: set[int],
    known: Known | None,
) -> list[Source]:
    """The searched texts one event added: its own words (`EVENT_TEXTS`) and attachments' names, the file it added
    (`files`: evidence id -> name), the letter it issued (`letters`: id -> text, already scrubbed) unless one in
    `seen` (which it joins) named that letter already. With `known` (the customer's own values), the event's texts
    and names are scrubbed of personal data; None: as written."""

    def text(value: str) -> str:
        return value if known is None else _scrubbed(value, known)

    label = "message" if kind == "customer_message" else "note"
    found = [Source(label, text(value)) for key in EVENT_TEXTS.get(kind, ()) if isinstance(value := data.get(key), str)]
    names = data.get(EVENT_NAMES.get(kind, "")) or []
    found += [Source("file", text(name)) for name in names if isinstance(name, str)]
    if kind == FILE_KIND and (name := files.get(data.get("evidence"))):  # type: ignore[arg-type]
        found.append(Source("file", text(name)))
    letter = data.get("letter")
    if isinstance(letter, int) and letter in letters and letter not in seen:
        seen.add(letter)
        found.append(Source("letter", letters[letter]))
    return found


def _extra_texts(complaints: Sequence[Complaint]) -> dict[int, list[str]]:
    """complaint id -> the texts of its `extra_sources`, of many complaints at once."""
    return {pk: [source.text for source in sources] for pk, sources in _timeline_sources(complaints).items()}


def search_extra_remake(ids: list[int]) -> None:
    """Make the `extra` words of the documents of complaints `ids` again (a migration that changes how)."""
    complaints = list(Complaint.objects.filter(id__in=ids).only(*PERSONAL_READS))
    texts = _extra_texts(complaints)
    for pk in ids:
        ComplaintSearch.objects.filter(complaint_id=pk).update(extra=document_words(texts.get(pk, [])))


def searched_timelines() -> list[int]:
    """The ids of the complaints whose timeline holds a searched text (`_text_events`), in order."""
    return sorted(set(_text_events(Event.objects.all()).values_list("complaint_id", flat=True)))


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


def added_sources(complaint: Complaint, event: Event) -> list[Source]:
    """The searched texts `event` (just appended) added to the complaint's timeline: what `extra_sources` reads of
    it, and only that (the letter and the file it names, nothing else)."""
    data = event.data
    letter, evidence = data.get("letter"), data.get("evidence") if event.kind == FILE_KIND else None
    known = known_of(complaint)  # the customer's details decrypted once, for the letter and the event's texts
    letters: dict[int, str] = {}
    if isinstance(letter, int) and not complaint.events.filter(seq__lt=event.seq, data__letter=letter).exists():
        letters = _letter_texts([letter], [complaint], known={complaint.pk: known})
    files: dict[int, str] = {}
    if isinstance(evidence, int):
        files = dict(Evidence.objects.filter(pk=evidence).values_list("pk", "original_name"))
    return event_sources(event.kind, data, letters=letters, files=files, seen=set(), known=known)


def search_append(complaint: Complaint, words: str) -> int:
    """Add `words` after the document's `extra` words (and copy the department and assignee): 1, or 0 when the
    complaint has no document."""
    text: TextField[str, str] = TextField()
    extra = Case(
        When(extra="", then=Value(words, output_field=text)),
        default=Concat(F("extra"), Value(f" {words}", output_field=text), output_field=text),
        output_field=text,
    )
    return ComplaintSearch.objects.filter(complaint_id=complaint.pk).update(
        extra=extra, updated_at=timezone.now(), **_scope(complaint)
    )


def reindex_after_event(complaint: Complaint, event: Event) -> None:
    """The `audit.services.appended` hook. The first event (the registration) writes the document from the
    complaint's own texts: nothing else is searched yet. An erasure makes it again; an event that added a searched
    text appends that text's words (`added_sources`); any other copies only the department and assignee when an
    action changed them."""
    if event.seq == 1:
        main = document_words(s.text for s in main_sources(complaint))
        row = ComplaintSearch(complaint_id=complaint.pk, main=main, updated_at=timezone.now(), **_scope(complaint))
        row.save(force_insert=True)
    elif event.kind in REBUILD_KINDS:
        search_reindex(complaint)
    elif words := document_words(s.text for s in added_sources(complaint, event)):
        if not search_append(complaint, words):
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


def search_rebuild(*, chunk: int = 1000, after: int = 0, until: int | None = None) -> int:
    """Make every complaint's document again (`redress search reindex`, migration 0021 when none was made), or
    those with `after` < id <= `until`; returns how many. Chunk by chunk, each in its own transaction, by id
    order, a handful of queries a chunk, so a large table never sits in memory. Reads only the columns it needs
    (`MAIN_READS`, `SCOPE_READS`, `PERSONAL_READS`)."""
    done, last = 0, after
    complaints = Complaint.objects.all() if until is None else Complaint.objects.filter(id__lte=until)
    while True:
        with transaction.atomic():
            batch = list(complaints.filter(id__gt=last).order_by("id").only(*MAIN_READS, *SCOPE_READS)[:chunk])
            ids = [c.pk for c in batch]
            extra = _extra_texts(batch)
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
