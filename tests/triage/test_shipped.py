"""The bootstrap model shipped with the package, and model files whose loading cannot run code."""

from __future__ import annotations

import io
import json
import pickle
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from redress.accounts.models import User
from redress.complaints.lifecycle import register
from redress.triage import runtime
from redress.triage.ml.engine import Triage
from redress.triage.ml.examples import Example
from redress.triage.ml.fitting import train_model
from redress.triage.ml.triage_model import DESCRIPTION, TriageModel, file_sha256
from redress.triage.rules import default_ruleset
from redress.triage.services import deactivate_all
from redress.triage.training import train_version
from tests.core.test_cli import run

SHIPPED = Path(runtime.__file__).resolve().parent / "model" / "bootstrap.npz"
ENGLISH = "My mortgage servicer lost my escrow payment and then charged me a late fee on my home loan."
CHINESE = "我的信用卡被盗刷了两万元，银行一直不处理"


def _rewrite_member(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as archive:
        members = {n: archive.read(n) for n in archive.namelist()}
    members[name] = data
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in members.items():
            archive.writestr(member, content)


def test_an_artifact_is_numpy_arrays_and_json(small_examples: list[Example], tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    sha = train_model(small_examples, metadata={"version": 3}).save(path)
    assert sha == file_sha256(path)
    with zipfile.ZipFile(path) as archive:
        assert sorted(archive.namelist()) == ["bias.npy", "idf.npy", DESCRIPTION, "weights.npy"]
        description = json.loads(archive.read(DESCRIPTION))
    assert description["metadata"]["version"] == 3 and isinstance(description["terms"], list)
    with np.load(path, allow_pickle=False) as arrays:  # every array reads without pickle
        assert arrays["weights"].dtype == np.float16
    # The same model gives the same bytes (the shipped file is reproducible).
    again = tmp_path / "again.npz"
    assert TriageModel.load(path).save(again) == sha


def test_a_file_holding_pickled_data_is_refused(small_examples: list[Example], tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    train_model(small_examples).save(path)
    buffer = io.BytesIO()
    np.lib.format.write_array(buffer, np.array([{"run": "code"}], dtype=object), allow_pickle=True)
    _rewrite_member(path, "weights.npy", buffer.getvalue())
    with pytest.raises(ValueError, match="pickle"):
        TriageModel.load(path)
    old = tmp_path / "old.joblib"  # the format of earlier versions: a pickle, never unpickled
    old.write_bytes(pickle.dumps({"format": 2}))
    with pytest.raises(ValueError, match="could run code"):
        TriageModel.load(old)


def test_a_file_that_is_not_the_one_trained_is_refused(small_examples: list[Example], tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    sha = train_model(small_examples).save(path)
    assert TriageModel.load(path, sha256=sha).heads
    with pytest.raises(ValueError, match="SHA-256"):
        TriageModel.load(path, sha256="0" * 64)


def test_an_artifact_of_another_feature_version_is_refused(small_examples: list[Example], tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    train_model(small_examples).save(path)
    with zipfile.ZipFile(path) as archive:
        description = json.loads(archive.read(DESCRIPTION))
    description["feature_version"] = -1
    _rewrite_member(path, DESCRIPTION, json.dumps(description).encode())
    with pytest.raises(ValueError, match="another version"):
        TriageModel.load(path)


def test_the_shipped_model_is_in_the_package_with_its_figures() -> None:
    assert SHIPPED.exists(), "run `make model`"
    assert SHIPPED.stat().st_size < 50_000_000
    figures = json.loads(SHIPPED.with_suffix(".json").read_text(encoding="utf-8"))
    assert figures["sha256"] == file_sha256(SHIPPED)  # the figures are those of this very file
    assert figures["sources"]["cfpb"] > 0  # built with the public sets, not our own texts alone
    assert figures["metrics"]["cfpb_holdout"]["headline"]["product_macro_f1"] >= 0.70
    model = TriageModel.load(SHIPPED, sha256=figures["sha256"])
    english, chinese = Triage(model, default_ruleset()).predict_many([ENGLISH, CHINESE])
    assert english.product == "Mortgage" and english.business == "loan"
    assert chinese.business == "bank_card" and "fraud" in chinese.flags
    assert english.explanation["model"] == "bootstrap"


@pytest.mark.django_db
def test_a_fresh_home_suggests_from_the_shipped_model_at_once(people: dict[str, User]) -> None:
    loaded = runtime.active_model()
    assert loaded.artifact == runtime.SHIPPED and loaded.model is not None and loaded.pk is None
    complaint = register(by=people["intake"], description=ENGLISH)
    s = complaint.triage_suggestion
    assert s.product == "Mortgage" and s.business == "loan"
    assert s.model_version is None and s.explanation["model"] == "bootstrap"
    assert "note" not in s.explanation


@pytest.mark.django_db
def test_a_trained_version_replaces_it_and_rules_only_stays_a_choice(small_examples: list[Example]) -> None:
    version = train_version(bootstrap=False, staff=False, examples=small_examples).version
    assert version.artifact.endswith(".npz")
    assert runtime.active_model().pk == version.pk
    deactivate_all()  # `redress triage activate none`: the rules alone, not the shipped model
    loaded = runtime.active_model()
    assert loaded.model is None and loaded.artifact is None


@pytest.mark.django_db
def test_an_active_version_that_cannot_be_read_falls_back_to_the_shipped_model(
    small_examples: list[Example], caplog: Any
) -> None:
    version = train_version(bootstrap=False, staff=False, examples=small_examples).version
    path = runtime.artifact_path(version.artifact)
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")  # not the file trained: its SHA-256 differs
    runtime.forget()
    loaded = runtime.active_model()
    assert loaded.artifact == runtime.SHIPPED and loaded.model is not None
    assert "SHA-256" in caplog.text
    _, pk = runtime.current_triage()
    assert pk is None  # a suggestion never names the version it did not come from


@pytest.mark.django_db
def test_without_a_shipped_model_a_fresh_home_has_the_rules(settings: Any) -> None:
    settings.REDRESS_TRIAGE_SHIPPED_MODEL = ""
    assert runtime.active_model().model is None


@pytest.mark.parametrize(
    "args",
    [("train", "--bootstrap"), ("train",), ("versions",), ("activate", "1"), ("evaluate", "x", "--version", "1")],
)
def test_a_triage_command_on_a_home_not_yet_migrated_says_to_migrate(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Asked before any work (training would take minutes first); predict alone needs no database."""
    gold = tmp_path / "x"
    gold.write_text('{"text": "信用卡被盗刷", "business": "bank_card"}\n', encoding="utf-8")
    result = run(tmp_path / "home", "triage", *[str(gold) if a == "x" else a for a in args])
    assert result.returncode == 2, result.stderr
    assert "run `redress migrate` first" in result.stderr
    assert "Traceback" not in result.stderr and "Training" not in result.stderr
