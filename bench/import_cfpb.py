"""`redress import-cfpb FILE` on PostgreSQL: rows per second and memory, at 100,000 or 1,000,000 rows.

    .venv/bin/python bench/import_cfpb.py [--rows 100000] [--narratives 0.3] [--again] [--verify]

Writes a synthetic export of the CFPB complaint database in its 16-column layout (`--rows` rows, seeded:
the current products with their sub-products and issues, the company responses in the public data's
proportions, 3 % still "In progress", `--narratives` of the rows with a narrative of 300–1,500
characters) to a temp dir, then runs the real command in a child process against a fresh database
`redress_bench_import`: wall time, rows/s, and the child's resident memory sampled every 0.5 s (peak,
and at each tenth of the run, to show it stays flat). `--again` imports the same file a second time
(every row already imported); `--verify` runs `redress audit verify` after. Writes
bench/results/import-cfpb-<stamp>.json.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import resource
import subprocess
import tempfile
import threading
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import _common as c

HEADER = [
    "Date received",
    "Product",
    "Sub-product",
    "Issue",
    "Sub-issue",
    "Consumer complaint narrative",
    "Company public response",
    "Company",
    "State",
    "ZIP code",
    "Tags",
    "Submitted via",
    "Date sent to company",
    "Company response to consumer",
    "Timely response?",
    "Complaint ID",
]
PRODUCTS = [
    ("Credit reporting or other personal consumer reports", ["Credit reporting", "Other personal consumer report"],
     ["Incorrect information on your report", "Improper use of your report",
      "Problem with a company's investigation into an existing problem"], 55),
    ("Debt collection", ["I do not know", "Credit card debt", "Medical debt"],
     ["Attempts to collect debt not owed", "Written notification about debt", "Communication tactics"], 10),
    ("Checking or savings account", ["Checking account", "Savings account"],
     ["Managing an account", "Closing an account", "Problem caused by your funds being low"], 7),
    ("Credit card", ["General-purpose credit card or charge card", "Store credit card"],
     ["Problem with a purchase shown on your statement", "Fees or interest", "Getting a credit card"], 7),
    ("Mortgage", ["Conventional home mortgage", "FHA mortgage"],
     ["Trouble during payment process", "Struggling to pay mortgage", "Closing on a mortgage"], 5),
    ("Money transfer, virtual currency, or money service", ["Mobile or digital wallet", "Domestic money transfer"],
     ["Fraud or scam", "Other transaction problem"], 4),
    ("Student loan", ["Federal student loan servicing", "Private student loan"],
     ["Dealing with your lender or servicer", "Struggling to repay your loan"], 3),
    ("Vehicle loan or lease", ["Loan", "Lease"], ["Managing the loan or lease", "Getting a loan or lease"], 3),
    ("Payday loan, title loan, personal loan, or advance loan", ["Installment loan", "Payday loan"],
     ["Charged fees or interest you didn't expect", "Struggling to pay your loan"], 3),
    ("Prepaid card", ["General-purpose prepaid card", "Gift card"],
     ["Trouble using the card", "Unauthorized transactions or other transaction problem"], 2),
    ("Debt or credit management", ["Debt settlement", "Credit repair services"], ["Fraud or scam", "Other"], 1),
]  # fmt: skip
RESPONSES = [
    ("Closed with explanation", 80),
    ("Closed with non-monetary relief", 12),
    ("Closed with monetary relief", 4),
    ("In progress", 3),
    ("Untimely response", 1),
]
VIA = [("Web", 80), ("Referral", 8), ("Phone", 6), ("Postal mail", 4), ("Fax", 1), ("Email", 1)]
STATES = ["CA", "TX", "FL", "NY", "GA", "IL", "PA", "NC", "OH", "NJ"]
WORDS = [
    "account",
    "payment",
    "credit",
    "report",
    "bank",
    "loan",
    "called",
    "told",
    "fee",
    "interest",
    "dispute",
    "letter",
    "company",
    "balance",
    "late",
    "information",
    "never",
    "received",
    "sent",
    "paid",
    "months",
    "charged",
    "XXXX",
    "collection",
    "agency",
    "XX/XX/XXXX",
    "{$200.00}",
]


def write_export(path: Path, rows: int, narratives: float, seed: int = 20120101) -> None:
    rng = random.Random(seed)
    products = [p for p in PRODUCTS for _ in range(p[3])]
    responses = [r for r, w in RESPONSES for _ in range(w)]
    via = [v for v, w in VIA for _ in range(w)]
    start = date(2024, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(HEADER)
        for i in range(rows):
            product, subs, issues, _ = rng.choice(products)
            received = start + timedelta(days=rng.randrange(730))
            narrative = " ".join(rng.choices(WORDS, k=rng.randrange(50, 250))) if rng.random() < narratives else ""
            out.writerow(
                [
                    received.isoformat(),
                    product,
                    rng.choice(subs),
                    rng.choice(issues),
                    "",
                    narrative,
                    "Company has responded to the consumer and the CFPB and chooses not to provide a public response"
                    if rng.random() < 0.4
                    else "",
                    "ACME BANK, N.A.",
                    rng.choice(STATES),
                    f"{rng.randrange(10000, 99999)}",
                    "Servicemember" if rng.random() < 0.05 else ("Older American" if rng.random() < 0.05 else ""),
                    rng.choice(via),
                    (received + timedelta(days=rng.choice((0, 0, 1, 2, 5)))).isoformat(),
                    rng.choice(responses),
                    "Yes" if rng.random() < 0.98 else "No",
                    str(1_000_000 + i),
                ]
            )


def run_sampled(argv: list[str], env: dict[str, str]) -> dict[str, Any]:
    """Run argv, sampling its resident memory every 0.5 s; wall time, output and the RSS series (MiB)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    child = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    samples: list[tuple[float, float]] = []
    high = [0.0]

    def sample() -> None:
        while child.poll() is None:
            rss, hwm = c.proc_status(child.pid, "VmRSS"), c.proc_status(child.pid, "VmHWM")
            if rss:
                samples.append((time.perf_counter() - started, rss / 1024))
            high[0] = max(high[0], (hwm or 0) / 1024)
            time.sleep(0.5)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    sampler.join()
    if child.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({child.returncode}):\n{stdout}\n{stderr}")
    rss = [m for _, m in samples]
    tenths = [round(samples[min(len(samples) - 1, int(len(samples) * k / 10))][1], 1) for k in range(1, 10)]
    return {
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),  # the command's own CPU (user + system), PostgreSQL's not included
        "peak_rss_MiB": round(max([high[0], *rss]), 1) if rss else None,
        "rss_MiB_at_each_tenth": tenths if samples else [],
        "stdout": stdout,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--narratives", type=float, default=0.3)
    parser.add_argument("--again", action="store_true", help="import the same file a second time")
    parser.add_argument("--verify", action="store_true", help="run `redress audit verify` after")
    args = parser.parse_args()

    url = c.ensure_database("redress_bench_import", fresh=True)
    env = c.app_env(url, LANGUAGE_CODE="en")
    result: dict[str, Any] = {"machine": c.machine(), "rows": args.rows, "narratives": args.narratives}
    with tempfile.TemporaryDirectory() as tmp:
        export = Path(tmp) / "complaints.csv"
        t0 = time.perf_counter()
        write_export(export, args.rows, args.narratives)
        result["file_MB"] = round(export.stat().st_size / 1e6, 1)
        print(f"wrote {args.rows:,} rows ({result['file_MB']} MB) in {time.perf_counter() - t0:.1f} s")
        runs = ["first"] + (["again"] if args.again else [])
        for name in runs:
            done = run_sampled([c.REDRESS, "import-cfpb", str(export)], env)
            done["rows_per_s"] = round(args.rows / done["wall_s"], 1)
            found = re.search(r"(\d+) imported, (\d+) already imported, (\d+) skipped", done["stdout"])
            done["imported"], done["already"], done["skipped"] = (int(g) for g in found.groups()) if found else (0,) * 3
            result[name] = done
            print(
                f"{name}: {done['wall_s']} s (CPU {done['cpu_s']} s), {done['rows_per_s']:,} rows/s,"
                f" imported {done['imported']:,},"
                f" already {done['already']:,}, skipped {done['skipped']:,}; peak RSS {done['peak_rss_MiB']} MiB,"
                f" at each tenth {done['rss_MiB_at_each_tenth']}"
            )
    if args.verify:
        t0 = time.perf_counter()
        verified = c.redress(url, "audit", "verify", check=False)
        result["verify"] = {"wall_s": round(time.perf_counter() - t0, 1), "output": verified.stdout + verified.stderr}
        print(f"audit verify: {result['verify']['wall_s']} s: {result['verify']['output'].strip()}")
    print(f"results: {c.save('import-cfpb', result)}")


if __name__ == "__main__":
    main()
