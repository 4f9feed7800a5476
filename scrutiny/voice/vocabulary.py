"""The safety route's vocabulary: the shipped, versioned file and each partnership's own additions.

The shipped file is part of the code (a new version ships with a release), so it is read and
compiled once per process. A partnership's additions are read from the database every time a
message is checked, so an addition takes effect at once in every web process and worker.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from scrutiny.voice.matching import Entry, Hit, Lexicon, PatternError, Rule, compile_rules, find

VOCABULARY_FILE = Path(__file__).with_name("data") / "safety-vocabulary.yaml"


@dataclass(frozen=True)
class Vocabulary:
    """The shipped vocabulary, read and compiled."""

    version: str
    categories: dict[str, str]
    spellings: dict[str, str]
    groups: dict[str, list[str]]
    entries: tuple[Entry, ...]
    rules: tuple[Rule, ...]
    lexicon: Lexicon
    sources: tuple[str, ...]

    def label(self, category: str) -> str:
        return self.categories.get(category, category.replace("_", " ").capitalize())

    def entry_ids(self) -> frozenset[str]:
        return frozenset(entry.id for entry in self.entries)


def entry_id(category: str, pattern: str) -> str:
    """A shipped entry's stable id: its category and its pattern as written."""
    return f"{category}:{pattern}"


def _words_of(patterns: Iterable[str]) -> set[str]:
    words: set[str] = set()
    for pattern in patterns:
        for word in pattern.replace("(", " ").replace(")", " ").replace("|", " ").replace("[", " ").split():
            word = word.strip("]!~*=^")
            if word.isalpha() and not word.startswith("@"):
                words.add(word)
    return words


def parse(data: dict[str, Any]) -> Vocabulary:
    """Read a vocabulary file's contents; PatternError names the entry that cannot be read."""
    categories = {str(k): str(v) for k, v in data["categories"].items()}
    spellings = {str(k): str(v) for k, v in (data.get("spellings") or {}).items()}
    groups = {str(k): [str(o) for o in v] for k, v in (data.get("groups") or {}).items()}
    entries = []
    for category, items in data["entries"].items():
        if category not in categories:
            raise PatternError(f"entries under {category!r}, which is not a category")
        for item in items:
            pattern, also = (item["pattern"], item.get("with", "")) if isinstance(item, dict) else (item, "")
            entries.append(Entry(entry_id(category, str(pattern)), category, str(pattern), str(also)))
    words = _words_of([e.pattern for e in entries] + [e.also for e in entries])
    words |= _words_of(option for options in groups.values() for option in options)
    words |= _words_of(spellings.values())
    # Whole words that misspellings should be read as, where a pattern names them only by a
    # prefix ("suicid*" does not tell the reader that "sucidal" means "suicidal").
    words |= {str(w) for w in data.get("words") or ()}
    rules = compile_rules(entries, groups)
    return Vocabulary(
        version=str(data["version"]),
        categories=categories,
        spellings=spellings,
        groups=groups,
        entries=tuple(entries),
        rules=tuple(rules),
        lexicon=Lexicon(spellings, frozenset(words)),
        sources=tuple(str(s) for s in data.get("sources") or ()),
    )


@cache
def shipped() -> Vocabulary:
    return parse(yaml.safe_load(VOCABULARY_FILE.read_text(encoding="utf-8")))


@dataclass(frozen=True)
class Addition:
    """A partnership's own word or phrase, as the matcher needs it."""

    id: str
    category: str
    phrase: str


def addition_pattern(phrase: str) -> str:
    """A phrase typed by a person, as a pattern: its words in order, each in any form."""
    words = [w for w in "".join(c if c.isalnum() else " " for c in phrase.lower()).split() if w]
    return " ".join(words)


def match(text: str, additions: Sequence[Addition] = ()) -> list[Hit]:
    """Every entry of the shipped vocabulary and of the partnership's additions that ``text``
    matches. The additions' words also become targets for misspellings."""
    vocabulary = shipped()
    rules: Sequence[Rule] = vocabulary.rules
    lexicon = vocabulary.lexicon
    if additions:
        extra = compile_rules(
            [Entry(a.id, a.category, addition_pattern(a.phrase)) for a in additions], vocabulary.groups
        )
        rules = [*rules, *extra]
        lexicon = Lexicon(
            vocabulary.spellings, lexicon.words | _words_of(addition_pattern(a.phrase) for a in additions)
        )
    return find(text, rules, lexicon)
