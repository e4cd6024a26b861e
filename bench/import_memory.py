"""What each library costs a web process: RSS and USS after each step of starting one, in one process.

    .venv/bin/python bench/import_memory.py [--heavy]

Steps, in order, each measured after the previous (deltas are that step's own cost): Python;
numpy; the Django application (`get_wsgi_application()`: settings, apps, models);
the URL configuration (every view module, DRF, the schema); the triage model (`active_model()`);
one suggestion. With `--heavy`, the libraries that only some pages or jobs use are imported first
(scipy, pandas, statsmodels, scikit-learn, rjieba, opencc, the PDF renderer, openpyxl), so that their cost is
measured on its own and not counted in the Django steps. Prints one line per step (MiB) and the
heavy modules a plain web process has loaded by the end; run on a migrated REDRESS_HOME.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

HEAVY = [
    "scipy.sparse",
    "pandas",
    "statsmodels.api",
    "sklearn.decomposition",
    "rjieba",
    "opencc",
    "weasyprint",
    "openpyxl",
]
WATCH = ["numpy", "scipy", "pandas", "statsmodels", "sklearn", "rjieba", "opencc", "weasyprint", "openpyxl", "celery"]


def memory() -> tuple[float, float]:
    fields: dict[str, int] = {}
    for line in Path("/proc/self/smaps_rollup").read_text().splitlines()[1:]:
        key, _, value = line.partition(":")
        fields[key.strip()] = int(value.split()[0])
    return fields["Rss"] / 1024, (fields["Private_Clean"] + fields["Private_Dirty"]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--heavy", action="store_true", help="import the page- and job-only libraries first")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    last = memory()
    print(f"{'step':<34} {'RSS':>7} {'+RSS':>7} {'USS':>7} {'+USS':>7}  (MiB)")

    def step(name: str) -> None:
        nonlocal last
        now = memory()
        print(f"{name:<34} {now[0]:7.1f} {now[0] - last[0]:+7.1f} {now[1]:7.1f} {now[1] - last[1]:+7.1f}")
        last = now

    step("python")
    for name in ["numpy"] + (HEAVY if args.heavy else []):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        step(name)
    from django.core.wsgi import get_wsgi_application

    get_wsgi_application()
    step("django application")
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 - imports every view module
    step("URL configuration")
    from redress.triage import runtime

    loaded = runtime.active_model()
    step(f"triage model ({loaded.artifact})")
    triage, _ = runtime.current_triage()
    triage.predict("Someone used my card for purchases I never made and the bank will not refund me.")
    step("one suggestion")
    loaded_heavy = sorted({m.split(".")[0] for m in sys.modules} & set(WATCH))
    print("heavy libraries loaded:", ", ".join(loaded_heavy) or "none")


if __name__ == "__main__":
    main()
