"""The safety route's second reading: a linear model learned from labelled messages.

The vocabulary (``matching.py``) flags what its patterns describe, and explains itself by the words
that matched. Children also say things no pattern foresaw ("the cupboards are always empty and
nobody comes to parents evening"). A second reading weighs every word of the message against what
thousands of labelled messages taught: each feature of the message (a word's stem, two stems side
by side, three to five letters inside a word) carries a weight; the weights are added up, and a
message whose sum passes the threshold is flagged too.

The model is data, like the vocabulary: ``data/safety-model.json``, versioned, trained by
``bench/safety_train.py`` on the test sets in ``bench/safety/`` that were written for training or
already spent as measures (never on a blind set not yet measured), and read here without any
machine-learning library. Staff see the words that weighed most, so a flag from the model is
explained as plainly as one from the vocabulary.

It adds flags. It takes one away only when it is all but certain the message is ordinary (a
likelihood of risk under ``clears_below``, a few per cent, set by training at the highest value
that cleared no risk message at all when each author's messages were read by a model trained
without them), and only a match from the shipped vocabulary: a partnership's own words and a
"do you feel safe?" answered no or not sure are never cleared. What it clears stays on the record
beside the message ("words that can look like a risk"), for the person who reads feedback.

The features are computed from the message as the vocabulary's reader sees it (``matching.read``:
spellings spelt out, misspellings corrected, word forms by stem), so "kys", "k!ll" and "sucidal"
reach the model as they reach the patterns.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from scrutiny.voice.matching import Token

MODEL_FILE = Path(__file__).with_name("data") / "safety-model.json"

#: Letters inside a word: three to five, with the word's edges marked (as "char_wb" n-grams are).
_CHARS = (3, 5)


def features(tokens: Sequence[Token]) -> list[tuple[str, int]]:
    """The message's features, each with the index of the token it came from (-1: several).

    Stems ("s:kill"), neighbouring stems ("b:kill|myself") and letter runs of each word
    ("c: kil"). The same function feeds training and scoring, so they cannot drift apart.
    """
    out: list[tuple[str, int]] = []
    stems = [t.stem for t in tokens]
    for index, token in enumerate(tokens):
        out.append((f"s:{token.stem}", index))
        padded = f" {token.word} "
        for size in range(_CHARS[0], _CHARS[1] + 1):
            for start in range(0, max(len(padded) - size + 1, 0)):
                out.append((f"c:{padded[start : start + size]}", index))
    for index in range(len(stems) - 1):
        out.append((f"b:{stems[index]}|{stems[index + 1]}", index))
    return out


def feature_names(tokens: Sequence[Token]) -> list[str]:
    return [name for name, _ in features(tokens)]


#: Words too common to explain anything to a reader, left out of the words shown (never out of the
#: reading itself: "he", "me" and "they" carry weight, as who did what to whom does).
_NOT_SHOWN = frozenset(
    """a an the and or but so of to in on at by for with from as is am are was were be been it its this
    that these those there here then than i me my we us our you your he him his she her they them their
    have has had do does did will would can could just really very lol like get got im""".split()  # noqa: SIM905
)
#: Words shown as the reason for a flag from the model: the ones that weighed most.
WORDS_SHOWN = 3


@dataclass(frozen=True)
class Reading:
    """What the model made of a message."""

    probability: float
    flagged: bool
    #: So surely ordinary that a vocabulary match in it is cleared (see ``Model.clears_below``).
    clears: bool
    category: str
    #: The words that weighed most towards a flag, as written, in the message's order.
    words: str


@dataclass(frozen=True)
class Model:
    """A trained model: for each feature its inverse document frequency and weight."""

    version: str
    vocabulary_version: str
    trained_messages: int
    threshold: float
    #: Below this likelihood the model clears a shipped vocabulary match as ordinary ("my mum will
    #: kill me when she sees my report", "we had an assembly about sextortion"). Training sets it
    #: at the highest value that, cross-validated author by author, cleared no risk message at all.
    clears_below: float
    intercept: float
    idf: dict[str, float]
    weight: dict[str, float]
    category_intercepts: dict[str, float]
    category_weights: dict[str, dict[str, float]]
    checks: tuple[tuple[str, float], ...]

    def score(self, tokens: Sequence[Token]) -> tuple[float, list[tuple[int, float]]]:
        """The message's probability of needing a person now, and each token's part in it, most
        first.

        TF-IDF with sublinear term frequency and the vector scaled to length one (as scikit-learn's
        ``TfidfVectorizer(sublinear_tf=True)`` computes it), then the logistic function.
        """
        owners: dict[str, list[int]] = {}
        for name, index in features(tokens):
            if name in self.idf:
                owners.setdefault(name, []).append(index)
        if not owners:
            return _logistic(self.intercept), []
        values = {name: (1 + math.log(len(where))) * self.idf[name] for name, where in owners.items()}
        norm = math.sqrt(sum(v * v for v in values.values()))
        total = self.intercept
        share: dict[int, float] = {}
        for name, value in values.items():
            part = value / norm * self.weight.get(name, 0.0)
            total += part
            for index in owners[name]:
                share[index] = share.get(index, 0.0) + part / len(owners[name])
        return _logistic(total), sorted(share.items(), key=lambda item: -item[1])

    def category(self, tokens: Sequence[Token]) -> str:
        """The category the message most suggests (over stems and pairs of stems; the weights kept
        are the larger ones, so this is a guess to help the reader, never a decision)."""
        names = {name for name, _ in features(tokens) if name[0] in "sb"}
        totals = dict(self.category_intercepts)
        for name in names:
            for category, weight in self.category_weights.get(name, {}).items():
                totals[category] += weight
        return max(sorted(totals), key=lambda category: totals[category])

    def read(self, text: str, tokens: Sequence[Token]) -> Reading:
        probability, shares = self.score(tokens)
        flagged = probability >= self.threshold
        if not flagged:
            return Reading(probability, False, probability < self.clears_below, "", "")
        shown = sorted(
            [i for i, part in shares if part > 0 and tokens[i].word not in _NOT_SHOWN][:WORDS_SHOWN],
        )
        words = " … ".join(text[tokens[i].start : tokens[i].end] for i in shown)
        return Reading(probability, True, False, self.category(tokens), words)


def _logistic(total: float) -> float:
    return 1 / (1 + math.exp(-total))


def parse(data: dict[str, Any]) -> Model:
    features_table: dict[str, list[float]] = data["features"]
    categories = data.get("categories") or {"intercepts": {}, "weights": {}}
    return Model(
        version=str(data["version"]),
        vocabulary_version=str(data["vocabulary_version"]),
        trained_messages=int(data.get("trained_messages", 0)),
        threshold=float(data["threshold"]),
        clears_below=float(data.get("clears_below", 0.0)),
        intercept=float(data["intercept"]),
        idf={name: float(pair[0]) for name, pair in features_table.items()},
        weight={name: float(pair[1]) for name, pair in features_table.items() if pair[1]},
        category_intercepts={str(k): float(v) for k, v in categories["intercepts"].items()},
        category_weights={
            str(name): {str(k): float(v) for k, v in weights.items()} for name, weights in categories["weights"].items()
        },
        checks=tuple((str(text), float(p)) for text, p in data.get("checks", ())),
    )


@cache
def shipped() -> Model:
    return parse(json.loads(MODEL_FILE.read_text(encoding="utf-8")))
