"""Recall, precision and speed of the personal-data scrubber (redress.privacy.scrubber).

Span-level, per kind: a gold span is found when a found span of the same kind covers it; a found
span is right when it overlaps a gold span of the same kind. No database.

    .venv/bin/python bench/scrub_eval.py                    # the dev half
    .venv/bin/python bench/scrub_eval.py --split heldout    # the held-out half, measured only
    .venv/bin/python bench/scrub_eval.py --errors           # print the misses and false finds
    .venv/bin/python bench/scrub_eval.py --join 20          # speed on texts 20 times as long
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

import django

DATA = Path(__file__).with_name("data")


def gold_spans(text: str, spans: list[list[str]]) -> list[tuple[str, int, int]]:
    """[kind, substring] pairs as offsets; a substring listed n times marks its first n occurrences."""
    seen: Counter[str] = Counter()
    out = []
    for kind, value in spans:
        position = -1
        for _ in range(seen[value] + 1):
            position = text.find(value, position + 1)
        if position < 0:
            raise ValueError(f"{value!r} not in {text!r}")
        seen[value] += 1
        out.append((kind, position, position + len(value)))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=["dev", "heldout"], default="dev")
    parser.add_argument("--errors", action="store_true", help="print missed and false spans")
    parser.add_argument("--repeat", type=int, default=50, help="passes over the texts for the speed figure")
    parser.add_argument("--join", type=int, default=1, help="time texts made of N texts each (narrative length)")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    django.setup()
    from redress.privacy.scrubber import KINDS, find

    rows = [json.loads(line) for line in (DATA / f"scrub_eval_{args.split}.jsonl").read_text("utf-8").splitlines()]
    gold_total: Counter[str] = Counter()
    gold_hit: Counter[str] = Counter()
    found_total: Counter[str] = Counter()
    found_right: Counter[str] = Counter()
    for row in rows:
        text = row["text"]
        gold = gold_spans(text, row["spans"])
        found = find(text)
        for kind, start, end in gold:
            gold_total[kind] += 1
            if any(f.kind == kind and f.start <= start and f.end >= end for f in found):
                gold_hit[kind] += 1
            elif args.errors:
                print(f"MISS  {kind:14} {text[start:end]!r:40} in {text!r}")
        for f in found:
            found_total[f.kind] += 1
            if any(kind == f.kind and f.start < end and f.end > start for kind, start, end in gold):
                found_right[f.kind] += 1
            elif args.errors:
                print(f"FALSE {f.kind:14} {text[f.start : f.end]!r:40} in {text!r}")

    print(f"{args.split}: {len(rows)} texts, {sum(gold_total.values())} personal spans")
    print(f"{'kind':16}{'gold':>6}{'recall':>9}{'found':>7}{'precision':>11}")
    for kind in (*KINDS, "all"):
        g = sum(gold_total.values()) if kind == "all" else gold_total[kind]
        h = sum(gold_hit.values()) if kind == "all" else gold_hit[kind]
        n = sum(found_total.values()) if kind == "all" else found_total[kind]
        r = sum(found_right.values()) if kind == "all" else found_right[kind]
        recall = f"{h / g:.3f}" if g else "-"
        precision = f"{r / n:.3f}" if n else "-"
        print(f"{kind:16}{g:>6}{recall:>9}{n:>7}{precision:>11}")

    texts = [row["text"] for row in rows]
    texts = ["\n".join(texts[i : i + args.join]) for i in range(0, len(texts), args.join)]
    started = time.process_time()
    for _ in range(args.repeat):
        for text in texts:
            find(text)
    elapsed = time.process_time() - started
    chars = sum(map(len, texts)) / len(texts)
    print(f"speed: {len(texts) * args.repeat / elapsed:,.0f} texts/s of CPU ({chars:.0f} characters on average)")


if __name__ == "__main__":
    sys.exit(main())
