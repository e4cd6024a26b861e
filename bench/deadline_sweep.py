"""The deadline sweep over ~3,000,000 clocks of 1,000,000 complaints, and the cost of planning the
clocks of one new complaint.

    .venv/bin/python bench/deadline_sweep.py [--cross 0.01] [--backlog 0.10] [--skip-plan]

Uses the database of queue_1m.py (redress_bench_1m: 1,000,000 complaints, loaded with the same
data key; run `queue_1m.py --reuse` first). For each scenario it:

1. COPYs three clocks per complaint into deadlines_clock (secondary indexes, the unique
   constraint and the foreign keys dropped during the COPY and re-created after, then ANALYZE):
   `decision` (regulatory) and the internal `assignment` and `first_contact`, each with the
   rule_id of the seeded deadlines_clockrule of the complaint's jurisdiction. Every complaint
   stands for an open one (the target speaks of 1,000,000 open complaints), so its clocks are
   mostly running. Relative to a fixed instant T (the sweep's `now`), a share `--cross` of the
   clocks crosses a threshold since the last sweep (half reach warn_at, half reach due_at, within
   the last `--lag` seconds); of the rest, 80 % are not yet in their warning window, 8 % are in it
   and were warned by an earlier sweep (warned_at set, still running), 4 % were breached already, 8 % met.
   started_at = due_at - length, warn_at = due_at - warn_before (lengths from the rule: calendar
   days, business days x 1.4, weeks, working hours x 3 wall-clock hours).
2. Removes earlier deadline events and notifications (so every figure is of this scenario).
3. Runs `redress.deadlines.sweep.sweep(now=T)` in a separate process under `/usr/bin/time -v`
   (wall time, max RSS; the process also reports the time inside sweep(), its SQL statements
   and resource.getrusage): first run (the backlog), then a second run with the same T
   (idempotent: must change nothing).
4. Checks after each run: the clocks changed are exactly the ones that qualified at T, one
   timeline event per changed clock (audit_event kind deadline_warning / deadline_breached,
   compared per complaint both ways), and `redress audit verify` (every chain in the database:
   the 1M database holds no other events, so it verifies all the sweep's events).

Then (unless --skip-plan) a microbenchmark of
`redress.deadlines.services.clocks_plan(jurisdiction=..., at=..., met={"acknowledged": ...})` for
CN-NFRA, UK-FCA and HK-HKMA inside Django, with the policy cache warm (as registration calls it).

`--workers N` sweeps in N shards (default: REDRESS_SWEEP_WORKERS, 2), `--perf FILE` records the sweep's
PostgreSQL backend with `perf record` (EXPERIMENT), `--cprofile 1` writes a cProfile of each sweep to
bench/results/. Each run's result records the WAL range it wrote (`wal_lsn`), for `pg_waldump --stats`.
`--db NAME` uses another database loaded by `queue_1m.py --db NAME`; `BENCH_PG` another server.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import _common as c

DB = "redress_bench_1m"
TABLE = "deadlines_clock"
KINDS = ("decision", "assignment", "first_contact")
COLUMNS = [
    "complaint_id",
    "rule_id",
    "kind",
    "regulatory",
    "state",
    "started_at",
    "amount",
    "unit",
    "paused_units",
    "paused_at",
    "pause_reason",
    "extension_step",
    "due_at",
    "warn_at",
    "warned_at",
    "breached_at",
    "met_at",
]
HOUR = 3600.0
DAY = 86400.0


def unit_seconds(amount: int, unit: str) -> float:
    """Wall-clock length of `amount` units (an approximation: business days x 1.4, a working
    hour about 3 wall-clock hours once nights and weekends are counted)."""
    return (
        amount * {"calendar_days": DAY, "business_days": 1.4 * DAY, "weeks": 7 * DAY, "working_hours": 3 * HOUR}[unit]
    )


def rules(conn: Any) -> dict[str, dict[str, tuple[int, bool, int, str, int]]]:
    """jurisdiction -> kind -> (rule id, regulatory, amount, unit, warn_before)."""
    out: dict[str, dict[str, tuple[int, bool, int, str, int]]] = {}
    for rid, policy, kind, regulatory, amount, unit, warn_before in conn.execute(
        "SELECT id, policy_id, kind, regulatory, amount, unit, warn_before FROM deadlines_clockrule ORDER BY id"
    ):
        out.setdefault(policy, {})[kind] = (rid, regulatory, amount, unit, warn_before)
    return out


def ts(value: float | None) -> str:
    return "\\N" if value is None else dt.datetime.fromtimestamp(value, dt.UTC).isoformat()


def generate(
    complaints: list[tuple[int, str]],
    by_jur: dict[str, Any],
    now: float,
    cross: float,
    lag: float,
    seed: int,
    expect: dict[str, int],
) -> Iterator[bytes]:
    """Yield COPY text chunks; count into `expect` the crossings drawn (the exact figure to
    check against is `qualifying()`: a warning crossing of a short clock may already be due)."""
    rng = random.Random(seed)
    expect.update(warn=0, breach=0)
    buf: list[str] = []
    rest = [("future", 0.80), ("warned", 0.08), ("breached", 0.04), ("met", 0.08)]
    names, weights = [n for n, _ in rest], [w for _, w in rest]
    for cid, jur in complaints:
        table = by_jur[jur]
        for kind in KINDS:
            rid, regulatory, amount, unit, warn_before = table[kind]
            length, before = unit_seconds(amount, unit), unit_seconds(warn_before, unit)
            u = rng.random()
            state, warned, breached, met = "running", None, None, None
            if u < cross / 2:  # reaches warn_at since the last sweep
                warn = now - rng.uniform(0, lag)
                due = warn + before
                expect["warn"] += 1
            elif u < cross:  # reaches due_at since the last sweep (warned before)
                due = now - rng.uniform(0, lag)
                warn = due - before
                warned = warn + rng.uniform(0, min(lag, before))
                expect["breach"] += 1
            else:
                what = rng.choices(names, weights)[0]
                if what == "future":
                    warn = now + lag + rng.uniform(0, max(length - before, HOUR))
                    due = warn + before
                elif what == "warned":
                    due = now + rng.uniform(60, before)  # in the warning window, warned by an earlier sweep
                    warn = due - before
                    warned = warn + (now - warn) * rng.uniform(0, 0.9)
                elif what == "breached":
                    due = now - lag - rng.uniform(0, length)
                    warn = due - before
                    warned, breached, state = warn + 60, due + 60, "breached"
                else:
                    due = now + rng.uniform(-length, length)
                    warn = due - before
                    met, state = due - length + rng.uniform(0, length * 0.9), "met"
            started = due - length
            buf.append(
                "\t".join(
                    (
                        str(cid),
                        str(rid),
                        kind,
                        "t" if regulatory else "f",
                        state,
                        ts(started),
                        str(amount),
                        unit,
                        "0",
                        "\\N",
                        "",
                        "0",
                        ts(due),
                        ts(warn),
                        ts(warned),
                        ts(breached),
                        ts(met),
                    )
                )
            )
        if len(buf) >= 15000:
            yield ("\n".join(buf) + "\n").encode()
            buf.clear()
    if buf:
        yield ("\n".join(buf) + "\n").encode()


def ensure_timelines(url: str, per_complaint: int) -> dict[str, Any]:
    """Give every complaint a timeline before the sweep: `per_complaint` events (`registered`, then
    `note`s), hash-chained exactly as the app chains them, loaded once by COPY (kept between runs).
    The sweep then appends to real chains (its head lookup finds something) and `redress audit
    verify` checks the whole database."""
    import psycopg
    from psycopg.types.json import Jsonb

    c.django_setup(url)
    from redress.audit.chain import event_hash
    from redress.audit.models import GENESIS

    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        have = conn.execute(
            "SELECT count(*) FROM audit_event WHERE kind NOT IN ('deadline_warning', 'deadline_breached')"
        ).fetchone()[0]
        complaints = conn.execute("SELECT count(*) FROM complaints_complaint").fetchone()[0]
        if have == per_complaint * complaints:
            return {"per_complaint": per_complaint, "events": have, "loaded_now": False}
        conn.execute("SET session_replication_role = replica")  # the append-only trigger, this session only
        conn.execute("DELETE FROM audit_event")
        conn.execute("SET session_replication_role = DEFAULT")
    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        rows = conn.execute("SELECT id, reference, received_at FROM complaints_complaint ORDER BY id")
        columns = "complaint_id, seq, kind, actor_kind, actor_id, data, created_at, prev_hash, hash"
        with conn.cursor() as cur, cur.copy(f"COPY audit_event ({columns}) FROM STDIN") as copy:
            for cid, reference, received_at in rows:
                prev = GENESIS
                for seq in range(1, per_complaint + 1):
                    kind, data = ("registered", {"channel": "web"}) if seq == 1 else ("note", {"text": f"note {seq}"})
                    at = received_at + dt.timedelta(minutes=seq - 1)
                    digest = event_hash(
                        prev_hash=prev,
                        reference=reference,
                        seq=seq,
                        kind=kind,
                        actor_kind="system",
                        actor_id=None,
                        created_at=at,
                        data=data,
                    )
                    copy.write_row((cid, seq, kind, "system", None, Jsonb(data), at, prev, digest))
                    prev = digest
        conn.commit()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE) audit_event")
        have = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    return {
        "per_complaint": per_complaint,
        "events": have,
        "loaded_now": True,
        "seconds": round(time.perf_counter() - t0, 1),
    }


def load_clocks(url: str, now: float, cross: float, lag: float, seed: int) -> dict[str, Any]:
    import psycopg

    t0 = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        by_jur = rules(conn)
        complaints = conn.execute("SELECT id, jurisdiction FROM complaints_complaint ORDER BY id").fetchall()
        conn.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)")
        saved = conn.execute("SELECT value FROM bench_meta WHERE key = 'deadline_sweep_ddl'").fetchone()
        idx = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN"
            " (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [TABLE, TABLE],
        ).fetchall()
        if saved is None or idx:  # keep the DDL as migrated before dropping anything (not after a failed load)
            cons = conn.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass"
                " AND contype IN ('f', 'u') ORDER BY contype DESC",
                [TABLE],
            ).fetchall()
            ddl = {"indexes": idx, "constraints": cons}
            conn.execute(
                "INSERT INTO bench_meta VALUES ('deadline_sweep_ddl', %s)"
                " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [json.dumps(ddl)],
            )
        else:
            ddl = saved[0]
        conn.execute("DELETE FROM bench_meta WHERE key = 'deadline_sweep'")
        # The audit table refuses DELETE (append-only trigger); in this scratch database the earlier
        # scenario's deadline events are removed with triggers off for this one session only.
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM audit_event WHERE kind IN ('deadline_warning', 'deadline_breached')")
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute("DELETE FROM deadlines_notification")
        for name in ("bench_clock_running_due", "bench_clock_unwarned_warn"):  # of an earlier experiment
            conn.execute(f'DROP INDEX IF EXISTS "{name}"')
        conn.execute(f"TRUNCATE {TABLE}")
        for name, _ in ddl["constraints"]:
            conn.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT IF EXISTS "{name}"')
        for name, _ in ddl["indexes"]:
            conn.execute(f'DROP INDEX IF EXISTS "{name}"')
    t_copy = time.perf_counter()
    expect: dict[str, int] = {}
    with psycopg.connect(url) as conn:
        conn.execute("SET synchronous_commit = off")
        with conn.cursor() as cur, cur.copy(f"COPY {TABLE} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for chunk in generate(complaints, by_jur, now, cross, lag, seed, expect):
                copy.write(chunk)
        conn.commit()
    copy_s = time.perf_counter() - t_copy
    t_idx = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET maintenance_work_mem = '1GB'")
        for _, sql in ddl["indexes"]:
            conn.execute(sql)
        for name, sql in ddl["constraints"]:
            conn.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {sql}')
        index_s = time.perf_counter() - t_idx
        conn.execute(f"VACUUM (ANALYZE) {TABLE}")
        # Deleted events leave pages behind: without VACUUM the planner's idea of the (then empty)
        # table made the sweep's head lookup a nested loop over it (minutes, seen at 14:46).
        conn.execute("VACUUM (ANALYZE) audit_event")
        conn.execute("ANALYZE deadlines_notification")
        conn.execute("CHECKPOINT")  # every run starts right after a checkpoint (as undo_sweep's runs do)
        stats = conn.execute(
            f"SELECT count(*), count(*) FILTER (WHERE state = 'running'),"
            f" pg_size_pretty(pg_total_relation_size('{TABLE}')) FROM {TABLE}"
        ).fetchone()
    meta = {
        "now": ts(now),
        "cross": cross,
        "lag_s": lag,
        "seed": seed,
        "clocks": stats[0],
        "running": stats[1],
        "size_with_indexes": stats[2],
        "expect": expect,
        "copy_s": round(copy_s, 1),
        "index_s": round(index_s, 1),
        "total_s": round(time.perf_counter() - t0, 1),
    }
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO bench_meta VALUES ('deadline_sweep', %s)"
            " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [json.dumps(meta)],
        )
    return meta


def undo_sweep(url: str, cross: float, lag: float, seed: int) -> dict[str, Any] | None:
    """Put the clocks back as loaded (the sweep at T set warned_at = T on clocks that had none, and
    state/breached_at on running ones), delete the sweep's events and notifications, VACUUM."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        row = conn.execute("SELECT value FROM bench_meta WHERE key = 'deadline_sweep'").fetchone()
        if not row or (row[0]["cross"], row[0]["lag_s"], row[0].get("seed")) != (cross, lag, seed):
            return None
        meta: dict[str, Any] = row[0]
        t0 = time.perf_counter()
        conn.execute(f"UPDATE {TABLE} SET warned_at = NULL WHERE warned_at = %s", [meta["now"]])
        conn.execute(f"UPDATE {TABLE} SET state = 'running', breached_at = NULL WHERE breached_at = %s", [meta["now"]])
        conn.execute("SET session_replication_role = replica")
        conn.execute("DELETE FROM audit_event WHERE kind IN ('deadline_warning', 'deadline_breached')")
        conn.execute("SET session_replication_role = DEFAULT")
        conn.execute("DELETE FROM deadlines_notification")
        conn.execute("DELETE FROM correspondence_outboxmessage WHERE subject LIKE 'redress: %% deadline alert(s)'")
        for table in (TABLE, "audit_event", "deadlines_notification"):
            conn.execute(f"VACUUM (ANALYZE) {table}")
        conn.execute("CHECKPOINT")
    meta.update(reused=True, total_s=round(time.perf_counter() - t0, 1), copy_s=0, index_s=0)
    return meta


