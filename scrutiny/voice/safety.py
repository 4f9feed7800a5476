"""The safety route's rule: when a submission is a safety concern.

A submission is a concern when the person says they do not feel safe or are not sure (whatever
their words), when its words match the safety vocabulary (the shipped, versioned file
``data/safety-vocabulary.yaml``, read by ``matching.py``, and the partnership's own additions), or
when the second reading (``learned.py``, a model trained on labelled messages) finds what the
vocabulary did not. Either way a person reads it now; the rule never decides anything else.
Nothing a person writes (a "not", a "don't") takes a match away. The second reading clears a
shipped vocabulary match only when it is all but certain the message is ordinary ("my mum will
kill me when she sees my report"; see ``learned.py``), never the partnership's own words, and the
cleared match stays on the record for the person who reads feedback.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from scrutiny.partnerships.models import Partnership
from scrutiny.voice import learned
from scrutiny.voice.models import FeelsSafe, SafetyTerm
from scrutiny.voice.reading import CLEARED, LOCAL_PREFIX, read_message
from scrutiny.voice.vocabulary import Addition, shipped

#: Numbers shown to everyone who may need help now. Childline: NSPCC, https://www.childline.org.uk
#: (free, 24 hours). 999 for an emergency.
EMERGENCY = "999"
CHILDLINE = "0800 1111"


@dataclass(frozen=True)
class Concern:
    """Why a submission is a safety concern; empty (falsy) when it is not."""

    reasons: list[str] = field(default_factory=list)
    #: Each match: its category, the category's label and the words as written.
    matches: list[dict[str, Any]] = field(default_factory=list)
    vocabulary_version: str = ""

    def __bool__(self) -> bool:
        return bool(self.reasons)

    @property
    def categories(self) -> list[str]:
        return list(dict.fromkeys(m["category"] for m in self.matches if m["found_by"] != CLEARED))

    @property
    def summary(self) -> str:
        return "; ".join(self.reasons)


def additions_of(partnership: Partnership) -> list[Addition]:
    """The partnership's own safety words, read afresh for every message: an addition takes
    effect at once in every process."""
    return [
        Addition(f"{LOCAL_PREFIX}{term.pk}", term.category, term.phrase)
        for term in SafetyTerm.objects.filter(partnership=partnership)
    ]


def version() -> str:
    """The vocabulary's and the model's versions, kept with each submission they read."""
    return f"{shipped().version}; model {learned.shipped().version}"


def assess(*, partnership: Partnership, feels_safe: str, texts: list[str]) -> Concern:
    """Whether what was sent is a safety concern, and why."""
    reasons = []
    if feels_safe == FeelsSafe.NO:
        reasons.append("says they do not feel safe")
    elif feels_safe == FeelsSafe.NOT_SURE:
        reasons.append("is not sure they feel safe")
    matches: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    additions = additions_of(partnership)
    for text in texts:
        for found in read_message(text, additions):
            key = (found["category"], found["words"].lower())
            if key not in seen:
                seen.add(key)
                matches.append(found)
    flagged = [m for m in matches if m["found_by"] != CLEARED]
    if flagged:
        labels = list(dict.fromkeys(m["label"].lower() for m in flagged))
        reasons.append("words that suggest " + ", ".join(labels))
    return Concern(reasons, matches, version())
