"""What asking the text service costs a registration, against doing the work in the web process.

    .venv/bin/python bench/text_service.py [--n 400]

Starts the text service (`python -m redress.config.textservice`, as gunicorn's master does) on a fresh
temporary REDRESS_HOME (no database there: the shipped model and the seed rules, as in a process that cannot
read its version table). In this process, alternating one call with the service and one without, on the two
texts of bench/web_memory.py (an English and a Chinese complaint): the triage suggestion of a registration
(`triage.services.suggest`: round trip + the service's prediction, against `suggest_here`: the prediction with
the model loaded here) and the search words of the Chinese text (`document_words`). Wall time of each call,
mean / p50 / p95 in ms, and the difference of the means: what the service adds to a registration.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import _common as c

API_TEXT = (
    "Someone used my card details to make three online purchases I never made, about 4,800 in total, "
    "and the bank still has not refunded me after two weeks. I am 81 and this is all my savings.\nA refund"
)
FORM_TEXT = "信用卡账单上出现一笔我不认识的消费，金额3280元，客服说要等一个月才能处理，请尽快核查并退款。\n退还不明消费"


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "mean_ms": round(statistics.fmean(ordered) * 1000, 3),
        "p50_ms": round(ordered[len(ordered) // 2] * 1000, 3),
        "p95_ms": round(ordered[int(len(ordered) * 0.95) - 1] * 1000, 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=400, help="calls each way, per text")
    args = parser.parse_args()
    home = Path(tempfile.mkdtemp(prefix="redress-textsvc-"))
    socket_path = home / "text.sock"
    os.environ.update(REDRESS_HOME=str(home), DJANGO_SETTINGS_MODULE="redress.config.settings", LOG_LEVEL="WARNING")
    if os.environ.get("BENCH_SRC"):
        sys.path.insert(0, os.environ["BENCH_SRC"])
        os.environ["PYTHONPATH"] = os.environ["BENCH_SRC"]
    service = subprocess.Popen([sys.executable, "-m", "redress.config.textservice", "--socket", str(socket_path)])
    try:
        import django

        django.setup()
        from django.conf import settings

        from redress.complaints.search import words
        from redress.core import textservice
        from redress.triage import services

        deadline = time.monotonic() + 120
        while not socket_path.is_socket():
            if service.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the text service did not start")
            time.sleep(0.2)

        def with_service(on: bool) -> None:
            settings.REDRESS_TEXT_SERVICE = str(socket_path) if on else "off"

        with_service(True)
        textservice.ask("ping")
        services.suggest(API_TEXT)  # the service's model warm; the in-process one below
        services.suggest_here(API_TEXT)
        words.chinese_cut_here(FORM_TEXT, for_search=True)
        result: dict[str, Any] = {}
        for name, text in (("suggest_en", API_TEXT), ("suggest_zh", FORM_TEXT), ("words_zh", FORM_TEXT)):
            via: list[float] = []
            here: list[float] = []
            for _ in range(args.n):
                for on in (True, False):
                    with_service(on)
                    t0 = time.perf_counter()
                    if name.startswith("suggest"):
                        services.suggest(text)
                    else:
                        words.document_words([text])
                    (via if on else here).append(time.perf_counter() - t0)
            a, b = summary(via), summary(here)
            result[name] = {"service": a, "in_process": b, "added_mean_ms": round(a["mean_ms"] - b["mean_ms"], 3)}
        result["n"] = args.n
        result["machine"] = c.machine()
        path = c.save("text_service", result)
        print(json.dumps({k: v for k, v in result.items() if k != "machine"}, indent=2))
        print(f"saved {path}")
    finally:
        service.terminate()
        service.wait(timeout=30)


if __name__ == "__main__":
    main()