def qualifying(url: str, now: str) -> dict[str, int]:
    """What the sweep at `now` must change (its own conditions, in SQL)."""
    import psycopg

    with psycopg.connect(url) as conn:
        row = conn.execute(
            f"SELECT count(*) FILTER (WHERE due_at <= %(n)s),"
            f" count(*) FILTER (WHERE warned_at IS NULL AND warn_at <= %(n)s AND due_at > %(n)s)"
            f" FROM {TABLE} WHERE state = 'running' AND met_at IS NULL",
            {"n": now},
        ).fetchone()
    return {"breach": row[0], "warn": row[1]}


def check(url: str, now: str) -> dict[str, Any]:
    """After a run: clocks changed at `now`, their events, per complaint both ways."""
    import psycopg

    with psycopg.connect(url) as conn:
        out: dict[str, Any] = {}
        for kind, cond in (
            ("deadline_warning", "warned_at = %(n)s"),
            ("deadline_breached", "breached_at = %(n)s AND state = 'breached'"),
        ):
            clocks = f"SELECT complaint_id, count(*) FROM {TABLE} WHERE {cond} GROUP BY 1"
            events = (
                "SELECT complaint_id, count(*) FROM audit_event WHERE kind = %(k)s AND created_at = %(n)s GROUP BY 1"
            )
            p = {"n": now, "k": kind}
            out[kind] = {
                "clocks_changed": conn.execute(f"SELECT count(*) FROM {TABLE} WHERE {cond}", p).fetchone()[0],
                "events": conn.execute(
                    "SELECT count(*) FROM audit_event WHERE kind = %(k)s AND created_at = %(n)s", p
                ).fetchone()[0],
                "complaints_without_matching_events": conn.execute(
                    f"SELECT count(*) FROM ({clocks} EXCEPT {events}) x", p
                ).fetchone()[0],
                "complaints_with_extra_events": conn.execute(
                    f"SELECT count(*) FROM ({events} EXCEPT {clocks}) x", p
                ).fetchone()[0],
            }
        out["events_total"] = conn.execute(
            "SELECT count(*) FROM audit_event WHERE kind IN ('deadline_warning', 'deadline_breached')"
        ).fetchone()[0]
        out["notifications_total"] = conn.execute("SELECT count(*) FROM deadlines_notification").fetchone()[0]
    return out


