"""Train on a small in-test set → save → load → predict, with explanations and metadata."""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import sklearn
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.feature_extraction.text import TfidfVectorizer

from redress.triage import runtime
from redress.triage.ml.engine import NO_MODEL_NOTE, Triage, _product_applies
from redress.triage.ml.examples import Example, examples_hash
from redress.triage.ml.features import analyze
from redress.triage.ml.fitting import train_model
from redress.triage.ml.language import detect_language, normalize
from redress.triage.ml.lexicon import cues
from redress.triage.ml.triage_model import TriageModel
from redress.triage.rules import default_ruleset
from redress.triage.taxonomy import FLAGS
from redress.triage.training import train_version


def test_a_model_survives_a_round_trip_and_predicts_with_reasons(small_examples: list[Example], tmp_path: Path) -> None:
    model = train_model(small_examples, metadata={"version": 7})
    path = tmp_path / "m.npz"
    sha = model.save(path)
    assert len(sha) == 64 and path.stat().st_size < 5_000_000

    loaded = TriageModel.load(path)
    assert loaded.version == 7
    assert loaded.max_chars == model.max_chars == 1_000  # the model reads the start of a text
    assert loaded.heads.keys() == model.heads.keys()
    meta = loaded.metadata
    assert meta["sklearn_version"] == sklearn.__version__
    assert meta["training_data_sha256"] == examples_hash(small_examples)
    assert set(meta["labels"]["business"]) == {"bank_card", "loan", "payment"}
    assert set(meta["labels"]["product"]) == {"Credit card", "Mortgage"}

    triage = Triage(loaded, default_ruleset())
    zh = triage.predict("我的信用卡被盗刷了，要求赔偿")
    assert zh.business == "bank_card"
    assert zh.product is None  # CFPB products are for English text
    assert zh.language == "zh-hans"
    assert zh.urgent and "fraud" in zh.flags
    assert zh.explanation["model"] == "v7"
    assert any(r["flag"] == "fraud" for r in zh.explanation["rules"])
    assert zh.explanation["terms"]["business"]  # the n-grams behind the business line
    assert 0 < zh.confidence <= 1

    en = triage.predict("The mortgage servicer lost my escrow payment and charged a late fee.")
    assert en.product == "Mortgage"
    assert en.business == "loan"
    assert en.explanation["terms"]["product"]

    question = triage.predict("请问手机银行转账限额怎么调整？")
    assert question.business == "payment"
    assert question.is_complaint is False
    assert question.urgent is False and question.flags == []


def test_predictions_in_a_batch_equal_one_by_one(small_examples: list[Example]) -> None:
    triage = Triage(train_model(small_examples, metadata={"version": 1}), default_ruleset())
    texts = ["转账失败但钱被扣了", "My credit card was charged twice.", "房貸利率被調高", "", "请问年费怎么减免？"]
    batch = triage.predict_many(texts)
    assert [s.as_json() for s in batch] == [triage.predict(t).as_json() for t in texts]


# --- The plain per-row reading of a model, the reference `predict_many`'s batch reading is held to --------


@dataclass
class HeadOutput:
    """One head's answer for one text."""

    label: str | bool | list[str] | None
    probability: float
    probabilities: dict[str, float] = field(default_factory=dict)
    column: int = -1  # the output column whose weights explain the answer (-1: none)
    sign: float = 1.0


def _output(model: TriageModel, logits: Any, row: int, head_name: str) -> HeadOutput | None:
    """One head's answer for one row, from that row's probabilities."""
    probabilities = model.probabilities(logits[row : row + 1], head_name)
    if probabilities is None:
        return None
    p = probabilities[0].tolist()
    head = model.heads[head_name]
    if head.kind == "multiclass":
        best = max(range(len(p)), key=p.__getitem__)
        return HeadOutput(head.classes[best], p[best], dict(zip(head.classes, p, strict=True)), head.start + best)
    if head.kind == "binary":
        positive = p[0] >= 0.5
        return HeadOutput(
            positive, p[0] if positive else 1 - p[0], {"true": p[0]}, head.start, 1.0 if positive else -1.0
        )
    return HeadOutput(None, max(p, default=0.0), dict(zip(head.classes, p, strict=True)))


def _top_terms(model: TriageModel, x: Any, row: int, column: int, *, sign: float = 1.0, k: int = 5) -> list[str]:
    """The n-grams of this text that pushed output `column` the most (in the direction `sign`)."""
    n = x.shape[0]
    return model.top_terms_many(x, [column if r == row else -1 for r in range(n)], [sign] * n, k=k)[row]


