"""Cross-validation of the triage `product` head on the training data (never on the holdout).

    .venv/bin/python bench/triage_cv.py                 # 4 folds, the current training settings
    .venv/bin/python bench/triage_cv.py --cap 800       # try another CAP_PER_PRODUCT
    .venv/bin/python bench/triage_cv.py --char-grams 4  # English character n-grams of another kind (experiment)
    .venv/bin/python bench/triage_cv.py --own-weight 1  # our own English texts weighted 1 instead of 3
    .venv/bin/python bench/triage_cv.py --cap 200 --sample-seed 1  # another draw of the capped narratives
    .venv/bin/python bench/triage_cv.py --head svc      # another learner for the head (nbsvm, svc, lr)
    .venv/bin/python bench/triage_cv.py --bags 1        # one draw of the capped narratives, not 5 averaged
    .venv/bin/python bench/triage_cv.py --own-recall "Debt or credit management"  # our written texts, held out

The CFPB training narratives (as `bootstrap_examples` labels and caps them) are split into
stratified folds; each fold is predicted by a product head trained on the other folds plus our own
English texts that carry a product (those are never tested on). The head is trained as
`train_model` trains it (same features, cue scale, reading length, learner and C; with `--bags`,
the other draws leave out the fold under test, and their heads' scores are summed where
`train_model` averages temperature-scaled heads), but the vectorizer is fitted on the
product-labelled texts of the fold (and its draws) only, so a run takes about a minute. Prints
macro-F1 over the classes with at least one test narrative, F1 per class and the top confusions.
cfpb_aegis_holdout is excluded by `bootstrap_examples` and not read here.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections import Counter
from collections.abc import Callable
from typing import Any


def _setup() -> None:
    os.environ["REDRESS_HOME"] = tempfile.mkdtemp(prefix="redress-triage-cv-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redress.config.settings")
    import django

    django.setup()


def _payday_report_issue_keys() -> set[str]:
    """Payday/personal-loan narratives whose CFPB Issue is about a credit report (an experiment)."""
    from redress.triage import datasets
    from redress.triage.ml import corpus, public_sets

    keys: set[str] = set()
    for name in ("payday_complaints_2023.csv", "payday_complaints_2025.csv"):
        path = datasets.data_dir() / "cfpb_payday_seunnna" / name
        if path.exists():
            for row in corpus.csv_rows(path):
                if "report" in (row.get("Issue") or "").lower() or "fraud alert" in (row.get("Issue") or "").lower():
                    keys.add(public_sets.text_key(corpus.cfpb_narrative(row)))
    return keys


# Experiments with the English character n-grams (features.char_grams): what each word adds.
CHAR_GRAMS: dict[str, tuple[int, ...] | str] = {
    "3-5": (3, 4, 5),  # the features before FEATURE_VERSION 6
    "none": (),
    "3": (3,),
    "4": (4,),  # the current features
    "5": (5,),
    "3-4": (3, 4),
    "4-5": (4, 5),
    "prefix5": "prefix5",  # the word's first 5 letters (a crude stem), one feature a word
    "prefix5+suffix3": "prefix5+suffix3",
}


def _use_char_grams(kind: str) -> None:
    from redress.triage.ml import features

    spec = CHAR_GRAMS[kind]

    def grams(word: str) -> tuple[str, ...]:
        if spec == "prefix5":
            return (f"#<{word[:5]}",)
        if spec == "prefix5+suffix3":
            return (f"#<{word[:5]}", f"#{word[-3:]}>")
        padded = f"<{word}>"
        return tuple(f"#{padded[i : i + k]}" for k in spec for i in range(len(padded) - k + 1))

    features.char_grams = grams  # type: ignore[assignment]


def _lr(c: float) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c * 10, class_weight="balanced", max_iter=2000)


def _heads() -> dict[str, Callable[[float], Any]]:
    from redress.triage.ml.heads import linear_svc, nb_linear_svc

    return {"svc": linear_svc, "nbsvm": nb_linear_svc, "lr": _lr}


HEADS = ("nbsvm", "svc", "lr")  # the first is what `train_model` uses (TrainingOptions.nb_product)


def _predict(head: str, options: Any, sets: list[list[Any]], texts: list[str]) -> Any:
    """Fit the vectorizer on the first set's texts (then the other sets' not among them), a head on
    each set, and predict `texts` by the heads' summed scores (one set: the head's own answer)."""
    import numpy as np
    from scipy import sparse
    from sklearn.feature_extraction.text import TfidfVectorizer

    from redress.triage.ml.features import analyze
    from redress.triage.ml.fitting import cue_columns, scale_cues

    def rows(chosen: list[str]) -> Any:
        x = sparse.csr_matrix(vectorizer.transform([t[: options.max_chars] for t in chosen]))
        return scale_cues(x, cues, options.cue_scale)

    vectorizer = TfidfVectorizer(
        analyzer=analyze, min_df=options.min_df, max_features=options.max_features, sublinear_tf=True
    )
    base = [e.text[: options.max_chars] for e in sets[0]]
    extra = {e.text[: options.max_chars] for one in sets[1:] for e in one} - set(base)
    vectorizer.fit(base + sorted(extra))
    cues = cue_columns(vectorizer)
    x_test = rows(texts)
    scores: Any = 0
    for one in sets:  # bagging: the average of the heads trained on each draw is one linear head
        model = _heads()[head](options.c_product)
        model.fit(
            rows([e.text for e in one]),
            np.array([e.product for e in one]),
            sample_weight=np.array([e.weight for e in one]),
        )
        scores = scores + model.decision_function(x_test)
    return model.classes_[np.asarray(scores).argmax(axis=1)]


def _bag(pools: dict[str, list[str]], held: set[str], draw: int) -> list[Any]:
    """Another draw of the capped narratives, without the fold under test."""
    from redress.triage.ml import corpus, public_sets
    from redress.triage.ml.examples import Example

    return [
        Example(text=text, product=product, weight=corpus.WEIGHTS["cfpb"], source="cfpb")
        for product, texts in sorted(pools.items())
        for text in public_sets.cfpb_draw(product, [t for t in texts if public_sets.text_key(t) not in held], draw)
    ]


def cross_validate(
    folds: int = 4,
    cap: int | None = None,
    seed: int = 0,
    drop_report_issues: bool = False,
    char_grams: str = "4",
    c: float | None = None,
    own_weight: float | None = None,
    sample_seed: int | None = None,
    cue_scale: float | None = None,
    max_chars: int | None = None,
    head: str = "nbsvm",
    bags: int | None = None,
) -> dict[str, Any]:
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold

    from redress.triage import datasets
    from redress.triage.ml import public_sets
    from redress.triage.ml.fitting import TrainingOptions

    if cap is not None:
        public_sets.CAP_PER_PRODUCT = cap
    if sample_seed is not None:  # another draw of the capped classes' narratives
        public_sets.SEED = sample_seed
    if char_grams != "4":
        _use_char_grams(char_grams)
    options = TrainingOptions()
    if c is not None:
        options.c_product = c
    if cue_scale is not None:
        options.cue_scale = cue_scale
    if max_chars is not None:
        options.max_chars = max_chars
    dropped = _payday_report_issue_keys() if drop_report_issues else set()
    bags = public_sets.PRODUCT_DRAWS if bags is None else bags
    examples = [e for e in datasets.bootstrap_examples()[0] if not e.draw]  # draw 0: the other draws are `bags`
    pools = (
        public_sets.cfpb_pools(datasets.data_dir(), public_sets.holdout_keys(datasets.data_dir())) if bags > 1 else {}
    )
    cfpb = [e for e in examples if e.source == "cfpb" and e.product]
    own = [e for e in examples if e.source != "cfpb" and e.product]
    if own_weight is not None:  # our own English texts' weight (corpus.WEIGHTS["own"]) for this run
        for e in own:
            e.weight = own_weight
    labels = np.array([e.product for e in cfpb])
    counts = Counter(labels.tolist())
    testable = np.array([counts[label] >= folds for label in labels])  # too rare to split: always trained on
    always = [e for e, t in zip(cfpb, testable, strict=True) if not t] + own
    tested = [e for e, t in zip(cfpb, testable, strict=True) if t]
    y = np.array([e.product for e in tested])
    predicted = np.empty(len(tested), dtype=object)
    for train, test in StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(y)), y):
        fit_on = [tested[i] for i in train] + always
        if drop_report_issues:  # left out of training only; still tested on
            fit_on = [e for e in fit_on if public_sets.text_key(e.text) not in dropped]
        held = {public_sets.text_key(tested[i].text) for i in test}
        sets = [fit_on] + [_bag(pools, held, b) + always for b in range(1, bags)]
        predicted[test] = _predict(head, options, sets, [tested[i].text for i in test])
    classes = sorted(set(y.tolist()))
    per_class = f1_score(y, predicted.astype(str), labels=classes, average=None)
    return {
        "folds": folds,
        "cap": public_sets.CAP_PER_PRODUCT,
        "tested": len(tested),
        "macro_f1": round(float(np.mean(per_class)), 4),
        "accuracy": round(float(np.mean(predicted.astype(str) == y)), 4),
        "per_class": {c: {"f1": round(float(f), 3), "n": counts[c]} for c, f in zip(classes, per_class, strict=True)},
        "untested": {c: n for c, n in sorted(counts.items()) if n < folds},
        "char_grams": char_grams,
        "c": options.c_product,
        "own_weight": own[0].weight if own else None,
        "sample_seed": public_sets.SEED,
        "cue_scale": options.cue_scale,
        "max_chars": options.max_chars,
        "head": head,
        "bags": bags,
        "confusions": Counter(
            (str(gold), str(guess)) for gold, guess in zip(y, predicted, strict=True) if gold != guess
        ).most_common(12),
    }


def own_recall(product: str, folds: int = 4, seed: int = 0, head: str = "nbsvm") -> dict[str, Any]:
    """How well the head finds our own written texts of `product` when they are held out (4 folds).

    Set beside the holdout's recall of that product, it tells whether written texts stand for the
    real narratives: the head trained on everything else, plus the other folds of our texts.
    """
    from sklearn.model_selection import KFold

    from redress.triage import datasets
    from redress.triage.ml.fitting import TrainingOptions

    options = TrainingOptions()
    examples = [e for e in datasets.bootstrap_examples()[0] if e.product and not e.draw]
    ours = [e for e in examples if e.source != "cfpb" and e.product == product]
    rest = [e for e in examples if not (e.source != "cfpb" and e.product == product)]
    predicted: list[str] = []
    for train, test in KFold(folds, shuffle=True, random_state=seed).split(ours):
        fit_on = rest + [ours[i] for i in train]
        predicted.extend(str(p) for p in _predict(head, options, [fit_on], [ours[i].text for i in test]))
    found = Counter(predicted)
    return {"product": product, "texts": len(ours), "recall": round(found[product] / len(ours), 3), "as": found}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=4)
    parser.add_argument("--cap", type=int, default=None, help="CAP_PER_PRODUCT for this run")
    parser.add_argument("--seed", type=int, default=0, help="how the folds are drawn")
    parser.add_argument(
        "--drop-report-issues", action="store_true", help="train without payday narratives whose Issue is a report"
    )
    parser.add_argument("--char-grams", choices=sorted(CHAR_GRAMS), default="4", help="English character n-grams")
    parser.add_argument("--c", type=float, default=None, help="C of the product head (default: TrainingOptions)")
    parser.add_argument("--own-weight", type=float, default=None, help="weight of our own texts (default 3)")
    parser.add_argument("--sample-seed", type=int, default=None, help="draw the capped narratives with this seed")
    parser.add_argument("--cue-scale", type=float, default=None, help="weight of the product cue features")
    parser.add_argument("--max-chars", type=int, default=None, help="how much of a text the model reads")
    parser.add_argument("--head", choices=HEADS, default="nbsvm", help="the product head's learner")
    parser.add_argument("--bags", type=int, default=None, help="heads on this many draws, averaged (default 5)")
    parser.add_argument("--own-recall", metavar="PRODUCT", help="instead: recall of our own texts of PRODUCT, held out")
    args = parser.parse_args()
    _setup()
    if args.own_recall:
        mine = own_recall(args.own_recall, args.folds, args.seed, args.head)
        print(f"our {mine['texts']} texts of {mine['product']}, held out: recall {mine['recall']}; {dict(mine['as'])}")
        return
    result = cross_validate(
        args.folds,
        args.cap,
        args.seed,
        args.drop_report_issues,
        args.char_grams,
        args.c,
        args.own_weight,
        args.sample_seed,
        args.cue_scale,
        args.max_chars,
        args.head,
        args.bags,
    )
    print(
        f"char grams {result['char_grams']}, C {result['c']}, own weight {result['own_weight']}, "
        f"cap {result['cap']}, sample seed {result['sample_seed']}, cue scale {result['cue_scale']}, "
        f"max chars {result['max_chars']}, head {result['head']}, bags {result['bags']}: "
        f"product macro-F1 {result['macro_f1']} "
        f"accuracy {result['accuracy']} on {result['tested']} narratives"
    )
    for name, row in result["per_class"].items():
        print(f"  {row['f1']:.3f}  n={row['n']:<5} {name}")
    print("  most confused (gold → predicted):")
    for (gold, guess), n in result["confusions"]:
        print(f"    {n:>3}  {gold[:40]} → {guess[:40]}")
    if result["untested"]:
        print("  always trained on (too few to test):", result["untested"])


if __name__ == "__main__":
    main()
