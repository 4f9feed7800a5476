"""How the safety route reads one text: the vocabulary, then the second reading.

Kept apart from the models so the benchmark (``bench/safety_recall.py``) measures exactly what the
product does, without a database.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scrutiny.voice import learned
from scrutiny.voice.matching import read
from scrutiny.voice.vocabulary import Addition, match, shipped

#: The id of a match from the partnership's own words begins so.
LOCAL_PREFIX = "local:"

#: How a match was found, as shown to staff beside it.
FOUND_BY_VOCABULARY = "vocabulary"
FOUND_BY_MODEL = "model"
#: A shipped vocabulary match the second reading read as ordinary: kept, not flagged.
CLEARED = "cleared"


def read_message(text: str, additions: Sequence[Addition] = ()) -> list[dict[str, Any]]:
    """What one text suggests: each vocabulary match (cleared when the second reading is all but
    certain the text is ordinary and the match is not the partnership's own), or, when there is no
    match, the second reading's flag with its likeliest category and the words that weighed most."""
    vocabulary = shipped()
    if not text.strip():
        return []
    hits = match(text, additions)
    reading = learned.shipped().read(text, read(text, vocabulary.lexicon))
    if hits:
        own = any(hit.rule.id.startswith(LOCAL_PREFIX) for hit in hits)
        found_by = CLEARED if reading.clears and not own else FOUND_BY_VOCABULARY
        # Several entries often match the same words: each category and words once.
        seen = dict.fromkeys((hit.rule.category, hit.words) for hit in hits)
        return [
            {"category": category, "label": vocabulary.label(category), "words": words, "found_by": found_by}
            for category, words in seen
        ]
    if not reading.flagged:
        return []
    return [
        {
            "category": reading.category,
            "label": vocabulary.label(reading.category),
            "words": reading.words,
            "found_by": FOUND_BY_MODEL,
        }
    ]


def flagged(text: str, additions: Sequence[Addition] = ()) -> bool:
    """Whether the text alone would make a submission a concern."""
    return any(found["found_by"] != CLEARED for found in read_message(text, additions))
