"""Which earlier recommendations of this partnership say much the same as a new one.

So that "we said this in 2023" is visible before it is said again, a recommendation being written
is compared with every recommendation the partnership has already made, and the closest are shown
with what became of them.

How, and why this way:

- **TF-IDF with cosine similarity**, written out here. A word scores by how often it appears in a
  recommendation (term frequency, dampened with a logarithm so repetition does not dominate) and
  by how rare it is across the partnership's recommendations (inverse document frequency), so the
  words every recommendation uses ("practitioners", "agencies") count for little and the ones
  that carry the point ("household", "discharge", "escalation") count for a lot. Two texts are
  then as similar as the angle between their word vectors: 1 for the same words in the same
  proportions, 0 for no word in common.
- **Offline, no model and no new dependency.** Recommendations are short, written in the same
  vocabulary by the same few people, and the aim is to catch a repeat, not to understand meaning.
  Word overlap weighted by rarity does that well; a language model would need a download at run
  time (or a large package) for a small gain, and would make results harder to explain.
- **A small stop-word list and light stemming.** The commonest English words, and the words every
  recommendation is built from ("should", "ensure"), are dropped. Plurals and "-ing"/"-ed"
  endings are cut so "sharing information" matches "share information" and "referrals" matches
  "referral". It is deliberately crude: a wrong cut costs a little recall, never a wrong answer.
- **This partnership's recommendations only**: findings describe what happened rather than what
  should change, and another partnership's learning is never shown (nor counted in the weights).

The whole corpus is read for each comparison. A partnership makes tens of recommendations a year,
so this is a few hundred short texts at most: fast enough without an index to keep up to date.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from scrutiny.reviews.models import LearningKind, LearningPoint

if TYPE_CHECKING:
    from scrutiny.partnerships.models import Partnership

_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each either ensure ensures
    few for from further had has have having he her here hers him his how i if in into is it its
    itself just may me might more most must my no nor not now of off on once only or other our ours
    out over own same shall she should so some such than that the their theirs them then there
    these they this those through to too under until up upon very via was we were what when where
    whether which while who whom whose why will with within would you your
"""
#: The commonest English words, and the ones recommendations are built from, which say nothing
#: about what a recommendation is about.
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

#: A few irregular words common in safeguarding recommendations, to their base form.
IRREGULAR = {"children": "child", "people": "person", "men": "man", "women": "woman"}

_WORD = re.compile(r"[a-z]+")
# A doubled final consonant left by a cut ("plann", "referr"); not l, s or z ("call", "miss").
_DOUBLE_CONSONANT = re.compile(r"([bcdfghjkmnprtvw])\1$")


def stem(word: str) -> str:
    """A light suffix-stripper: plurals, then "-ing" or "-ed", else a final "e" (so "share",
    "shared" and "sharing" all become "shar"). Short words are left alone."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for ending in ("ing", "ed"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)]
            # "planned" -> "plann" -> "plan"; "referred" -> "refer".
            if _DOUBLE_CONSONANT.search(word):
                word = word[:-1]
            return word
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


def terms(text: str) -> list[str]:
    """The words of ``text`` that carry meaning, stemmed."""
    return [stem(word) for word in _WORD.findall(text.lower()) if word not in STOP_WORDS and len(word) > 1]


def _weights(counts: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    """A unit-length TF-IDF vector (term frequency dampened by 1 + log)."""
    vector = {term: (1 + math.log(count)) * idf[term] for term, count in counts.items()}
    norm = math.sqrt(sum(value * value for value in vector.values()))
    return {term: value / norm for term, value in vector.items()} if norm else {}


def cosine_scores(query: str, documents: dict[int, str]) -> dict[int, float]:
    """How like ``query`` each of ``documents`` (by key) is, from 0 to 1. The inverse document
    frequencies are taken over the documents and the query together, smoothed so that a word
    every text shares still counts a little."""
    query_counts = Counter(terms(query))
    if not query_counts:
        return dict.fromkeys(documents, 0.0)
    document_counts = {key: Counter(terms(text)) for key, text in documents.items()}
    every = [query_counts, *document_counts.values()]
    frequency: Counter[str] = Counter(term for counts in every for term in counts)
    total = len(every)
    idf = {term: math.log((1 + total) / (1 + seen)) + 1 for term, seen in frequency.items()}
    query_vector = _weights(query_counts, idf)
    scores: dict[int, float] = {}
    for key, counts in document_counts.items():
        vector = _weights(counts, idf)
        score = sum(weight * vector.get(term, 0.0) for term, weight in query_vector.items())
        # Rounding keeps 1.0000000002 out of a score that is at most 1.
        scores[key] = min(1.0, round(score, 6))
    return scores


@dataclass(frozen=True)
class SimilarRecommendation:
    point: LearningPoint
    #: Cosine similarity, from 0 (no word in common) to 1 (the same words).
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def similar_recommendations(
    partnership: Partnership,
    text: str,
    *,
    exclude_pk: int | None = None,
    limit: int = 5,
    threshold: float = 0.15,
) -> list[SimilarRecommendation]:
    """The partnership's recommendations most like ``text``, most similar first: at most
    ``limit``, each scoring at least ``threshold``. ``exclude_pk`` leaves out the recommendation
    being edited. Ties go to the earlier recommendation."""
    candidates = LearningPoint.objects.filter(partnership=partnership, kind=LearningKind.RECOMMENDATION)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    documents = dict(candidates.values_list("pk", "text"))
    if not documents or not text.strip():
        return []
    scores = cosine_scores(text, documents)
    kept = [pk for pk, score in scores.items() if score >= threshold and score > 0]
    if not kept:
        return []
    points = (
        LearningPoint.objects.filter(pk__in=kept)
        .select_related("partnership", "rapid_review__incident", "lcspr", "national_review")
        .in_bulk()
    )
    ranked = sorted(points.values(), key=lambda point: (-scores[point.pk], point.made_on, point.pk))
    return [SimilarRecommendation(point=point, score=scores[point.pk]) for point in ranked[:limit]]
