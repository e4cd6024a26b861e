"""Reads of the search index: the complaints a query finds, best first, and the words that matched, marked.

PostgreSQL: `document @@ plainto_tsquery('simple', words)` through the GIN index, ranked by `ts_rank` (a word in
the reference, description or desired outcome counts more than one in a note, letter or file name); for a
handler, the index scan takes only their department's or their own complaints, newest blocks of ids first (the
document holds words for its complaint's department, assignee and block of ids: `search_part`, migration
0025). SQLite: the FTS5 table, ranked by bm25 (the same weighting). A complaint matches when it has every word
of the query.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import BooleanField, F, Field, FloatField, Max, QuerySet
from django.db.models.expressions import Expression, RawSQL
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from redress.complaints.models import Complaint
from redress.complaints.search.index import SEARCH_READS, Source, extra_sources, main_sources
from redress.complaints.search.words import has_chinese, latin_words, normal_form, query_words, to_simplified
from redress.privacy.masking import TextMask

RANK = "search_rank"
SOURCE_LABELS = {
    "reference": _("Reference"),
    "description": _("Description"),
    "desired_outcome": _("Desired outcome"),
    "message": _("Message from the customer"),
    "note": _("Note"),
    "letter": _("Letter"),
    "file": _("File name"),
}
# A snippet: this many characters before the first marked word, and this many in all at most.
BEFORE, LENGTH = 40, 180

# {document}: the search document's tsvector, {id}: the complaint's id, each as the query names it.
_PG_MATCH = "{document} @@ plainto_tsquery('simple', %s)"
_PG_RANK = "ts_rank({document}, plainto_tsquery('simple', %s))"
# The same test, written so that PostgreSQL cannot take it to the documents' own scan (it names the complaint
# too): for common words, where reading the newest complaints one by one finds enough sooner than the index.
_PG_MATCH_JOINED = "CASE WHEN {other} IS NOT NULL THEN {document} @@ plainto_tsquery('simple', %s) ELSE false END"
# A word in at least this share of the documents (PostgreSQL's statistics of the column) is common; for a reader
# who sees a part of the complaints (`search_part`), at least COMMON_IN_PART: below that, the index scan of their
# part's newest blocks finds its matches sooner than testing their newest complaints one by one.
COMMON = 0.01
COMMON_IN_PART = 0.2
_STATS_SECONDS = 600.0
# The documents of a reader's part with the words, in the blocks of ids asked for: the words no text can give
# (they hold a space) that migration 0025 adds to each document, `scope d <department>`, `scope a <assignee>`
# and `scope b <complaint id // BLOCK>`.
# (A query of no word would leave the part's words alone, matching all of the part: none is asked then.)
_PG_PART = (
    "SELECT complaint_id FROM complaints_complaintsearch"
    " WHERE numnode(plainto_tsquery('simple', %s)) > 0 AND document @@ (plainto_tsquery('simple', %s) && %s::tsquery)"
)
BLOCK = 16384
_stats: dict[str, tuple[float, dict[str, float]]] = {}
_FTS_IDS = "SELECT rowid FROM complaints_search_fts WHERE complaints_search_fts MATCH %s"
# bm25: lower is better; the columns weighted as on PostgreSQL (main over extra).
_FTS_RANK = (
    "(SELECT -bm25(complaints_search_fts, 4.0, 1.0) FROM complaints_search_fts"
    " WHERE complaints_search_fts MATCH %s AND rowid = {id})"
)


class _Around(Expression):
    """Fixed SQL around a column of the query, named with the alias the query gives it (a subquery renames its
    tables): `{id}` is the column `column` compiles to; `{document}` the `document` column of that column's
    table. The words go in as parameters."""

    def __init__(
        self, column: F, sql: str, params: list[str], output_field: Field[Any, Any], other: F | None = None
    ) -> None:
        super().__init__(output_field=output_field)
        self.column: Any = column
        self.other: Any = other or column
        self.sql, self.params = sql, params

    def get_source_expressions(self) -> list[Any]:
        return [self.column, self.other]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        self.column, self.other = exprs

    def as_sql(self, compiler: Any, connection: Any, **extra: Any) -> tuple[str, list[Any]]:
        column, params = compiler.compile(self.column)
        other, other_params = compiler.compile(self.other)
        table = column.rsplit(".", 1)[0]
        sql = self.sql.format(id=column, document=f'{table}."document"', other=other)
        return sql, [*params, *other_params, *self.params]


def _common_share(alias: str) -> dict[str, float]:
    """The commonest words of the documents and the share of documents holding each (PostgreSQL's statistics
    of the `document` column, read again every ten minutes)."""
    now = time.monotonic()
    if (cached := _stats.get(alias)) and now - cached[0] < _STATS_SECONDS:
        return cached[1]
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
            " WHERE tablename = 'complaints_complaintsearch' AND attname = 'document'"
        )
        row = cursor.fetchone()
    shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
    _stats[alias] = (now, shares)
    return shares


def search_filter(
    qs: QuerySet[Complaint], q: str, *, candidates: int, part: tuple[int | None, int] | None = None
) -> QuerySet[Complaint]:
    """The complaints of `qs` that have every word of `q`, annotated with `search_rank` (higher is better): the
    `candidates` newest of those that match, so that a common word ranks a bounded number of complaints (the
    rank of each is computed, and every matching row read, only for those). `part`: the reader's part of the
    complaints (`search_part`: department, assignee), which `qs` restricts them to already; PostgreSQL finds
    its matches in the index. A query with no word that counts (only punctuation or the commonest words) finds
    nothing."""
    words = query_words(q)
    if not words:
        return qs.none()
    if connections[qs.db].vendor == "postgresql":
        terms = [" ".join(words)]
        rank = _Around(F("search__pk"), _PG_RANK, terms, FloatField())
        # Every word common: read the newest complaints the person may see and test each one's document. A rarer
        # word: the GIN index finds its documents first (of the reader's part only, when there is one).
        common = COMMON if part is None else COMMON_IN_PART
        late = all(_common_share(qs.db).get(word, 0.0) >= common for word in words)
        if part is not None and not late:
            newest_in_part = _newest_in_part(qs, terms[0], part, candidates)
            return qs.filter(id__in=newest_in_part, search__isnull=False).annotate(**{RANK: rank})
        match = _Around(F("search__pk"), _PG_MATCH_JOINED if late else _PG_MATCH, terms, BooleanField(), F("pk"))
        found = qs.filter(search__isnull=False).filter(match)
    else:
        phrase = [" ".join('"{}"'.format(word.replace('"', '""')) for word in words)]
        found = qs.filter(id__in=RawSQL(_FTS_IDS, phrase))  # noqa: S611 - fixed SQL, the words a parameter
        rank = _Around(F("pk"), _FTS_RANK, phrase, FloatField())
    newest = found.order_by("-id").values("id")[:candidates]
    ranked = qs.filter(id__in=newest)
    if connections[qs.db].vendor == "postgresql":
        ranked = ranked.filter(search__isnull=False)
    return ranked.annotate(**{RANK: rank})


def _newest_in_part(qs: QuerySet[Complaint], terms: str, part: tuple[int | None, int], candidates: int) -> list[int]:
    """The ids of the `candidates` newest complaints of `qs` whose documents have the words `terms` and are of the
    reader's `part`, read from the index a few blocks of ids at a time, newest first, until there are enough: each
    step one GIN scan that yields just those documents, whether the word is rare in the part and common elsewhere
    or the other way round (a walk of the newest documents, testing each, reads them all for a word the part
    rarely has; a scan of the word's documents, every one of them). The first step reads the newest block; each
    next one as many blocks as the matches found so far say are needed (a quarter more), four times as many as
    the step before when none was found; the last one, reaching the oldest block, names no block."""
    top = qs.model._default_manager.using(qs.db).aggregate(top=Max("id"))["top"]
    if top is None:
        return []
    department, person = part
    whose = [f"'scope a {int(person)}'"] + ([f"'scope d {int(department)}'"] if department is not None else [])
    found: set[int] = set()
    end, step = top // BLOCK + 1, 1
    with connections[qs.db].cursor() as cursor:
        while end > 0 and len(found) < candidates:
            start = max(0, end - step)
            blocks = "" if start == 0 else " & ({})".format(" | ".join(f"'scope b {b}'" for b in range(start, end)))
            cursor.execute(_PG_PART, [terms, terms, f"({' | '.join(whose)}){blocks}"])
            ids = sorted((row[0] for row in cursor.fetchall()), reverse=True)
            # What else keeps the reader's list (its filters, a recusal) keeps these too: asked of the newest
            # first, as many as are still wanted at a time (most pass; a long list of ids costs its planning).
            while ids and len(found) < candidates:
                n = max(candidates - len(found), 100)
                wanted, ids = ids[:n], ids[n:]
                found.update(qs.filter(id__in=wanted).values_list("id", flat=True))
            if found:
                per_id = len(found) / (top + 1 - start * BLOCK)
                step = max(1, math.ceil((candidates - len(found)) / per_id / BLOCK * 1.25))
            else:
                step *= 4
            end = start
    return sorted(found, reverse=True)[:candidates]


@dataclass(frozen=True)
class Snippet:
    source: str  # the kind of text (`SOURCE_LABELS`)
    html: SafeString  # a part of it, escaped, each matched word in <mark>

    @property
    def label(self) -> str:
        return str(SOURCE_LABELS.get(self.source, self.source))


def search_snippets(ids: Sequence[int], q: str, mask_of: Callable[[Complaint], TextMask]) -> dict[int, Snippet]:
    """For each complaint of `ids` (found by `q`), the first of its texts where a word of `q` stands, as a
    snippet with the words marked; each text first masked by `mask_of(complaint)` (labels for personal data
    where the reader sees it masked), so a mark never shows what the mask hides."""
    words = query_words(q)
    if not words or not ids:
        return {}
    found: dict[int, Snippet] = {}
    for complaint in Complaint.objects.filter(id__in=list(ids)).only(*SEARCH_READS, "assignee_id", "named_staff_id"):
        mask = mask_of(complaint)
        snippet = _first_marked(main_sources(complaint, clear=True), words, mask) or _first_marked(
            extra_sources(complaint, clear=True), words, mask
        )
        if snippet:
            found[complaint.pk] = snippet
    return found


def _first_marked(sources: Iterable[Source], words: list[str], mask: TextMask) -> Snippet | None:
    for source in sources:
        # Masked: only the whole sentences around the first match go through the scrubber (a long text costs
        # the same as a short one), never a part of a sentence, so a datum is never cut in two.
        text = _sentences_around(source.text, words) if mask else source.text
        if text and (html := marked(mask.text(text), words)):
            return Snippet(source.kind, html)
    return None


# Where a sentence ends: a personal datum (a card number with spaces, an address) does not run across these.
_SENTENCE_END = re.compile(r"[。！？；\n]|[.!?;](?=\s)")
REACH = 400  # how far to look for a sentence's end; a text without one that near is taken whole


def _sentences_around(text: str, words: list[str]) -> str:
    """The whole sentences of `text` that hold the snippet `marked` would cut around the first match; the whole
    text when no sentence end is near; "" when nothing matches."""
    spans = sorted(_spans(text, words))
    if not spans:
        return ""
    first = spans[0][0]
    begin, finish = max(0, first - BEFORE), min(len(text), first + LENGTH)
    ends_before = [m.end() for m in _SENTENCE_END.finditer(text, max(0, begin - REACH), begin)]
    if begin > 0 and not ends_before:
        return text
    after = _SENTENCE_END.search(text, finish, finish + REACH)
    if finish < len(text) and after is None:
        return text
    return text[ends_before[-1] if begin > 0 else 0 : after.end() if after else len(text)]


def marked(text: str, words: list[str]) -> SafeString | None:
    """A part of `text` around the first word of `words` (normalised, `query_words`) found in it, escaped, every
    such word in <mark>; None when none is found."""
    spans = sorted(_spans(text, words))
    if not spans:
        return None
    start = max(0, spans[0][0] - BEFORE)
    if start:  # begin at a word's edge where there is one near
        space = text.rfind(" ", start - 10, spans[0][0])
        start = space + 1 if space >= start - 10 else start
    end = min(len(text), start + LENGTH)
    parts = ["…" if start else ""]
    position = start
    for begin, finish in spans:
        if begin < position or begin >= end:
            continue
        finish = min(finish, end)
        parts += [escape(text[position:begin]), "<mark>", escape(text[begin:finish]), "</mark>"]
        position = finish
    parts += [escape(text[position:end]), "…" if end < len(text) else ""]
    return mark_safe(re.sub(r"\s+", " ", "".join(parts)))  # every piece of the text was escaped above


def _spans(text: str, words: list[str]) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    latin = {w for w in words if not has_chinese(w)}
    if latin:
        spans += [m.span() for m in latin_words(text) if normal_form(m.group()) in latin]
    chinese = [w for w in words if has_chinese(w)]
    if chinese and has_chinese(text):
        simplified = to_simplified(text)
        if len(simplified) != len(text):  # a conversion that changed the length: mark nothing rather than wrong
            return spans
        for word in chinese:
            at = simplified.find(word)
            while at != -1:
                spans.append((at, at + len(word)))
                at = simplified.find(word, at + len(word))
    return spans