VERIFY_CODE = (
    "import json;from redress.audit.verify import verify_audit;r=verify_audit();"
    "b=r.first_break;print(json.dumps({'chains':r.chains,'events':r.events,"
    "'break':str(b) if b else None,'problem':b.problem if b else None}))"
)


def audit_verify(url: str) -> dict[str, Any]:
    """`redress audit verify` (every chain in the database). With --timelines >= 1 every loaded
    complaint has a timeline, so the verifier must pass outright; its output counts the events it
    walked. On a break the same verifier runs in-process too, for its counts."""
    import psycopg

    t = time.perf_counter()
    done = c.redress(url, "audit", "verify", check=False)
    cli_s = time.perf_counter() - t
    output = (done.stdout + done.stderr).strip()
    with psycopg.connect(url) as conn:
        events = conn.execute("SELECT count(*) FROM audit_event").fetchone()[0]
    walked = re.search(r"intact: (\d+) complaints, (\d+) events", output)
    counts: dict[str, Any] = {"complaints": int(walked[1]), "events": int(walked[2])} if walked else {}
    if done.returncode != 0:
        walk = c.redress(url, "shell", "-c", VERIFY_CODE, check=False)
        try:
            counts = json.loads(walk.stdout.strip().splitlines()[-1])
        except (ValueError, IndexError):
            counts = {"error": (walk.stdout + walk.stderr)[-300:]}
    intact = done.returncode == 0 and counts.get("events") == events
    return {
        "rc": done.returncode,
        "output": output[-300:],
        "seconds": round(cli_s, 1),
        "walk": counts,
        "events_in_db": events,
        "chains_intact": intact,
    }


