"""The partnership's own safety words: adding one, removing one, and refusing to remove the shipped
vocabulary. Used by the vocabulary page and the API alike."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from scrutiny.partnerships.models import Partnership
from scrutiny.voice.models import SafetyTerm
from scrutiny.voice.safety import additions_of
from scrutiny.voice.vocabulary import addition_pattern, match, shipped

#: Words too common to be a safety word on their own: a phrase made only of these would flag
#: nearly every message, and the page would stop meaning anything.
TOO_COMMON = frozenset(
    [
        "a",
        "an",
        "and",
        "the",
        "i",
        "me",
        "my",
        "you",
        "your",
        "we",
        "us",
        "he",
        "she",
        "it",
        "they",
        "them",
        "is",
        "am",
        "are",
        "was",
        "were",
        "be",
        "to",
        "of",
        "in",
        "on",
        "at",
        "for",
        "with",
        "not",
        "no",
        "yes",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "this",
        "that",
        "there",
        "here",
        "so",
        "but",
        "or",
        "if",
    ]
)
MAX_WORDS = 8


def safety_term_add(*, partnership: Partnership, phrase: str, category: str, note: str, person: Any) -> SafetyTerm:
    """Add a word or phrase; it takes effect for the next message, in every process."""
    vocabulary = shipped()
    if category not in vocabulary.categories:
        raise ValidationError({"category": "Choose what the word or phrase suggests."})
    words = addition_pattern(phrase).split()
    if not words:
        raise ValidationError({"phrase": "Type a word or phrase, using letters or numbers."})
    if len(words) > MAX_WORDS:
        raise ValidationError(
            {"phrase": f"Use at most {MAX_WORDS} words: a shorter phrase finds more ways of saying it."}
        )
    if all(word in TOO_COMMON for word in words):
        raise ValidationError(
            {"phrase": f"“{phrase.strip()}” is too common on its own: it would flag almost every message."}
        )
    normalised = " ".join(words)
    if SafetyTerm.objects.filter(partnership=partnership, phrase__iexact=normalised).exists():
        raise ValidationError({"phrase": f"“{normalised}” is already one of the partnership's words."})
    already = match(normalised, additions_of(partnership))
    if already:
        labels = ", ".join(dict.fromkeys(vocabulary.label(hit.rule.category) for hit in already))
        raise ValidationError({"phrase": f"“{normalised}” is already read as a risk ({labels}): nothing to add."})
    with transaction.atomic():
        return SafetyTerm.objects.create(
            partnership=partnership, phrase=normalised, category=category, note=note.strip()[:300], added_by=person
        )


def safety_word_remove(*, partnership: Partnership, entry: str) -> SafetyTerm:
    """Remove one of the partnership's own words. The shipped vocabulary is refused: it is the floor
    every partnership keeps, changed only by a new version of the file."""
    if entry in shipped().entry_ids():
        raise ValidationError(
            "The shipped vocabulary cannot be removed here: every partnership keeps it. "
            "Only words your partnership added can be removed."
        )
    if not entry.startswith("local:") or not entry.removeprefix("local:").isdigit():
        raise ValidationError(f"There is no safety word {entry!r} to remove.")
    term = SafetyTerm.objects.filter(partnership=partnership, pk=int(entry.removeprefix("local:"))).first()
    if term is None:
        raise ValidationError(f"There is no safety word {entry!r} to remove.")
    term.delete()
    return term