def _plain_answer(triage: Triage, text: str) -> dict[str, object]:
    """One text's answer read off the model the plain way: `_output` and `_top_terms` per head (what
    `predict_many` reads for a whole batch at once)."""

    model = triage.model
    assert model is not None
    x = model.transform([text[: model.max_chars]])
    logits = model.scores(x)
    out = {name: _output(model, logits, 0, name) for name in model.heads}
    language = detect_language(text)
    hits = triage.rules.match(text)
    business, complaint, urgent_out, flag_out = out["business"], out["is_complaint"], out["urgent"], out.get("flags")
    product = out["product"] if _product_applies(language, text) else None
    assert business and complaint and urgent_out
    flag_p = flag_out.probabilities if flag_out else {}
    model_flags = {f for f, p in flag_p.items() if p >= triage.thresholds.flag}
    p_urgent = urgent_out.probabilities["true"]
    urgent = bool(hits or model_flags) or p_urgent >= triage.thresholds.urgent
    terms: dict[str, list[str]] = {}
    scores: dict[str, object] = {}
    confidences = []
    for name, o in (("business", business), ("product", product), ("is_complaint", complaint)):
        if o is not None:
            scores[name] = round(o.probabilities["true"] if name == "is_complaint" else o.probability, 3)
            confidences.append(o.probability)
            terms[name] = _top_terms(model, x, 0, o.column, sign=o.sign)
    heads = model.heads
    rule_flags = {h.flag for h in hits}
    if "flags" in heads:
        for i, flag in enumerate(heads["flags"].classes):
            if flag in model_flags and flag not in rule_flags:
                terms[f"flag:{flag}"] = _top_terms(model, x, 0, heads["flags"].start + i, k=3)
        scores["flags"] = {f: round(p, 3) for f, p in flag_p.items() if p >= 0.2}
    scores["urgent"] = round(p_urgent, 3)
    if urgent:
        terms["urgent"] = _top_terms(model, x, 0, heads["urgent"].start)
    if rule_flags:
        confidences.append(max(p_urgent, 0.9))
    elif urgent:
        confidences.append(max(p_urgent, max((flag_p[f] for f in model_flags), default=0.0)))
    else:
        confidences.append(1.0 - p_urgent)
    return {
        "id": None,
        "business": business.label,
        "product": product.label if product else None,
        "is_complaint": complaint.label,
        "urgent": urgent,
        "flags": [f for f in FLAGS if f in rule_flags or f in model_flags],
        "confidence": round(min(confidences), 3),
        "explanation": {
            "language": language,
            "model": f"v{model.version}",
            "rules": [h.as_dict() for h in hits],
            "terms": {k: v for k, v in terms.items() if v},
            "scores": scores,
        },
    }


@pytest.mark.parametrize("with_flags", [False, True])
def test_the_batch_reads_each_head_as_the_plain_way_does(small_examples: list[Example], with_flags: bool) -> None:
    flagged = [
        Example(text, is_complaint=True, urgent=True, flags=[flag])
        for flag, texts in (
            ("fraud", ["卡被盗刷", "账户被盗", "有人冒用我的身份", "my card was stolen and used", "scam charges"]),
            ("legal", ["我要起诉你们", "律师函已寄出", "I will sue", "my lawyer will call", "法院见"]),
        )
        for text in texts
    ]
    examples = small_examples + (flagged if with_flags else [])
    triage = Triage(train_model(examples, metadata={"version": 3}), default_ruleset())
    assert ("flags" in triage.model.heads) is with_flags  # type: ignore[union-attr]
    texts = [e.text for e in small_examples] + [
        "转账失败但钱被扣了，我要起诉，还要找记者",
        "My credit card was charged twice and I will contact my attorney and the CFPB.",
        "房貸利率被調高",
        "",
        "请问年费怎么减免？",
        "I am 78 years old and someone stole $12,000 from my account.",
    ]

    answers = [s.as_json() for s in triage.predict_many(texts)]
    # as JSON text: the same keys in the same order, the same numbers
    assert [json.dumps(a) for a in answers] == [json.dumps(_plain_answer(triage, t)) for t in texts]


def test_the_rules_read_a_whole_long_letter_while_the_model_reads_its_start(small_examples: list[Example]) -> None:
    triage = Triage(train_model(small_examples, metadata={"version": 1}), default_ruleset())
    letter = "The mortgage servicer lost my escrow payment. " * 40 + "I will report you to the CFPB."
    assert len(letter) > 1_000
    suggestion = triage.predict(letter)
    assert "regulator" in suggestion.flags  # the rule saw the last sentence
    assert suggestion.product == "Mortgage"


