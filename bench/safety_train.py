"""Train the safety route's second reading (``scrutiny/voice/data/safety-model.json``).

    uv run --group train python bench/safety_train.py            # train, check and write the model
    uv run --group train python bench/safety_train.py --dry-run  # only print the cross-validated figures

scikit-learn fits the model here, at development time; the product reads the weights it writes
with plain Python (``scrutiny/voice/learned.py``) and needs no machine-learning library. Two
models are fitted on the same features (``learned.features``):

* **flag**: risk or ordinary, logistic regression over TF-IDF. Ordinary messages with
  risky-looking words count three times, because a false alarm there is the costly mistake the
  model is most likely to make. Its threshold is the lowest that keeps the model's own false
  alarms, cross-validated set by set, within ``MODEL_ALONE_*`` below.
  Below ``clears_below`` the model is all but certain a message is ordinary and clears a shipped
  vocabulary match: the highest of ``CLEARS_BELOW`` at which, cross-validated, no risk message the
  vocabulary matched would have been cleared.
* **category**: which of the vocabulary's categories a flagged message most suggests, over the
  presence of stems and pairs of stems only, weights under ``CATEGORY_WEIGHT_AT_LEAST`` dropped to keep the file small.

Only sets listed in ``TRAINING_SETS`` are read. A blind set joins the list only after it has been
measured once (``bench/safety_recall.py --set NAME``): training on a set spends it as a measure.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scrutiny.voice import learned
from scrutiny.voice.matching import read
from scrutiny.voice.vocabulary import match, shipped

SETS = Path(__file__).with_name("safety")
#: Sets already spent as measures (or written for training). Never a set not yet measured.
TRAINING_SETS = (
    "tuning",
    "holdout",
    "dev",
    "dev2",
    "dev3",
    "dev4",
    "dev5",
    "dev6",
    "dev7",
    "dev8",
    "dev9",
    "blind-a",
    "blind-b",
    "blind-c",
    "blind-d",
    "train-a",
    "train-b",
)
MODEL_VERSION = "1"
FLAG_C = 4.0
RISKY_LOOKING_WEIGHT = 3.0
#: The model's own false alarms allowed, cross-validated: the vocabulary's are added to them.
MODEL_ALONE_RISKY_LOOKING_AT_MOST = 0.04
MODEL_ALONE_EVERYDAY_AT_MOST = 0.02
THRESHOLDS = tuple(round(0.5 + 0.05 * step, 2) for step in range(10))
#: Likelihoods below which the model may clear a vocabulary match; training takes the highest that
#: cleared no risk message, cross-validated.
CLEARS_BELOW = (0.01, 0.02, 0.03, 0.04, 0.05)
CATEGORY_C = 4.0
CATEGORY_WEIGHT_AT_LEAST = 0.3
#: Messages whose probability is written into the model, so a test can prove the product's plain
#: Python reading gives what scikit-learn gave.
CHECK_TEXTS = (
    "i dont want to be alive anymore",
    "no one would miss me if i was gone",
    "the cupboards are always empty and nobody comes to parents evening",
    "my stepdad says hell hurt me if i tell",
    "my social worker is kind and listens to me",
    "i killed it in my exams",
    "the youth club is great but the bus is always late",
    "he keeps asking me for pics and says hell send them to everyone",
)


def _load() -> list[dict[str, Any]]:
    rows = []
    lexicon = shipped().lexicon
    for name in TRAINING_SETS:
        path = SETS / f"{name}.yaml"
        if not path.exists():
            print(f"(no {path.name}: skipped)")
            continue
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for kind in ("risk", "ordinary"):
            for category, items in data[kind].items():
                for text in items:
                    tokens = read(str(text), lexicon)
                    rows.append(
                        {
                            "set": name,
                            "risk": kind == "risk",
                            "category": category,
                            "features": learned.feature_names(tokens),
                            "matched": bool(match(str(text))),
                        }
                    )
    return rows


def _identity(features: list[str]) -> list[str]:
    return features


def _fit_flag(rows: list[dict[str, Any]]) -> tuple[TfidfVectorizer, LogisticRegression]:
    vectoriser = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, min_df=2)
    matrix = vectoriser.fit_transform([r["features"] for r in rows])
    weights = np.array([RISKY_LOOKING_WEIGHT if r["category"] == "risky_looking" else 1.0 for r in rows])
    model = LogisticRegression(C=FLAG_C, max_iter=5000, class_weight="balanced")
    model.fit(matrix, np.array([r["risk"] for r in rows]), sample_weight=weights)
    return vectoriser, model


def _cross_validated(rows: list[dict[str, Any]]) -> np.ndarray:
    """Each message's probability from a model trained without its whole set (its author)."""
    out = np.zeros(len(rows))
    for name in sorted({r["set"] for r in rows}):
        train = [r for r in rows if r["set"] != name]
        test = [i for i, r in enumerate(rows) if r["set"] == name]
        vectoriser, model = _fit_flag(train)
        out[test] = model.predict_proba(vectoriser.transform([rows[i]["features"] for i in test]))[:, 1]
    return out


