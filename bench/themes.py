"""Emerging themes at 50,000 complaints a month: the weekly run's wall time and peak memory.

    .venv/bin/python bench/themes.py [--per-period 50000] [--seed 0] [--fresh] [--data DIR]

Loads (once; `--fresh` to reload) into the PostgreSQL database redress_bench_themes `--per-period`
complaints received over the four full weeks before Monday 2026-12-07 and as many over the four weeks
before those (the previous period the growth counts against). Their texts are real public complaint texts
where the data folder has them (CFPB narratives in English, Chinese bank reviews and card questions; default
../shared/data beside the checkout, or REDRESS_TRIAGE_DATA_DIR), drawn with replacement, half Chinese (a
quarter of those in Traditional) and half English; without it, synthetic texts (`_data.complaint_text`).
Then, in a fresh process, the weekly job (`themes_run` of 2026-11-09 to 2026-12-06, as the beat's task
computes it on that Monday): its wall time, its own CPU time and the process's peak RSS (resource.getrusage),
with the machine's load average before and after.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import _common as c
import _data

DB = "redress_bench_themes"
MONDAY = dt.date(2026, 12, 7)
CFPB = ("cfpb_ziyuyan9", "cfpb_payday_seunnna", "cfpb_kaiburr4_nagakoushik24", "cfpb_ujjwal260")  # not the holdout
NARRATIVE = "Consumer complaint narrative"


def _data_dir(given: str | None) -> Path:
    return Path(given or os.environ.get("REDRESS_TRIAGE_DATA_DIR") or c.ROOT.parent / "shared" / "data")


def real_texts(folder: Path) -> tuple[list[str], list[str]]:
    """(English, Chinese) public complaint texts, where the folder has them."""
    csv.field_size_limit(10_000_000)
    english: list[str] = []
    for name in CFPB:
        for path in sorted((folder / name).glob("*.csv")):
            with path.open(encoding="utf-8", errors="replace", newline="") as handle:
                english += [row[NARRATIVE].strip() for row in csv.DictReader(handle) if row.get(NARRATIVE, "").strip()]
    chinese: list[str] = []
    reviews = folder / "ccf_bdci2021_bank_reviews_zh" / "train_data_public.csv"
    if reviews.exists():
        with reviews.open(encoding="utf-8", newline="") as handle:
            chinese += [row["text"].strip() for row in csv.DictReader(handle) if row.get("text", "").strip()]
    faq = folder / "unionpay_faq_zh" / "unionpay_faq.jsonl"
    if faq.exists():
        with faq.open(encoding="utf-8") as handle:
            chinese += [json.loads(line)["question"] for line in handle if line.strip()]
    return english, chinese


def load(per_period: int, seed: int, folder: Path) -> str:
    from django.db import connection

    from redress.accounts.models import User
    from redress.analytics.themes.periods import previous_period, weekly_period
    from redress.analytics.themes.text import to_traditional
    from redress.complaints.models import Complaint

    start, end = weekly_period(MONDAY)
    before, _ = previous_period(start, end)
    rng = random.Random(seed)
    english, chinese = real_texts(folder)
    source = "public texts" if english and chinese else "synthetic texts"
    user, _made = User.objects.get_or_create(username="benchthemes", defaults={"role": "intake_agent"})
    businesses = ["bank_card", "loan", "savings", "payment", "wealth", "credit_reporting"]
    reasons = ["pricing_fees", "service_quality", "information_disclosure", "contract_terms", "marketing"]
    moment = dt.datetime.combine(before, dt.time(), tzinfo=dt.timezone(dt.timedelta(hours=8)))
    seconds = (end - before).days * 86400 + 86400
    batch: list[Complaint] = []
    total = per_period * 2
    for n in range(total):
        zh = n % 2 == 0
        if english and chinese:
            text = rng.choice(chinese) if zh else rng.choice(english)
            if zh and rng.random() < 0.25:
                text = to_traditional(text)
        else:
            text = _data.complaint_text("zh-hans" if zh else "en", rng, moment)[0]
        # The first half spread over the previous four weeks, the second over the four weeks run.
        offset = (
            (n * (seconds // 2)) // per_period
            if n < per_period
            else seconds // 2 + ((n - per_period) * (seconds // 2)) // per_period
        )
        batch.append(
            Complaint(
                reference=f"CMP-{(moment + dt.timedelta(seconds=offset)).strftime('%Y%m%d')}-{n + 1:07d}",
                channel="web",
                jurisdiction="CN-NFRA" if zh else "US-CFPB",
                language="zh-hans" if zh else "en",
                received_at=moment + dt.timedelta(seconds=offset),
                customer_name="Bench Customer",
                customer_email=f"customer{n}@example.com",
                description=text[:4000],
                business=rng.choice(businesses),
                reason=rng.choice(reasons),
                registered_by=user,
            )
        )
        if len(batch) == 5000:
            Complaint.objects.bulk_create(batch)
            batch = []
    if batch:
        Complaint.objects.bulk_create(batch)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint")
    return source


def measure(seed: int) -> dict[str, Any]:
    """In this (fresh) process: the weekly run, its wall time and the process's peak RSS."""
    import resource

    from redress.analytics.themes.periods import weekly_period
    from redress.analytics.themes.services import themes_run

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    start, end = weekly_period(MONDAY)
    load_before = os.getloadavg()[0]
    began, cpu_began = time.perf_counter(), cpu()
    run = themes_run(start=start, end=end, seed=seed)
    wall, cpu_s = time.perf_counter() - began, cpu() - cpu_began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    top = [
        {"size": t.size, "growth": t.growth, "terms": [x["term"] for x in t.terms[:5]]}
        for t in run.themes.order_by("number")[:8]
    ]
    return {
        "run": run.id,
        "texts": run.texts,
        "previous_texts": run.previous_texts,
        "k": run.parameters["k"],
        "vocabulary": run.parameters["vocabulary"],
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu_s, 2),  # this process's own CPU: what the run costs whatever else the machine does
        "load_before": load_before,
        "load_after": os.getloadavg()[0],
        "peak_rss_mib": round(peak, 1),
        "top": top,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--per-period", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--data", default=None)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        c.django_setup(c.database_url(DB))
        print(json.dumps(measure(args.seed), ensure_ascii=False))
        return
    url = c.ensure_database(DB, fresh=args.fresh)
    c.django_setup(url)
    from redress.complaints.models import Complaint

    have = Complaint.objects.count()
    if have != args.per_period * 2:
        if have:
            Complaint.objects.all().delete()
        began = time.perf_counter()
        source = load(args.per_period, args.seed, _data_dir(args.data))
        print(f"loaded {args.per_period * 2} complaints ({source}) in {time.perf_counter() - began:.1f} s")
    done = subprocess.run(
        [sys.executable, __file__, "--measure", "--seed", str(args.seed)], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"weekly run of {result['texts']} complaints (previous period {result['previous_texts']}): "
        f"{result['wall_s']} s ({result['cpu_s']} s of CPU; load average {result['load_before']:.1f} before, "
        f"{result['load_after']:.1f} after), peak RSS {result['peak_rss_mib']} MiB, k={result['k']}, "
        f"vocabulary {result['vocabulary']}"
    )
    for theme in result["top"]:
        print(f"  {theme['size']:>6}  {theme['growth']}  {' · '.join(theme['terms'])}")
    print(f"saved {c.save('themes', {**result, 'machine': c.machine(), 'load': os.getloadavg()})}")


if __name__ == "__main__":
    main()
