"""Summarise py-spy raw (folded) profiles of gunicorn workers.

    .venv/bin/python bench/pyspy_summary.py bench/results/register-pyspy-*.txt [--match redress] [--top 40]

Counts, per function, the share of busy samples (those inside a request) in which it is on
the stack (inclusive) and at the top (self). Idle samples (the worker waiting for a
connection) are left out.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

FRAME = re.compile(r"^(?P<func>.*?) \((?P<file>[^:]*)(?::(?P<line>\d+))?\)$")


def short(frame: str) -> str:
    m = FRAME.match(frame)
    if not m:
        return frame
    path = m["file"]
    for cut in ("site-packages/", "/src/", "python3.11/"):
        if cut in path:
            path = path.split(cut, 1)[1]
            break
    return f"{m['func']} ({path})"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("files", nargs="+")
    p.add_argument("--match", default="", help="only functions whose file contains this")
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--busy", default="handle_request", help="a frame that marks a sample as busy")
    args = p.parse_args(argv)
    inclusive: Counter[str] = Counter()
    own: Counter[str] = Counter()
    busy = total = 0
    for name in args.files:
        for line in Path(name).read_text().splitlines():
            stack, _, count = line.rpartition(" ")
            n = int(count)
            total += n
            frames = stack.split(";")
            if not any(args.busy in f for f in frames):
                continue
            busy += n
            seen = set()
            for f in frames:
                s = short(f)
                if s not in seen:
                    seen.add(s)
                    inclusive[s] += n
            own[short(frames[-1])] += n
    print(f"{busy} busy samples of {total} ({100 * busy / max(total, 1):.0f}%)")
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"\n--- top {args.top} {title} (% of busy samples) ---")
        shown = 0
        for func, n in counter.most_common():
            if args.match and args.match not in func:
                continue
            print(f"{100 * n / busy:6.1f}%  {func}")
            shown += 1
            if shown >= args.top:
                break
    return 0


if __name__ == "__main__":
    sys.exit(main())