def _threshold(rows: list[dict[str, Any]], probability: np.ndarray) -> float:
    category = np.array([r["category"] for r in rows])
    risk = np.array([r["risk"] for r in rows])
    print(f"{'threshold':>9} {'recall':>7} {'risky-looking':>14} {'everyday':>9}  (model alone, by set)")
    chosen = THRESHOLDS[-1]
    for threshold in THRESHOLDS:
        flagged = probability >= threshold
        rl, ev = flagged[category == "risky_looking"].mean(), flagged[category == "everyday"].mean()
        print(f"{threshold:>9.2f} {flagged[risk].mean():>7.1%} {rl:>14.1%} {ev:>9.1%}")
        if rl <= MODEL_ALONE_RISKY_LOOKING_AT_MOST and ev <= MODEL_ALONE_EVERYDAY_AT_MOST and threshold < chosen:
            chosen = threshold
    return chosen


def _clears_below(rows: list[dict[str, Any]], probability: np.ndarray) -> float:
    """The highest likelihood under which clearing a vocabulary match lost no risk message."""
    matched = np.array([r["matched"] for r in rows])
    risk = np.array([r["risk"] for r in rows])
    risky_looking = np.array([r["category"] == "risky_looking" for r in rows])
    chosen = 0.0
    for value in CLEARS_BELOW:
        lost = int((matched & risk & (probability < value)).sum())
        cleared = int((matched & risky_looking & (probability < value)).sum())
        print(
            f"clears below {value:.2f}: risk messages lost {lost} of {int((matched & risk).sum())}, "
            f"false alarms on risky-looking words cleared {cleared} of {int((matched & risky_looking).sum())}"
        )
        if lost == 0:
            chosen = value
        else:
            break
    return chosen


def _fit_category(rows: list[dict[str, Any]]) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    risk = [r for r in rows if r["risk"]]
    # Present or not, unscaled: the product adds up the weights of the features present.
    vectoriser = TfidfVectorizer(analyzer=_identity, binary=True, use_idf=False, norm=None, min_df=2)
    matrix = vectoriser.fit_transform([[f for f in r["features"] if f[0] in "sb"] for r in risk])
    model = LogisticRegression(C=CATEGORY_C, max_iter=5000)
    model.fit(matrix, [r["category"] for r in risk])
    classes = [str(c) for c in model.classes_]
    weights: dict[str, dict[str, float]] = {}
    for name, column in zip(vectoriser.get_feature_names_out(), model.coef_.T, strict=True):
        kept = {classes[i]: round(float(w), 3) for i, w in enumerate(column) if abs(w) >= CATEGORY_WEIGHT_AT_LEAST}
        if kept:
            weights[str(name)] = kept
    intercepts = {c: round(float(b), 3) for c, b in zip(classes, model.intercept_, strict=True)}
    return weights, intercepts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--dry-run", action="store_true", help="print the figures, write nothing")
    args = parser.parse_args()
    rows = _load()
    print(f"{len(rows)} messages from {len({r['set'] for r in rows})} sets")
    probability = _cross_validated(rows)
    threshold = _threshold(rows, probability)
    print(f"threshold chosen: {threshold}")
    clears_below = _clears_below(rows, probability)
    print(f"clears below: {clears_below}")
    vectoriser, model = _fit_flag(rows)
    features = {
        str(name): [round(float(idf), 5), round(float(weight), 5)]
        for name, idf, weight in zip(vectoriser.get_feature_names_out(), vectoriser.idf_, model.coef_[0], strict=True)
    }
    category_weights, category_intercepts = _fit_category(rows)
    data: dict[str, Any] = {
        "about": "The safety route's second reading, trained by bench/safety_train.py on the sets in "
        "bench/safety/ named in it. Synthetic training messages only. Licence: MIT, as the project.",
        "version": MODEL_VERSION,
        "vocabulary_version": shipped().version,
        "trained_messages": len(rows),
        "trained_on": [name for name in TRAINING_SETS if (SETS / f"{name}.yaml").exists()],
        "threshold": threshold,
        "clears_below": clears_below,
        "intercept": round(float(model.intercept_[0]), 5),
        "features": features,
        "categories": {"intercepts": category_intercepts, "weights": category_weights},
    }
    reading = learned.parse(data)
    checks = []
    lexicon = shipped().lexicon
    for text in CHECK_TEXTS:
        tokens = read(text, lexicon)
        expected = float(model.predict_proba(vectoriser.transform([learned.feature_names(tokens)]))[0, 1])
        got = reading.score(tokens)[0]
        # Rounding the weights to five places moves a probability by far less than this.
        assert abs(expected - got) < 1e-3, (text, expected, got)
        checks.append([text, round(got, 6)])
        print(f"{got:6.3f}  {reading.category(tokens):<16} {text}")
    data["checks"] = checks
    print(f"{len(features)} features, {len(category_weights)} category features")
    if not args.dry_run:
        learned.MODEL_FILE.write_text(json.dumps(data, separators=(",", ":"), sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {learned.MODEL_FILE}")


if __name__ == "__main__":
    main()
