"""Reading what children write: the safety route's matcher.

Children and young people write without apostrophes or capitals, misspell, use text speak and
slang, and say things indirectly. A bare substring list misses most of that, so a message is read
in four steps before the vocabulary's patterns are tried:

1. **Normalise**: lower case, curly quotes and apostrophes dropped ("don't" and "dont" alike)
   unless the spellings table has the word with its apostrophe ("sa'd" is not "sad"), "&" kept
   inside words ("b&b", "a&e"), emoji that stand for a risk read as words, letters repeated for
   emphasis cut to two ("sooo"), letters starred out to get past a filter read as the vocabulary's
   word they hide ("k*lling", "s*icide").
2. **Spell out**: text speak and slang from the vocabulary's ``spellings`` table ("kms" is "kill
   myself", "wanna" is "want to", "unalive" is "kill myself"), leetspeak inside words ("k1ll"), and
   words run together ("killmyself") split where both halves are known (a short common right half
   is taken for an ending, so "wetted" is not "wet ted").
3. **Tolerate misspellings**: a word that is not an English word (per pyspellchecker's frequency
   list) and lies within one edit (two for long words) of a word the vocabulary uses is read as that
   word ("sucidal", "abbused"); where several are as near, a slip to a neighbouring key wins ("harn"
   is "harm", not "hard"). Real words are never changed, so "bill" is not read as "kill".
4. **Word forms**: every word is compared by its Snowball stem, so "kills", "killed" and "killing"
   all meet "kill".

Patterns (see ``data/safety-vocabulary.yaml``) are sequences of words with alternatives, word
classes and short gaps; they are compiled once into regular expressions over the token stream. An
entry may also name a second pattern (``with``) that must appear anywhere in the message: that is
how a concept is read from two far-apart parts of a message ("things at home are really bad ... i
might get hurt"). Each compiled pattern knows an anchor, the words one of which any match must
contain; a rule whose anchor is not in the message is not tried, which keeps a message to about a
millisecond with hundreds of rules.
Negation is never used to drop a match: "I'm not going to kill myself" matches "kill myself"; the
``!`` operator is for idioms and topics ("kicked out ! (of class)", "self harm ! (@edu)"), never for
"not".
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache

import snowballstemmer
from rapidfuzz import process
from rapidfuzz.distance import OSA
from spellchecker import SpellChecker

#: A word seen at least this often in pyspellchecker's English frequency list is a real word and is
#: never "corrected" towards the vocabulary (so "bill", "hot" and "cat" stay themselves).
COMMON_WORD_COUNT = 200

#: Emoji that stand for a risk, read as the word.
EMOJI_WORDS = {
    "\N{HOCHO}": " knife ",
    "\N{PILL}": " pills ",
    "\N{DROP OF BLOOD}": " blood ",
    "\N{COFFIN}": " coffin ",
    "\N{PISTOL}": " gun ",
    "\N{SYRINGE}": " needle ",
    "\N{BROKEN HEART}": " broken heart ",
    "\N{POUND SIGN}": " pounds ",
    "\N{SPAGHETTI}": " spaghetti ",  # cuts to the fat layer, in self-harm slang
}
_LEET = str.maketrans({"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i"})
_WORD = re.compile(r"[a-z0-9@$!&'*]+")
#: Neighbouring keys on a UK keyboard: a misspelling one substitution away is most likely a slip of
#: the finger to a neighbour ("harn" for "harm"), so such a candidate wins a tie.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS: dict[str, set[str]] = {}
for _row_index, _row in enumerate(_KEYBOARD_ROWS):
    for _col, _key in enumerate(_row):
        near = _NEIGHBOURS.setdefault(_key, set())
        for _other_index, _other_row in enumerate(_KEYBOARD_ROWS):
            if abs(_other_index - _row_index) <= 1:
                near.update(_other_row[max(0, _col - 1) : _col + 2])
        near.discard(_key)
_REPEATS = re.compile(r"(.)\1{2,}")


@cache
def _stemmer() -> snowballstemmer.stemmer:
    return snowballstemmer.stemmer("english")


@cache
def _english() -> SpellChecker:
    # The dictionary is part of the library, not of the vocabulary: loading it once per process is
    # what lets each message be read in milliseconds.
    return SpellChecker()


@cache
def stem(word: str) -> str:
    return str(_stemmer().stemWord(word))


def is_common_word(word: str) -> bool:
    return _english().word_frequency[word] >= COMMON_WORD_COUNT


@dataclass(frozen=True)
class Token:
    """One word of the message as read: its surface form, its stem, and where in the original text
    it came from (so staff see the words that matched, as written)."""

    word: str
    stem: str
    start: int
    end: int


def _raw_words(text: str) -> list[tuple[str, int, int]]:
    """Lower-cased words with their places in ``text``; apostrophes joined, emoji read as words."""
    lowered = unicodedata.normalize("NFKC", text).lower()
    out: list[tuple[str, int, int]] = []
    # Emoji first: each becomes words at the emoji's own position.
    pieces: list[tuple[str, int]] = []
    for index, char in enumerate(lowered):
        if char in EMOJI_WORDS:
            pieces.append((EMOJI_WORDS[char], index))
        elif char in "'\u2019\u2018`":
            # Kept for now so the spellings table can tell "sa'd" from "sad"; ``read`` drops it
            # otherwise ("don't" -> "dont": children write both).
            pieces.append(("'", index))
        else:
            pieces.append((char, index))
    flat = "".join(p for p, _ in pieces)
    # Map each character of ``flat`` back to a position in ``text``.
    positions: list[int] = []
    for piece, index in pieces:
        positions.extend([index] * len(piece))
    for match in _WORD.finditer(flat):
        word = match.group().strip("'&*")
        if not word:
            continue
        start, end = positions[match.start()], positions[match.end() - 1] + 1
        out.append((word, start, end))
    return out


def _neighbour_slip(typed: str, meant: str) -> bool:
    """Whether ``typed`` is ``meant`` with one letter swapped for a neighbouring key."""
    if len(typed) != len(meant):
        return False
    differ = [(a, b) for a, b in zip(typed, meant, strict=True) if a != b]
    return len(differ) == 1 and differ[0][0] in _NEIGHBOURS.get(differ[0][1], set())


@dataclass
class Lexicon:
    """What the reader needs from the vocabulary: the spellings table and the words the patterns
    use (the targets for misspellings)."""

    spellings: Mapping[str, str]
    words: frozenset[str]
    _choices: list[str] = field(init=False, repr=False)
    #: Corrections already worked out: the same words come back in message after message.
    _corrected: dict[str, str] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self._choices = sorted(w for w in self.words if len(w) >= 4)

    def correct(self, word: str) -> str:
        """The vocabulary's word this misspelling stands for, or the word itself."""
        if word in self.words or word in self.spellings or len(word) < 4:
            return word
        if word not in self._corrected:
            if len(self._corrected) > 50_000:  # a bound, so a flood of nonsense cannot fill memory
                self._corrected.clear()
            self._corrected[word] = self._nearest(word)
        return self._corrected[word]

    def _nearest(self, word: str) -> str:
        if is_common_word(word):
            return word
        limit = 2 if len(word) >= 8 else 1
        found = process.extract(word, self._choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
        if not found:
            return word
        nearest = min(distance for _, distance, _ in found)
        tied = [choice for choice, distance, _ in found if distance == nearest]
        return min(tied, key=lambda choice: (not _neighbour_slip(word, choice), tied.index(choice)))

    def uncensor(self, word: str) -> str:
        """The vocabulary's word that a word with letters starred out stands for ("k*ll", "s*icide"),
        or the word without its stars: children hide the words they fear a filter will catch."""
        if word not in self._corrected:
            starred = re.compile(re.escape(word).replace(r"\*", "[a-z]{1,2}"))
            found = next((w for w in sorted(self.words) if starred.fullmatch(w)), word.replace("*", ""))
            self._corrected[word] = found
        return self._corrected[word]

    def split(self, word: str) -> list[str] | None:
        """Words run together ("killmyself", "selfharm"), split where both halves are known."""
        if len(word) < 6 or word in self.words or is_common_word(word):  # "kipping" is not "kip ping"
            return None
        for cut in range(2, len(word) - 1):
            left, right = word[:cut], word[cut:]
            # A short common right half is more likely an ending ("wet|ted") than a second word.
            known = right in self.words or right in self.spellings or (len(right) >= 4 and is_common_word(right))
            if left in self.words and known:
                return [left, *self.spellings.get(right, right).split()]
        return None


def read(text: str, lexicon: Lexicon) -> list[Token]:
    """The message as a list of tokens, after normalising, spelling out and correcting."""
    tokens: list[Token] = []
    for raw, start, end in _raw_words(text):
        if raw in lexicon.spellings:  # "sa'd", "b&b": the table knows the word as written
            tokens.extend(Token(w, stem(w), start, end) for w in lexicon.spellings[raw].split())
            continue
        raw = raw.replace("'", "")
        word = _REPEATS.sub(r"\1\1", raw)
        leet = any(c.isdigit() or c in "@$!" for c in word) and any(c.isalpha() for c in word)
        if leet and word not in lexicon.spellings:
            unleet = word.translate(_LEET)
            if unleet in lexicon.words or is_common_word(unleet):
                word = unleet
        word = word.strip("@$!&") or word
        if "*" in word:
            word = lexicon.uncensor(word)
        if word in lexicon.spellings:
            words = lexicon.spellings[word].split()
        elif (parts := lexicon.split(word)) is not None:
            words = parts
        else:
            corrected = lexicon.correct(word)
            if corrected == word and _REPEATS.search(raw):
                # "killll" was cut to "kill" above; "sooo sadd" may need its doubles cut too.
                corrected = lexicon.correct(re.sub(r"(.)\1+", r"\1", word))
            words = lexicon.spellings.get(corrected, corrected).split()
        tokens.extend(Token(w, stem(w), start, end) for w in words)
    return tokens


def token_stream(tokens: Sequence[Token]) -> tuple[str, list[int]]:
    """The tokens as one string the compiled patterns run over, " word/stem word/stem ", and where
    each token starts in it."""
    starts, parts, offset = [], [], 1
    for token in tokens:
        starts.append(offset)
        part = f"{token.word}/{token.stem}"
        parts.append(part)
        offset += len(part) + 1
    return " " + " ".join(parts) + " ", starts


# --- Compiling patterns ---------------------------------------------------------------------------
#
# A pattern is words separated by spaces. Each word may be:
#   kill         the word, in any form (compared by stem) or spelt exactly
#   =homeless    the word exactly as spelt, not its other forms ("homelessness" is a topic)
#   suicid*      any word beginning so
#   (hit|punch)  one of several; an alternative may be several words: (ran away|run off)
#   [really]     optional; [a|b] an optional choice
#   @group       one of a word class from the vocabulary's ``groups`` (itself patterns)
#   ~            up to three words of anything;  ~~ up to six
#   *            exactly one word of anything
#   ! x          the next word is not x (for idioms: "kicked out of ! (class|school)")
#   ^            the start of the message ("^ ran away": a message that begins so)
#   $            the end of the message ("(cant|can not) go on $")


class PatternError(ValueError):
    """A pattern in the vocabulary cannot be read; the message says which and why."""


_TOKEN_RE = re.compile(r"\(|\)|\[|\]|\||!|~~|~|\$|[^\s()\[\]|!$]+")


def _word_regex(word: str) -> str:
    """One word of a pattern, with the space before it (every token in the stream has one)."""
    if word == "*":
        return r" \S+"
    if word.startswith("=") and re.fullmatch(r"=[a-z0-9]+", word):
        return rf" {re.escape(word[1:])}/\S+"
    if word.endswith("*") and len(word) > 1:
        return " " + re.escape(word[:-1]) + r"[^\s/]*/\S+"
    if not re.fullmatch(r"[a-z0-9&]+", word):
        raise PatternError(f"{word!r} is not a plain lower-case word")
    return rf" (?:{re.escape(word)}/\S+|[^\s/]+/{re.escape(stem(word))}(?= ))"


#: What a match cannot do without: one of these words must be in the message. ("w", word, stem) is
#: a word in any form, ("e", word, "") a word exactly as spelt, ("p", prefix, "") a word beginning
#: so. None where a pattern has no such word (it is then always tried).
Anchor = frozenset[tuple[str, str, str]] | None


def _word_anchor(word: str) -> Anchor:
    if word == "*":
        return None
    if word.startswith("="):
        return frozenset({("e", word[1:], "")})
    if word.endswith("*"):
        return frozenset({("p", word[:-1], "")})
    return frozenset({("w", word, stem(word))})


#: Words in nearly every message: an anchor made of them rules nothing out.
_EVERYWHERE = frozenset(
    (  # noqa: SIM905 (one word list reads better than forty quoted words)
        "i me my to a the and is am are not do you it of in on at he she they him her us we be was for "
        "with that so get got have has had this there what when"
    ).split()
)


def _cost(anchor: frozenset[tuple[str, str, str]]) -> int:
    """How often an anchor is likely to be in a message: words found everywhere count most."""
    return len(anchor) + 1000 * sum(1 for kind, word, _ in anchor if kind != "p" and word in _EVERYWHERE)


def _either(anchors: Sequence[Anchor]) -> Anchor:
    """The anchor of a choice: any alternative's words will do, so all are needed to rule it out."""
    if any(anchor is None for anchor in anchors):
        return None
    return frozenset().union(*(anchor for anchor in anchors if anchor is not None))


def _compile(
    pattern: str, groups: Mapping[str, Sequence[str]], memo: dict[str, tuple[str, Anchor]], depth: int = 0
) -> tuple[str, Anchor]:
    """The regular expression for one pattern, to run over ``token_stream``'s string, and its
    anchor. Every unit carries the space before its first word, so units simply follow each other."""
    if depth > 5:
        raise PatternError(f"word classes refer to each other too deeply in {pattern!r}")
    parts = _TOKEN_RE.findall(pattern.strip().lower())
    if not parts:
        raise PatternError("an empty pattern")
    position = 0

    def expect(closing: str) -> None:
        nonlocal position
        if position >= len(parts) or parts[position] != closing:
            raise PatternError(f"a bracket without its {closing!r} in {pattern!r}")
        position += 1

    def unit() -> tuple[str, Anchor, bool]:
        """One unit: a word, a bracketed choice or option, a word class, a gap or a "not"; with its
        anchor and whether a match must contain it."""
        nonlocal position
        if position >= len(parts):
            raise PatternError(f"{pattern!r} ends too soon")
        part = parts[position]
        position += 1
        if part in {"~", "~~"}:
            return rf"(?: \S+){{0,{3 if part == '~' else 6}}}", None, False
        if part == "^":
            # The message starts here: short messages leave out "i" ("ran away", "want to die").
            return "^", None, False
        if part == "$":
            # The message ends here: "i cant go on" said last, not "i cant go on the trip".
            return "(?= $)", None, False
        if part in {"(", "["}:
            closing = ")" if part == "(" else "]"
            alternatives = [sequence({"|", closing})]
            while position < len(parts) and parts[position] == "|":
                position += 1
                alternatives.append(sequence({"|", closing}))
            expect(closing)
            regex = "(?:" + "|".join(r for r, _ in alternatives) + (")" if part == "(" else ")?")
            return regex, _either([a for _, a in alternatives]), part == "("
        if part == "!":
            # "! x": the next word is not x, for idioms ("kicked out of ! (class|school)").
            return "(?!" + unit()[0] + "(?= ))", None, False
        if part.startswith("@"):
            if part[1:] not in groups:
                raise PatternError(f"no word class {part!r} (in {pattern!r})")
            options = []
            for option in groups[part[1:]]:
                if option not in memo:
                    memo[option] = _compile(option, groups, memo, depth + 1)
                options.append(memo[option])
            return "(?:" + "|".join(r for r, _ in options) + ")", _either([a for _, a in options]), True
        if part in {")", "]", "|"}:
            raise PatternError(f"an unexpected {part!r} in {pattern!r}")
        return _word_regex(part), _word_anchor(part), part != "*"

    def sequence(closing: set[str]) -> tuple[str, Anchor]:
        regex, anchor = "", None
        while position < len(parts) and parts[position] not in closing:
            unit_regex, unit_anchor, needed = unit()
            regex += unit_regex
            # The rarest words make the test that rules most rules out.
            if needed and unit_anchor is not None and (anchor is None or _cost(unit_anchor) < _cost(anchor)):
                anchor = unit_anchor
        if not regex:
            raise PatternError(f"an empty choice in {pattern!r}")
        return regex, anchor

    compiled = sequence(set())
    if position != len(parts):
        raise PatternError(f"an unexpected {parts[position]!r} in {pattern!r}")
    return compiled


def compile_pattern(pattern: str, groups: Mapping[str, Sequence[str]]) -> str:
    """The regular expression for one pattern (see ``_compile``)."""
    return _compile(pattern, groups, {})[0]


def anchor_keys(anchor: Anchor) -> frozenset[str] | None:
    """The anchor as keys to look up in ``message_keys``: "w:" a word, "s:" a stem, "p:" a prefix."""
    if anchor is None:
        return None
    keys = set()
    for kind, word, word_stem in anchor:
        if kind == "p":
            keys.add(f"p:{word}")
        else:
            keys.add(f"w:{word}")
            if kind == "w":
                keys.add(f"s:{word_stem}")
    return frozenset(keys)


def message_keys(tokens: Sequence[Token]) -> set[str]:
    """Every word, stem and word beginning in the message, to test anchors against at C speed."""
    keys = set()
    for token in tokens:
        keys.add(f"w:{token.word}")
        keys.add(f"s:{token.stem}")
        keys.update(f"p:{token.word[:end]}" for end in range(1, len(token.word) + 1))
    return keys


@dataclass(frozen=True)
class Rule:
    """One vocabulary entry compiled: its id, category and regular expression, and the second
    pattern that must also appear somewhere in the message where the entry has one (``with``)."""

    id: str
    category: str
    pattern: str
    regex: re.Pattern[str]
    also: re.Pattern[str] | None = None
    #: The anchors (see ``anchor_keys``) of the pattern and of ``also``; None: always tried.
    anchors: tuple[frozenset[str] | None, frozenset[str] | None] = (None, None)


@dataclass(frozen=True)
class Entry:
    """One vocabulary entry as written: (id, category, pattern[, with])."""

    id: str
    category: str
    pattern: str
    also: str = ""


def compile_rules(entries: Iterable[Entry], groups: Mapping[str, Sequence[str]]) -> list[Rule]:
    """Compile the entries; a pattern that cannot be read raises PatternError naming the entry."""
    rules = []
    memo: dict[str, tuple[str, Anchor]] = {}  # word classes compiled once, not at every use
    for entry in entries:
        try:
            regex, anchor = _compile(entry.pattern, groups, memo)
            also, also_anchor = _compile(entry.also, groups, memo) if entry.also else ("", None)
        except PatternError as error:
            raise PatternError(f"{entry.id}: {error}") from error
        rules.append(
            Rule(
                entry.id,
                entry.category,
                entry.pattern,
                re.compile(regex + "(?= )"),
                re.compile(also + "(?= )") if also else None,
                (anchor_keys(anchor), anchor_keys(also_anchor)),
            )
        )
    return rules


@dataclass(frozen=True)
class Hit:
    """A rule that matched, with the words in the original message that it matched."""

    rule: Rule
    words: str


def _words(text: str, tokens: Sequence[Token], starts: Sequence[int], match: re.Match[str]) -> str:
    covered = [i for i, s in enumerate(starts) if match.start() < s < match.end()]
    if not covered:
        return ""
    return text[tokens[covered[0]].start : tokens[covered[-1]].end]


def find(text: str, rules: Sequence[Rule], lexicon: Lexicon) -> list[Hit]:
    """Every rule that matches ``text``, each with the original words it matched."""
    tokens = read(text, lexicon)
    if not tokens:
        return []
    stream, starts = token_stream(tokens)
    keys = message_keys(tokens)
    hits = []
    for rule in rules:
        needs, also_needs = rule.anchors
        if (needs is not None and needs.isdisjoint(keys)) or (also_needs is not None and also_needs.isdisjoint(keys)):
            continue  # a word the rule cannot do without is not in the message
        match = rule.regex.search(stream)
        if match is None:
            continue
        words = _words(text, tokens, starts, match)
        if rule.also is not None:
            second = rule.also.search(stream)
            if second is None:
                continue
            words = f"{words} … {_words(text, tokens, starts, second)}"
        hits.append(Hit(rule, words))
    return hits