def run_sweep(
    url: str, now: str, batch: int, profile: str = "", session_set: str = "", workers: int = 0, perf: str = ""
) -> dict[str, Any]:
    """`/usr/bin/time -v python deadline_sweep.py --child` : one sweep in a fresh process."""
    cmd = ["/usr/bin/time", "-v", c.PYTHON, __file__, "--child", "--now", now, "--batch", str(batch)]
    cmd += ["--cprofile", profile] if profile else []
    cmd += ["--session-set", session_set] if session_set else []
    cmd += ["--workers", str(workers)] if workers else []
    cmd += ["--perf", perf] if perf else []
    load_before = Path("/proc/loadavg").read_text().split()[:3]
    done = subprocess.run(cmd, env=c.app_env(url), capture_output=True, text=True)
    load_after = Path("/proc/loadavg").read_text().split()[:3]
    if done.returncode != 0:
        raise SystemExit(f"sweep process failed ({done.returncode}):\n{done.stdout}\n{done.stderr[-3000:]}")
    child = json.loads(done.stdout.strip().splitlines()[-1])
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", done.stderr)
    child["time_v"] = {"max_rss_MiB": round(int(rss[1]) / 1024, 1) if rss else None, "wall": wall[1] if wall else None}
    child["loadavg_before"], child["loadavg_after"] = load_before, load_after
    return child


