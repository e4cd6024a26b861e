"""Triage benchmark: accuracy against the held-out sets, speed of prediction, model load, artifact
size, and what triage adds to a registration.

    .venv/bin/python bench/triage_bench.py            # trains the bootstrap model in a temp REDRESS_HOME
    .venv/bin/python bench/triage_bench.py --quick    # fewer registrations and repetitions
    .venv/bin/python bench/triage_bench.py --shipped  # the model shipped with the package (no training)

Reads the public sets from REDRESS_TRIAGE_DATA_DIR (default ../shared/data beside the checkout);
cfpb_aegis_holdout is only evaluated on. Runs on an embedded SQLite database in a temp dir.
Writes bench/results/triage-<stamp>.json and triage-latest.json; prints the figures.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
RESULTS = BENCH / "results"


def _setup() -> None:
    home = Path(tempfile.mkdtemp(prefix="redress-triage-bench-"))
    os.environ["REDRESS_HOME"] = str(home)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    return {
        "mean": round(statistics.fmean(ordered), 3),
        "p50": round(pick(0.5), 3),
        "p95": round(pick(0.95), 3),
        "p99": round(pick(0.99), 3),
    }


def _throughput(triage: Any, texts: list[str], repeat: int, batch: int) -> dict[str, float]:
    """Texts per second of wall time, and per second of this process's CPU time (other load on the
    machine slows the first, hardly the second)."""
    data = texts * repeat
    triage.predict_many(texts[:batch])  # warm caches
    start, cpu = time.perf_counter(), time.process_time()
    for i in range(0, len(data), batch):
        triage.predict_many(data[i : i + batch])
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    return {
        "texts": len(data),
        "mean_chars": round(statistics.fmean(len(t) for t in texts)),
        "per_second_wall": round(len(data) / seconds),
        "per_second_cpu": round(len(data) / cpu_seconds),
    }


def _cli_throughput(texts: list[str], repeat: int) -> dict[str, float]:
    """`redress triage predict` end to end in its own process: JSON lines in, JSON lines out.

    Wall and CPU seconds of the child, with and without its start (Django set-up, model load),
    which is measured by a run on one line.
    """
    import resource

    folder = Path(tempfile.mkdtemp(prefix="redress-triage-cli-"))
    data = folder / "in.jsonl"
    one = folder / "one.jsonl"
    with data.open("w", encoding="utf-8") as f:
        for i, text in enumerate(texts * repeat):
            f.write(json.dumps({"id": i, "text": text}, ensure_ascii=False) + "\n")
    one.write_text(json.dumps({"id": 0, "text": texts[0]}, ensure_ascii=False) + "\n", encoding="utf-8")

    def run(path: Path) -> tuple[float, float]:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "redress.cli", "triage", "predict", "--input", str(path)],
            check=True,
            stdout=subprocess.DEVNULL,
            env=os.environ.copy(),
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)

    start_wall, start_cpu = min(run(one) for _ in range(3))
    wall, cpu = run(data)
    n = len(texts) * repeat
    return {
        "texts": n,
        "mean_chars": round(statistics.fmean(len(t) for t in texts)),
        "per_second_wall_including_start": round(n / wall),
        "per_second_wall_after_start": round(n / max(wall - start_wall, 1e-9)),
        "per_second_cpu_after_start": round(n / max(cpu - start_cpu, 1e-9)),
        "start_seconds_wall": round(start_wall, 2),
    }


def _load_time(artifact: Path) -> dict[str, float]:
    """Loading the artifact in this process (libraries imported) and in a new process (imports included)."""
    from redress.triage.ml.triage_model import TriageModel

    times = []
    for _ in range(3):
        start = time.perf_counter()
        TriageModel.load(artifact)
        times.append(time.perf_counter() - start)
    code = (
        "import time; t = time.perf_counter(); from redress.triage.ml.triage_model import TriageModel; "
        f"TriageModel.load({str(artifact)!r}); print(time.perf_counter() - t)"
    )
    cold = float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    return {"warm_seconds": round(min(times), 3), "new_process_seconds_with_imports": round(cold, 3)}


def _registration(n: int) -> dict[str, Any]:
    """Register n complaints with triage and n without (alternating); time the suggestion itself too."""
    from django.conf import settings

    from redress.accounts.personas import ensure_personas
    from redress.complaints.lifecycle import register
    from redress.complaints.services import registration
    from redress.triage import services

    people = ensure_personas()
    texts = [
        "我的信用卡昨晚在境外被盗刷了三笔，共计6万元，卡一直在我身上，要求银行立即处理并赔偿。",
        "手机银行转账显示成功，但对方两天了还没收到，请尽快查询。",
        "请问定期存款提前支取怎么计算利息？",
        "My mortgage servicer misapplied my escrow payment and charged me a late fee.",
        "房貸利率被調高，事前沒有任何通知，我要向金管會申訴。",
    ]
    suggestion_ms: list[float] = []
    assess_ms: list[float] = []
    original = services.suggestion_create
    original_assess = services.suggestion_assess

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            suggestion_ms.append((time.perf_counter() - start) * 1000)

    def timed_assess(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        assessed = original_assess(*args, **kwargs)
        if assessed is not None:  # triage on
            assess_ms.append((time.perf_counter() - start) * 1000)
        return assessed

    registration.suggestion_create = timed  # type: ignore[assignment]
    registration.suggestion_assess = timed_assess  # type: ignore[assignment]
    on: list[float] = []
    off: list[float] = []
    try:
        register(by=people["intake"], description=texts[0])  # warm: model and rules loaded once per process
        suggestion_ms.clear()
        assess_ms.clear()
        for i in range(n):
            text = texts[i % len(texts)]
            for enabled, sink in ((True, on), (False, off)):
                settings.REDRESS_TRIAGE_ENABLED = enabled  # plain assignment: no setting_changed signal
                start = time.perf_counter()
                register(by=people["intake"], description=text)
                sink.append((time.perf_counter() - start) * 1000)
    finally:
        registration.suggestion_create = original  # type: ignore[assignment]
        registration.suggestion_assess = original_assess  # type: ignore[assignment]
        settings.REDRESS_TRIAGE_ENABLED = True
    return {
        "complaints_each": n,
        "register_ms_with_triage": _percentiles(on),
        "register_ms_without_triage": _percentiles(off),
        "added_ms_mean": round(statistics.fmean(on) - statistics.fmean(off), 3),
        "suggestion_assess_ms": _percentiles(assess_ms) if assess_ms else None,
        "suggestion_create_ms": _percentiles(suggestion_ms),
        "note": "suggestion_assess_ms: the prediction, before the row is written (registrations with triage); "
        "suggestion_create_ms: the suggestion row and the manager alerts (Notification rows, outbox email) of "
        "urgent texts",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--shipped", action="store_true", help="measure the shipped model (a fresh home)")
    args = parser.parse_args()
    _setup()

    from redress.triage import runtime
    from redress.triage.datasets import data_dir
    from redress.triage.ml.corpus import own_tests, read_gold
    from redress.triage.ml.evaluation import evaluate, headline
    from redress.triage.ml.public_sets import HOLDOUT
    from redress.triage.training import train_version

    started = time.perf_counter()
    if args.shipped:
        shipped = runtime.shipped_model_path()
        assert shipped is not None and shipped.exists(), "run `make model`"
        artifact = shipped
        triage, _ = runtime.current_triage()  # no version trained: the shipped model
        assert triage.model is not None
        model, number, train_seconds = triage.model, "shipped", 0.0
    else:
        result = train_version(bootstrap=True, staff=False, notes="bench")
        train_seconds = time.perf_counter() - started
        model, number = result.model, result.version.version
        artifact = runtime.artifact_path(result.version.artifact)
        triage, _ = runtime.current_triage()

    tests = own_tests()
    zh = tests.get("zh_test", [])
    holdout_path = data_dir() / HOLDOUT
    holdout = list(read_gold(holdout_path)) if holdout_path.exists() else []
    accuracy: dict[str, Any] = {name: headline(evaluate(triage, items)) for name, items in tests.items()}
    if holdout:
        report_holdout = evaluate(triage, holdout)
        accuracy["cfpb_holdout"] = headline(report_holdout)
        accuracy["cfpb_holdout_product_f1"] = {
            c: v["f1"] for c, v in report_holdout["product"]["per_class"].items() if v["support"]
        }

    repeat = 3 if args.quick else 10
    zh_texts = [g.text for g in zh]
    en_texts = [g.text for g in holdout]
    speed = {
        "zh_test": _throughput(triage, zh_texts, repeat, 256),
        "mixed_zh_and_cfpb": _throughput(triage, zh_texts + en_texts, repeat, 256),
    }
    if en_texts:
        speed["cfpb_holdout"] = _throughput(triage, en_texts, repeat, 256)
        # 60 × 220 narratives: long enough that the noise of the start (3–4 s of CPU) matters little
        speed["cli_cfpb_holdout"] = _cli_throughput(en_texts, 10 if args.quick else 60)
    speed["cli_zh_test"] = _cli_throughput(zh_texts, 10 if args.quick else 20)
    single = []
    for text in (zh_texts + en_texts)[:300]:
        start = time.perf_counter()
        triage.predict(text)
        single.append((time.perf_counter() - start) * 1000)

    report = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0], "load_average": os.getloadavg()},
        "model": {
            "version": number,
            "train_seconds": round(train_seconds, 1),
            "examples": model.metadata["examples"],
            "features": model.metadata["features"],
            "sources": model.metadata["sources"],
            "artifact_mb": round(artifact.stat().st_size / 1e6, 2),
        },
        "load": _load_time(artifact),
        "accuracy": accuracy,
        "predict_throughput": speed,
        "predict_one_ms": _percentiles(single),
        "registration": _registration(40 if args.quick else 200),
    }
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    text = json.dumps(report, indent=2, ensure_ascii=False)
    (RESULTS / f"triage-{stamp}.json").write_text(text)
    (RESULTS / "triage-latest.json").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
