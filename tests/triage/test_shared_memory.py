"""A loaded model is shared with the processes forked from the one that loaded it, page by page.

A server loads the model once and forks its web processes (gunicorn's preload). The model's vocabulary and
arrays live in shared mappings, so a forked process maps only the pages it reads: its resident memory (RSS)
grows by the rows of the weights its texts use, not by the whole model.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from redress.triage.ml.shared import Vocabulary
from redress.triage.ml.triage_model import TriageModel
from redress.triage.runtime import shipped_model_path

TEXT = "Someone used my card for three purchases I never made and the bank has not refunded me. I am 81."


def test_the_vocabulary_numbers_its_terms_as_a_list_does() -> None:
    terms = ["信用卡", "card", "#<car", "@cue:fraud", "over draft", "é", ""]
    vocabulary = Vocabulary(terms)
    assert len(vocabulary) == len(terms)
    assert list(vocabulary) == terms
    assert [vocabulary[i] for i in range(len(terms))] == terms
    assert vocabulary[-1] == "" and vocabulary[1:3] == ["card", "#<car"]
    assert [vocabulary.get(t) for t in terms] == list(range(len(terms)))
    assert vocabulary.ids(["card", "unknown", "信用卡"]).tolist() == [1, -1, 0]
    assert vocabulary.get("unknown") is None and "unknown" not in vocabulary and "#<car" in vocabulary
    with pytest.raises(IndexError):
        vocabulary[len(terms)]
    empty = Vocabulary([])
    assert len(empty) == 0 and empty.ids(["card"]).tolist() == [-1]


def test_the_loaded_model_cannot_be_changed_in_place() -> None:
    model = TriageModel.load(shipped_model_path())  # type: ignore[arg-type]
    for array in (model.weights, model.idf, model.readable, model.is_cue):
        assert not array.flags.writeable


def _shared_rss_kib(pid: int) -> int:
    """Resident KiB of the process's shared anonymous mappings (where the model's arrays are)."""
    total, inside = 0, False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and not head[0].endswith(":") and "-" in head[0]:
            inside = " ".join(head[5:]).startswith("/dev/zero")
        elif inside and head[0] == "Rss:":
            total += int(head[1])
    return total


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads Linux's /proc/<pid>/smaps")
def test_a_forked_process_that_predicts_maps_only_part_of_the_model() -> None:
    model = TriageModel.load(shipped_model_path())  # type: ignore[arg-type]
    arrays_kib = model.weights.nbytes // 1024
    loaded_kib = _shared_rss_kib(os.getpid())
    assert loaded_kib >= arrays_kib  # the process that loaded it maps all of it
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe and leaves at once
        try:
            at_start = _shared_rss_kib(os.getpid())
            logits = model.scores(model.rows([TEXT]))
            answer = {"at_start": at_start, "after": _shared_rss_kib(os.getpid()), "outputs": logits.shape[1]}
            os.write(write, json.dumps(answer).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read) as pipe:
        answer = json.loads(pipe.read())
    os.waitpid(child, 0)
    assert answer["outputs"] == model.weights.shape[1]
    assert answer["at_start"] < arrays_kib / 10  # nothing of it mapped by the fork itself
    assert answer["after"] < loaded_kib / 2  # a text reads the rows of its own features