def child_main(now: str, batch: int, profile: str = "", session_set: str = "", workers: int = 0, perf: str = "") -> int:
    """In the separate process: django.setup(), then time sweep(now=...)."""
    import cProfile
    import pstats
    import resource
    import threading

    c.django_setup(os.environ["DATABASE_URL"])
    from django.db import connection

    from redress.deadlines.sweep import sweep

    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    when = dt.datetime.fromisoformat(now)
    stats: dict[str, list[float]] = {}  # summed over the shards' connections when they run in parallel
    stats_lock = threading.Lock()

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            key = re.sub(r"\s+", " ", sql)[:90]
            with stats_lock:
                entry = stats.setdefault(key, [0, 0.0])
                entry[0] += 1
                entry[1] += time.perf_counter() - t

    # COPY does not pass through Django's execute wrapper: time it (client + server) around the helper.
    try:
        from redress.audit import bulk
        from redress.deadlines import sweep as sweep_module
    except ImportError:  # code from before the bulk helper (BENCH_SRC of an older commit)
        bulk = sweep_module = None  # type: ignore[assignment]
    if bulk is not None and hasattr(sweep_module, "copy_lines"):
        copy_lines = bulk.copy_lines

        def timed_copy(table: str, *args: Any, **kwargs: Any) -> None:
            t = time.perf_counter()
            try:
                copy_lines(table, *args, **kwargs)
            finally:
                with stats_lock:
                    entry = stats.setdefault(f"COPY {table}", [0, 0.0])
                    entry[0] += 1
                    entry[1] += time.perf_counter() - t

        bulk.copy_lines = sweep_module.copy_lines = timed_copy  # type: ignore[assignment]

    connection.ensure_connection()
    wal_sql = (
        "SELECT pg_current_wal_lsn()::text, checkpoints_timed + checkpoints_req, buffers_backend FROM pg_stat_bgwriter"
    )
    with connection.cursor() as cursor:  # before the wrapper: not counted
        cursor.execute(wal_sql)
        wal0 = cursor.fetchone()
        for setting in filter(None, session_set.split(",")):  # EXPERIMENT: e.g. wal_compression=lz4
            name, value = setting.split("=", 1)
            cursor.execute("SELECT set_config(%s, %s, false)", [name.strip(), value.strip()])
        cursor.execute("SELECT pg_backend_pid()")
        backend_pid = cursor.fetchone()[0]
        backend = Path(f"/proc/{backend_pid}/stat")
    ticks = os.sysconf("SC_CLK_TCK")

    def backend_cpu(stat: Path = backend) -> float:  # utime + stime of a session's PostgreSQL process
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / ticks

    # The shards of a parallel sweep run in worker threads on connections of their own: wrap those too.
    shard_cpu: list[float] = []
    if hasattr(sweep_module, "_sweep_both"):
        sweep_both = sweep_module._sweep_both

        def timed_shard(run: Any) -> Any:
            if threading.current_thread() is threading.main_thread():
                return sweep_both(run)
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_backend_pid()")
                stat = Path(f"/proc/{cursor.fetchone()[0]}/stat")
            cpu0 = backend_cpu(stat)
            with connection.execute_wrapper(wrapper):
                out = sweep_both(run)
            shard_cpu.append(backend_cpu(stat) - cpu0)
            return out

        sweep_module._sweep_both = timed_shard

    recorder = None
    if perf:  # EXPERIMENT: where the PostgreSQL backend's CPU goes (`perf report -i FILE`)
        recorder = subprocess.Popen(["perf", "record", "-q", "-F", "999", "-p", str(backend_pid), "-o", perf])
        time.sleep(1.0)
    pg0 = backend_cpu()
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    t0 = time.perf_counter()
    prof = cProfile.Profile() if profile else None
    with connection.execute_wrapper(wrapper):
        if prof:
            prof.enable()
        result = sweep(now=when, batch=batch, **({"workers": workers} if workers else {}))
        if prof:
            prof.disable()
    elapsed = time.perf_counter() - t0
    if recorder:
        recorder.send_signal(signal.SIGINT)
        recorder.wait(60)
    if prof:
        with open(profile, "w") as out:
            pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(40)
            pstats.Stats(prof, stream=out).sort_stats("tottime").print_stats(25)
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    pg_cpu = backend_cpu() - pg0 + sum(shard_cpu)
    with connection.cursor() as cursor:
        cursor.execute(wal_sql)
        wal1 = cursor.fetchone()
        cursor.execute("SELECT pg_wal_lsn_diff(%s, %s)", [wal1[0], wal0[0]])
        wal_bytes = int(cursor.fetchone()[0])
    top = sorted(stats.items(), key=lambda kv: -kv[1][1])[:8]
    print(
        json.dumps(
            {
                "sweep_s": round(elapsed, 3),
                "cpu_s": round(ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 3),
                "warned": result.warned,
                "breached": result.breached,
                "users_notified": len(result.notified),
                "maxrss_MiB_after_setup": round(rss0 / 1024, 1),
                "maxrss_MiB": round(ru1.ru_maxrss / 1024, 1),
                "sql_statements": int(sum(v[0] for v in stats.values())),
                "sql_s": round(sum(v[1] for v in stats.values()), 3),
                "postgres_backend_cpu_s": round(pg_cpu, 2),
                "shards": len(shard_cpu) or 1,
                "workers": workers or "default",
                "wal_MiB": round(wal_bytes / 2**20, 1),
                "wal_lsn": [wal0[0], wal1[0]],  # for pg_waldump --stats
                "checkpoints_during": wal1[1] - wal0[1],
                "buffers_written_by_backends": wal1[2] - wal0[2],
                "sql_top": [{"sql": k, "n": int(v[0]), "s": round(v[1], 3)} for k, v in top],
            }
        )
    )
    return 0


