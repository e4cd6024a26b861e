"""Prediction speed of the triage code on a given model artifact (for comparing two commits).

    .venv/bin/python bench/triage_speed.py ARTIFACT            # this checkout
    PYTHONPATH=OTHER_CHECKOUT/src .venv/bin/python bench/triage_speed.py ARTIFACT   # another commit

Same artifact, same texts (our Chinese test set ×5, the CFPB holdout ×3), batches of 256 as
`redress triage predict` reads them; the model reads the first 1,000 characters in both runs.
Prints texts per second of this process's CPU time (best of 3), which other load on the
machine disturbs less than wall time.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    artifact = Path(sys.argv[1])
    os.environ["REDRESS_HOME"] = tempfile.mkdtemp(prefix="redress-triage-speed-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    import django

    django.setup()
    import redress
    from redress.triage.datasets import data_dir
    from redress.triage.ml.corpus import own_tests, read_gold
    from redress.triage.ml.engine import Thresholds, Triage
    from redress.triage.ml.public_sets import HOLDOUT
    from redress.triage.ml.triage_model import TriageModel
    from redress.triage.rules import default_ruleset

    triage = Triage(TriageModel.load(artifact), default_ruleset(), Thresholds(max_chars=1_000))
    sets = {"zh_test": [g.text for g in own_tests().get("zh_test", [])] * 5}
    holdout = data_dir() / HOLDOUT
    if holdout.exists():
        sets["cfpb_holdout"] = [g.text for g in read_gold(holdout)] * 3
    result: dict[str, object] = {"code": str(Path(redress.__file__).parent.parent), "artifact": artifact.name}
    for name, texts in sets.items():
        triage.predict_many(texts[:256])  # warm caches
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            for i in range(0, len(texts), 256):
                triage.predict_many(texts[i : i + 256])
            best = min(best, time.process_time() - start)
        result[name] = {"texts": len(texts), "per_second_cpu": round(len(texts) / best)}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
