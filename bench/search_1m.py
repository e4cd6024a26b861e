"""Search over 1,000,000 complaints on PostgreSQL: a common and a rare word in Chinese and in English.

    BENCH_SRC=src .venv/bin/python bench/search_1m.py [--reuse] [--rows 1000000] [--requests 200]

Loads database redress_search_1m the way bench/queue_1m.py loads its own (COPY, the same generator: four
in five complaints in Chinese, one in English), then makes the search index with `search_rebuild` (what
`redress search reindex` and the migration that brought search run), timed. The generated texts come from a
pool of templates, so every word in them is common; a rare word is written into a few complaints' descriptions
(`RARE` each), through the ORM and `search_reindex`, as a registration would index them.

Then, in process, one request after another, the queue page's search as it runs it: `complaint_list` with
`q` (the best matches first) for the first page of 50 rows (`_ROW_FIELDS`-like values), and the snippets of
those rows (`complaint_snippets`: the texts read, masked for the reader, the words marked). For each word, as
an intake agent (sees every complaint) and as a handler (sees one department's). Prints p50/p95/p99, the
matches of each word, and EXPLAIN (ANALYZE, BUFFERS) of the list query.

--reuse skips the load when redress_search_1m already holds it (with the current data key).
"""

from __future__ import annotations

import argparse
import gc
import multiprocessing
import os
import random
import sys
import time
from typing import Any

import _common as c
import queue_1m

DB = "redress_search_1m"
# (label, language, word): the common words are in the generator's templates (bench/_data.py); the rare ones
# are written into RARE complaints here.
CASES = [
    ("zh common", "zh", "客服"),
    ("zh rare", "zh", "盗刷"),
    ("en common", "en", "charged"),
    ("en rare", "en", "chargeback"),
]
RARE = 40
RARE_TEXT = {"zh": "另外信用卡在境外被盗刷两笔。", "en": "The bank also refused my chargeback request."}
PAGE = 50


def ensure_loaded(url: str, rows: int, reuse: bool, seed: int) -> dict[str, Any]:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        is_loaded = queue_1m.loaded(conn, rows)
        if not (reuse and is_loaded):
            # Columns added after queue_1m's generator was written: their model defaults, for the COPY.
            conn.execute("ALTER TABLE complaints_complaint ALTER COLUMN external SET DEFAULT '{}'::jsonb")
            conn.execute("ALTER TABLE complaints_complaint ALTER COLUMN narrative_consent SET DEFAULT false")
    meta: dict[str, Any] = {"reused": reuse and is_loaded}
    if not meta["reused"]:
        meta["load"] = queue_1m.load(url, rows, seed, 20000, 2000)
    queue_1m.setup_people()
    return meta


def _rebuild_part(bounds: tuple[int, int | None]) -> int:
    from django.db import connections

    from redress.complaints.search.index import search_rebuild

    connections.close_all()  # a process of its own: its own connection
    return search_rebuild(chunk=2000, after=bounds[0], until=bounds[1])