def test_without_a_model_the_rules_still_flag_and_the_explanation_says_so() -> None:
    s = Triage(None, default_ruleset()).predict("我母亲82岁，信用卡被盗刷了6万元")
    assert s.business == "bank_card"
    assert s.flags == ["fraud", "vulnerable", "large_amount"]
    assert s.urgent is True
    assert s.product is None
    assert s.explanation["note"] == NO_MODEL_NOTE
    assert s.model_version is None


def test_other_draws_of_the_narratives_train_the_product_head_alone(small_examples: list[Example]) -> None:
    # The English texts stand for the first draw of the capped CFPB narratives; a second draw holds
    # other narratives of the same products, with the product label alone.
    first = [replace(e, draw=0) if e.product else e for e in small_examples]
    second = [
        Example(text=f"{e.text} They did it again this month.", product=e.product, draw=1)
        for e in small_examples
        if e.product
    ]
    plain, bagged = train_model(first), train_model(first + second)
    assert examples_hash(first) != examples_hash(small_examples)  # which draw a text is in is training data too
    assert bagged.metadata["training_data_sha256"] == examples_hash(first + second)
    assert bagged.metadata["counts"]["product_draws"] == 2 and "product_draws" not in plain.metadata["counts"]
    assert bagged.metadata["other_draws"] == len(second) and bagged.metadata["examples"] == len(first)
    for head in ("business", "product", "is_complaint", "urgent"):  # each head's rows: the second draw adds none
        assert bagged.metadata["counts"][head] == plain.metadata["counts"][head]
    assert "#<aga" in bagged.terms and "#<aga" not in plain.terms  # the vocabulary knows every draw's words ("again")
    product = bagged.heads["product"]
    assert bagged.weights[:, product.start : product.stop].any()
    triage = Triage(bagged, default_ruleset())
    assert triage.predict("The mortgage servicer lost my loan modification papers.").product == "Mortgage"


def test_training_refuses_an_empty_set() -> None:
    with pytest.raises(ValueError):
        train_model([])


def test_the_fast_transform_equals_scikit_learns(small_examples: list[Example]) -> None:
    texts = [e.text for e in small_examples]
    vec = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, dtype=np.float32).fit(texts)
    terms = [str(t) for t in vec.get_feature_names_out()]
    model = TriageModel(terms, vec.idf_, np.zeros((len(terms), 1)), np.zeros(1), {}, {}, cue_scale=1.0)
    probe = [
        *texts,
        "完全没见过的字词 and unseen words",
        "",
        "My credit card was charged twice; credit card fees again. XXXX XX/XX/XXXX don't card credit card",
        "credit",  # one word: no pair
        "card mortgage 信用卡 mortgage servicer unseenword card",
    ]
    assert np.allclose(model.transform(probe).toarray(), vec.transform(probe).toarray(), atol=1e-6)


def _plain_analyze(text: str) -> list[str]:
    """The features of a text, written the plain way (what `features.analyze` computes faster)."""

    t = normalize(text)
    features: list[str] = []
    for run in re.findall(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+", t):
        features += list(run) + [run[i : i + 2] for i in range(len(run) - 1)]
        features += [run[i : i + 3] for i in range(len(run) - 2)]
    words = [w for w in re.findall(r"[a-z][a-z']*[a-z]", t) if w.strip("x")]  # CFPB's XXXX scrubbing left out
    features += words + [f"{a} {b}" for a, b in pairwise(words)] + cues(words)
    for word in {w for w in words if len(w) > 3}:
        padded = f"<{word}>"
        features += [f"#{padded[i : i + 4]}" for i in range(len(padded) - 3)]
    return features


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "xx",
                "XXXX",
                "x",
                "x'",
                "'",
                "credit",
                "card",
                "car",
                "loan",
                "dealer",
                "debt",
                "settlement",
                "信用卡",
                "盜刷",
                "don't",
                "a",
                "$",
                "/",
                " ",
                " ",
                ".",
                "\n",
            ]
        ),
        max_size=30,
    ).map("".join)
)
def test_the_analyzer_gives_the_features_written_the_plain_way(text: str) -> None:
    assert Counter(analyze(text)) == Counter(_plain_analyze(text))


@pytest.mark.django_db(transaction=True)
def test_a_web_process_loads_the_active_model_at_start_in_the_background(small_examples: list[Example]) -> None:
    version = train_version(bootstrap=False, staff=False, examples=small_examples).version
    runtime.forget()
    runtime.warm_in_background().join(timeout=60)
    loaded = runtime._state.loaded
    assert loaded is not None and loaded.pk == version.pk and loaded.model is not None


def test_a_process_forked_while_the_model_loads_gets_a_lock_of_its_own() -> None:
    with runtime._state.lock:  # as if the start-up load were running when the server forks
        pid = os.fork()
        if pid == 0:  # the child: the lock must be free
            os._exit(0 if runtime._state.lock.acquire(timeout=5) else 1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
