#!/usr/bin/env bash
# Run the benchmarks in order: registration load, the 1M-row queue, the lifecycle walk, the deadline sweep.
# Usage: bash bench/run_all.sh            (DURATION=60 by default; the 1M load is reused when present)
#        DURATION=30 bash bench/run_all.sh
# Needs PostgreSQL at 127.0.0.1:5432 (user postgres, trust auth); creates redress_bench and
# redress_bench_1m. Results: bench/results/*.json (git-ignored). Traffic stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
export REDRESS_HOME=${REDRESS_HOME:-${TMPDIR:-/tmp}/redress-bench-home}
export DJANGO_SETTINGS_MODULE=redress.config.settings
export DEBUG=0
unset REDRESS_ENV
DURATION=${DURATION:-60}

"$PY" -m pip install -q -r bench/requirements.txt
"$PY" bench/register_load.py --duration "$DURATION"
"$PY" bench/queue_1m.py --reuse
"$PY" bench/lifecycle.py --repeat 20
"$PY" bench/deadline_sweep.py            # needs the 1M database of queue_1m.py