def fill_memo(chunk: int = 5000, after: int = 0, until: int = 2**62) -> int:
    """Documents for the complaints without one, the app's words of each distinct (description, desired outcome)
    made once: the generator draws both from a pool of ~20,000 ciphertexts (`queue_1m.text_pool`) and writes no
    timeline, so `search_rebuild` would cut the same texts ~50 times each. Each pair's words are the app's
    (`main_sources`, `document_words`) for the first complaint holding it, the reference's own added before them.
    Exact unless a text holds another complaint's customer's own details (`verify_memo` checks a sample)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from redress.complaints.models import Complaint, ComplaintSearch
    from redress.complaints.search.index import MAIN_READS, SCOPE_READS, main_sources
    from redress.complaints.search.words import document_words

    pairs: dict[tuple[str, str], str] = {}
    done, last = 0, after
    while True:
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(
                "SELECT c.id, c.reference, c.department_id, c.assignee_id, c.description, c.desired_outcome"
                " FROM complaints_complaint c WHERE c.id > %s AND c.id <= %s AND NOT EXISTS"
                " (SELECT 1 FROM complaints_complaintsearch s WHERE s.complaint_id = c.id) ORDER BY c.id LIMIT %s",
                [last, until, chunk],
            )
            batch = cur.fetchall()
            if not batch:
                return done
            now = timezone.now()
            rows = []
            for pk, reference, department_id, assignee_id, description, outcome in batch:
                if (description, outcome) not in pairs:
                    one = Complaint.objects.only(*MAIN_READS, *SCOPE_READS).get(pk=pk)
                    pairs[description, outcome] = document_words(s.text for s in main_sources(one)[1:])
                words = " ".join(w for w in (document_words([reference]), pairs[description, outcome]) if w)
                scope = {"department_id": department_id, "assignee_id": assignee_id}
                rows.append(ComplaintSearch(complaint_id=pk, main=words, updated_at=now, **scope))
            ComplaintSearch.objects.bulk_create(rows, batch_size=1000)
        done += len(batch)
        last = batch[-1][0]
        print(f"    memo fill: {done:,} ({len(pairs):,} distinct texts)", flush=True)


def verify_memo(sample: int = 2000) -> int:
    """How many of `sample` documents spread over the table differ from what `search_rebuild` makes (0 expected)."""
    from redress.complaints.models import Complaint, ComplaintSearch
    from redress.complaints.search.index import _row

    top = Complaint.objects.order_by("-id").values_list("id", flat=True).first() or 0
    ids = list(range(1, top + 1, max(1, top // sample)))
    differ = 0
    for one in Complaint.objects.filter(id__in=ids).select_related(None):
        kept = ComplaintSearch.objects.get(complaint_id=one.pk)
        made = _row(one)
        differ += (kept.main, kept.extra, kept.department_id, kept.assignee_id) != (
            made.main,
            made.extra,
            made.department_id,
            made.assignee_id,
        )
    return differ


def ensure_index(url: str, rows: int, workers: int = 1, memo: bool = False) -> dict[str, Any]:
    import psycopg
    from django.db import connections

    with psycopg.connect(url, autocommit=True) as conn:
        indexed = conn.execute("SELECT count(*) FROM complaints_complaintsearch").fetchone()[0]
        # A build stopped part way (each chunk commits on its own): go on after the last document written.
        after, top = conn.execute(
            "SELECT coalesce((SELECT max(complaint_id) FROM complaints_complaintsearch), 0),"
            " (SELECT max(id) FROM complaints_complaint)"
        ).fetchone()
    out: dict[str, Any] = {"indexed_before": indexed}
    if indexed < rows and memo:
        started = time.perf_counter()
        out["filled_memo"] = fill_memo()
        out["fill_s"] = round(time.perf_counter() - started, 1)
        out["memo_differ_of_2000"] = verify_memo()
        print(f"  memo fill: {out}", flush=True)
    elif indexed < rows:
        started = time.perf_counter()
        step = -(-(top - after) // workers)
        parts = [(after + n * step, min(top, after + (n + 1) * step)) for n in range(workers)]
        connections.close_all()
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            out["rebuilt"] = sum(pool.map(_rebuild_part, parts))
        out["rebuild_s"] = round(time.perf_counter() - started, 1)
        print(f"  search_rebuild: {out['rebuilt']:,} complaints in {out['rebuild_s']}s", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) complaints_complaintsearch")
        out["size"] = conn.execute(
            "SELECT pg_size_pretty(pg_table_size('complaints_complaintsearch')),"
            " pg_size_pretty(pg_indexes_size('complaints_complaintsearch'))"
        ).fetchone()
    return out


def plant_rare(seed: int) -> dict[str, int]:
    """Write each rare word into RARE complaints of its language (once: found again by the word itself)."""
    from redress.complaints.models import Complaint
    from redress.complaints.search.index import search_reindex

    rng = random.Random(seed)
    planted = {}
    for label, language, word in CASES:
        if "rare" not in label:
            continue
        has = Complaint.objects.filter(search__main__contains=word)  # the texts are encrypted: their words
        if not has.exists():
            chinese = language == "zh"
            ids = list(
                Complaint.objects.filter(language__startswith="zh" if chinese else "en")
                .order_by("id")
                .values_list("id", flat=True)[: 200000 if chinese else 100000]
            )
            for pk in rng.sample(ids, RARE):
                complaint = Complaint.objects.get(pk=pk)
                complaint.description = f"{complaint.description}{'' if chinese else ' '}{RARE_TEXT[language]}"
                complaint.save(update_fields=["description"])
                search_reindex(complaint)
        planted[word] = has.count()
    return planted


def _spin() -> None:
    """A CPU-bound process beside the searches (`--busy`): the machine other work keeps busy."""
    while True:
        pass


def run_case(user: Any, word: str) -> tuple[int, list[int]]:
    from redress.complaints.selectors import complaint_list, complaint_snippets

    rows = list(
        complaint_list(user=user, filters={"q": word}).values("id", "reference", "status", "received_at")[: PAGE + 1]
    )
    ids = [r["id"] for r in rows[:PAGE]]
    complaint_snippets(user=user, ids=ids, q=word)
    return len(rows), ids


def explain(user: Any, word: str) -> str:
    from django.db import connection

    from redress.complaints.selectors import complaint_list

    qs = complaint_list(user=user, filters={"q": word}).values("id", "reference")[: PAGE + 1]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cur:
        cur.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        return "\n".join(r[0] for r in cur.fetchall())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--reuse", action="store_true")
    p.add_argument("--db", default=DB)
    p.add_argument("--requests", type=int, default=200, help="timed searches per case (default 200)")
    p.add_argument("--seed", type=int, default=1127)
    p.add_argument("--wait-quiet", type=float, default=0.0)
    p.add_argument("--explain", action="store_true", help="print EXPLAIN (ANALYZE, BUFFERS) of each case")
    p.add_argument("--memo-index", action="store_true", help="index missing documents by `fill_memo` (fast)")
    p.add_argument("--index-workers", type=int, default=1, help="processes making the search index (default 1)")
    p.add_argument("--words", default="", help="more words to time, comma-separated (each as a common word)")
    p.add_argument("--busy", type=int, default=0, help="CPU-bound processes to run beside the searches (default 0)")
    args = p.parse_args(argv)
    cases = CASES + [("more", "en" if word.isascii() else "zh", word) for word in args.words.split(",") if word]

    url = c.ensure_database(args.db)
    c.django_setup(url)
    print(f"search_1m: db={args.db} rows={args.rows:,}", flush=True)
    result: dict[str, Any] = {"rows": args.rows, "load": ensure_loaded(url, args.rows, args.reuse, args.seed)}
    result["index"] = ensure_index(url, args.rows, args.index_workers, args.memo_index)
    result["rare_planted"] = plant_rare(args.seed)
    print(f"  index {result['index']}; rare words in {result['rare_planted']}", flush=True)

    from django.db import connection

    from redress.accounts.models import User
    from redress.complaints.search.words import query_words

    intake, handler = User.objects.get(username="intake"), User.objects.get(username="h000")
    with connection.cursor() as cur:
        for _label, _language, word in cases:
            cur.execute(
                "SELECT count(*) FROM complaints_complaintsearch WHERE document @@ plainto_tsquery('simple', %s)",
                [" ".join(query_words(word))],
            )
            result.setdefault("matches", {})[word] = cur.fetchone()[0]
    print(f"  complaints matching: {result['matches']}", flush=True)
    # What a web worker does once started (config/gunicorn.py): the objects loaded so far leave the collector's
    # sight, so its full passes do not walk Django and the app again in the middle of a search.
    gc.collect()
    gc.freeze()
    if args.wait_quiet:
        result["quiet"] = c.wait_quiet(args.wait_quiet)
    busy = [multiprocessing.get_context("fork").Process(target=_spin, daemon=True) for _ in range(args.busy)]
    for process in busy:
        process.start()
    if busy:
        time.sleep(30)  # let the load average show them
    result["busy_processes"] = args.busy
    result["load_before"] = os.getloadavg()
    timed: dict[str, Any] = {}
    for who, user in (("intake (all)", intake), ("handler (one department)", handler)):
        for label, _language, word in cases:
            name = f"{label} {word!r} as {who}"
            for _ in range(5):  # warm: the dictionaries and the pages the query reads
                found, _ids = run_case(user, word)
            seconds = []
            deadline = time.monotonic() + 120
            for _ in range(args.requests):
                started = time.perf_counter()
                run_case(user, word)
                seconds.append(time.perf_counter() - started)
                if time.monotonic() > deadline:
                    break
            timed[name] = {"rows_on_page": min(found, PAGE), **c.latency_summary(seconds)}
            s = timed[name]
            print(f"  {name}: p50 {s['p50_ms']} / p95 {s['p95_ms']} / p99 {s['p99_ms']} ms (n {s['n']})", flush=True)
            if args.explain:
                print(explain(user, word), flush=True)
    result["cases"] = timed
    result["load_after"] = os.getloadavg()
    for process in busy:
        process.terminate()
    result["machine"] = c.machine()
    print(f"saved {c.save('search_1m', result)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