def plan_bench(url: str, calls: int) -> dict[str, Any]:
    """Per-call time of clocks_plan for three jurisdictions (policy cache warm, after warm-up)."""
    c.django_setup(url)
    from django.utils import timezone

    from redress.deadlines.services import clocks_plan, policies

    policies()
    rng = random.Random(7)
    now = timezone.now()
    ats = [now - dt.timedelta(minutes=rng.randrange(1, 60 * 24 * 3)) for _ in range(calls)]
    out: dict[str, Any] = {}
    for jur in ("CN-NFRA", "UK-FCA", "HK-HKMA"):
        t = time.perf_counter()
        clocks_plan(jurisdiction=jur, at=ats[0], met={"acknowledged": now})
        first = time.perf_counter() - t
        for at in ats:  # warm-up
            clocks_plan(jurisdiction=jur, at=at, met={"acknowledged": now})
        lat, cpu = [], []
        for at in ats:
            t, u = time.perf_counter(), time.thread_time()
            clocks, _due = clocks_plan(jurisdiction=jur, at=at, met={"acknowledged": now})
            cpu.append(time.thread_time() - u)
            lat.append(time.perf_counter() - t)
        s = c.latency_summary(lat)
        out[jur] = {"first_call_ms": round(first * 1000, 3), "clocks": len(clocks), **{k: s[k] for k in s}}
        out[jur]["mean_us"] = round(sum(lat) / len(lat) * 1e6, 1)
        # CPU time of this thread per call: without the waits of a machine other work keeps busy
        # (a preempted call shows up in wall time as a whole scheduler tick, ~4 ms).
        cs = c.latency_summary(cpu)
        out[jur]["cpu"] = {k: cs[k] for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms", "mean_ms")}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", default=os.environ.get("BENCH_QUEUE_DB", DB))
    p.add_argument("--cross", type=float, default=0.01, help="share of clocks crossing a threshold (default 0.01)")
    p.add_argument("--backlog", type=float, default=0.10, help="share for the big-backlog scenario (0: skip)")
    p.add_argument("--lag", type=float, default=300.0, help="seconds since the last sweep (default 300)")
    p.add_argument("--backlog-lag", type=float, default=6 * 3600.0, help="seconds the sweep was down (default 6 h)")
    p.add_argument("--batch", type=int, default=5000, help="sweep(batch=...) (default 5000, the code's)")
    p.add_argument("--plan-calls", type=int, default=2000)
    p.add_argument("--skip-plan", action="store_true")
    p.add_argument("--only-plan", action="store_true")
    p.add_argument("--seed", type=int, default=3)
    p.add_argument("--cprofile", default="", help="cProfile the sweep; stats written to this file (child)")
    p.add_argument("--timelines", type=int, default=1, help="events each complaint has before the sweep (default 1)")
    p.add_argument(
        "--verify",
        choices=("each", "last", "none"),
        default="last",
        help="`redress audit verify` after each run, after the last (2nd) run of a scenario (default), or never",
    )
    p.add_argument(
        "--reuse-load",
        action="store_true",
        help="EXPERIMENTS ONLY: instead of a new COPY, undo the previous sweep of the same scenario in place"
        " (reverted rows are moved, so the table's layout differs from a fresh load)",
    )
    p.add_argument(
        "--session-set",
        default="",
        help="EXPERIMENT: name=value[,...] set in the sweep's database session before it runs (e.g."
        " wal_compression=lz4, superuser only); the application sets none of these",
    )
    p.add_argument(
        "--workers",
        type=int,
        default=0,
        help="sweep(workers=...): shards swept side by side on PostgreSQL (default: REDRESS_SWEEP_WORKERS, 2)",
    )
    p.add_argument(
        "--perf",
        default="",
        help="EXPERIMENT: `perf record` the sweep's PostgreSQL backend into this file (runs of one scenario"
        " overwrite it)",
    )
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--now", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        return child_main(args.now, args.batch, args.cprofile, args.session_set, args.workers, args.perf)
    if not (0 <= args.cross <= 0.5 and 0 <= args.backlog <= 0.5 and args.batch > 0):
        p.error("--cross/--backlog in [0, 0.5], --batch > 0")

    url = c.database_url(args.db)
    import psycopg

    with psycopg.connect(url) as conn:
        meta = conn.execute("SELECT value FROM bench_meta WHERE key = 'queue_1m'").fetchone()
    if not meta or not meta[0].get("done"):
        raise SystemExit(f"{args.db} holds no complete queue_1m load: run bench/queue_1m.py --reuse first")
    result: dict[str, Any] = {"benchmark": "deadline_sweep", "machine": c.machine(), "args": vars(args)}
    scenarios = [] if args.only_plan else [("steady", args.cross, args.lag)]
    if args.backlog and not args.only_plan:
        scenarios.append(("backlog", args.backlog, args.backlog_lag))
    result["scenarios"] = {}
    if scenarios:
        result["timelines"] = ensure_timelines(url, args.timelines)
    for name, cross, lag in scenarios:
        now = time.time() // 1  # whole seconds: `now` passes through ISO text unchanged
        print(f"deadline_sweep: scenario {name}: {cross:.1%} of the clocks cross, T = {ts(now)}", flush=True)
        load = (args.reuse_load and undo_sweep(url, cross, lag, args.seed)) or load_clocks(
            url, now, cross, lag, args.seed
        )
        print(
            f"  loaded {load['clocks']:,} clocks ({load['running']:,} running, {load['size_with_indexes']}) "
            f"in {load['total_s']}s (COPY {load['copy_s']}s, indexes {load['index_s']}s); expected {load['expect']}",
            flush=True,
        )
        before = qualifying(url, load["now"])
        expected = dict(before)  # what run 1 must change; run 2 must change nothing more
        runs = []
        for attempt in (1, 2):
            prof = str(c.RESULTS / f"sweep-{name}-run{attempt}-cprofile.txt") if args.cprofile else ""
            r = run_sweep(
                url,
                load["now"],
                args.batch,
                profile=prof,
                session_set=args.session_set,
                workers=args.workers,
                perf=f"{args.perf}.run{attempt}" if args.perf else "",
            )
            r["qualifying_before"] = before
            r["check"] = check(url, load["now"])
            verify = args.verify == "each" or (args.verify == "last" and attempt == 2)
            r["audit_verify"] = audit_verify(url) if verify else {"skipped": True, "chains_intact": True, "output": ""}
            runs.append(r)
            chk = r["check"]
            ok = (
                r["breached"] == (before["breach"] if attempt == 1 else 0)
                and r["warned"] == (before["warn"] if attempt == 1 else 0)
                and chk["deadline_warning"]["clocks_changed"] == chk["deadline_warning"]["events"]
                and chk["deadline_warning"]["events"] == expected["warn"]
                and chk["deadline_breached"]["clocks_changed"] == chk["deadline_breached"]["events"]
                and chk["deadline_breached"]["events"] == expected["breach"]
                and chk["events_total"] == expected["warn"] + expected["breach"]
                and not any(
                    chk[k]["complaints_without_matching_events"] or chk[k]["complaints_with_extra_events"]
                    for k in ("deadline_warning", "deadline_breached")
                )
                and r["audit_verify"]["chains_intact"]
            )
            r["correct"] = ok
            print(
                f"  run {attempt}: sweep {r['sweep_s']}s (CPU {r['cpu_s']}s, SQL {r['sql_statements']} statements"
                f" {r['sql_s']}s, backend CPU {r['postgres_backend_cpu_s']}s;"
                f" WAL {r['wal_MiB']} MiB, checkpoints {r['checkpoints_during']}),"
                f" warned {r['warned']}, breached {r['breached']}, max RSS"
                f" {r['time_v']['max_rss_MiB']} MiB (after setup {r['maxrss_MiB_after_setup']}), wall"
                f" {r['time_v']['wall']}, load {' '.join(r['loadavg_before'])} -> {' '.join(r['loadavg_after'])};"
                f" events {chk['events_total']}, notifications {chk['notifications_total']};"
                f" audit verify: {r['audit_verify']['output'][-120:] or 'not run'}"
                f" ({r['audit_verify'].get('seconds')}s, {r['audit_verify'].get('events_in_db')} events in the table);"
                f" {'CORRECT' if ok else 'CHECK FAILED'}",
                flush=True,
            )
            for top in r["sql_top"][:6]:
                print(f"      {top['n']:4d} x {top['s']:7.3f}s  {top['sql']}", flush=True)
            before = qualifying(url, load["now"])
        result["scenarios"][name] = {"load": load, "runs": runs}
    if not args.skip_plan:
        plan = plan_bench(url, args.plan_calls)
        result["clocks_plan"] = plan
        for jur, r in plan.items():
            print(
                f"  clocks_plan {jur}: {r['clocks']} clocks, mean {r['mean_us']} us, p50 {r['p50_ms']} ms, "
                f"p95 {r['p95_ms']} ms, p99 {r['p99_ms']} ms (first call {r['first_call_ms']} ms); thread CPU"
                f" mean {r['cpu']['mean_ms']} p50 {r['cpu']['p50_ms']} p95 {r['cpu']['p95_ms']}"
                f" p99 {r['cpu']['p99_ms']} max {r['cpu']['max_ms']} ms",
                flush=True,
            )
    path = c.save("deadline_sweep", result)
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
