"""A first pass at taking identifying details out of a review before it is published.

A local child safeguarding practice review is written so that it can be published (statutory.md
§5.3), and a published report must not identify the child or family (ARCHITECTURE.md, "Privacy by
design"). The room already refuses the commonest slips at input (``privacy.py``); this is the
second line at export: the case's pseudonymised reference becomes the name the report uses, the
words the partnership listed (a street, a school, a ward) become "[redacted]", and so does anything
shaped like contact details, a postcode, a case-system number or a full date.

It is deliberately a small pure function over text. It cannot recognise a name it was not given, so
what it produces is a draft that a person must still read before publication; it says how much it
changed so that the page can tell them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

#: What each redacted detail is replaced with.
REDACTED = "[redacted]"
#: What the case's reference becomes where the review has no publication name.
THE_CHILD = "the child"


class RedactionKind(StrEnum):
    REFERENCE = "reference"
    TERM = "term"
    EMAIL = "email"
    DATE = "date"
    PHONE = "phone"
    POSTCODE = "postcode"
    LONG_NUMBER = "long_number"

    def describe(self, count: int) -> str:
        """``2 e-mail addresses``, ``1 postcode``."""
        singular, plural = _NOUNS[self]
        return f"{count} {singular if count == 1 else plural}"


_NOUNS = {
    RedactionKind.REFERENCE: ("use of the case reference", "uses of the case reference"),
    RedactionKind.TERM: ("word from the redaction list", "words from the redaction list"),
    RedactionKind.EMAIL: ("e-mail address", "e-mail addresses"),
    RedactionKind.DATE: ("full date", "full dates"),
    RedactionKind.PHONE: ("phone number", "phone numbers"),
    RedactionKind.POSTCODE: ("postcode", "postcodes"),
    RedactionKind.LONG_NUMBER: ("long number", "long numbers"),
}

_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
# A day-month-year date written with separators (3/4/2019, 03-04-19, 3.4.2019) or in ISO order
# (2019-04-03): either could be a date of birth. Dates in words ("3 April 2019") are left, as the
# room asks people to write dates that way.
_DATE = re.compile(r"(?<![\w/.-])(?:\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})|\d{4}-\d{1,2}-\d{1,2})(?![\w/-])")
# A UK phone number: +44 or 0, then 9 or 10 more digits, in the usual groups (020 7946 0018,
# 07700 900123, +44 (0)1632 960123). The digit count is checked in ``_is_phone``.
_PHONE = re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}(?!\w)")
# A full UK postcode (SW1A 1AA, M1 1AE, B33 8TH), with or without its space.
_POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b", re.IGNORECASE)
# Six or more digits in a row, or an NHS number in its groups: a case-system ID, NHS number or
# pupil number rather than anything a published report needs.
_LONG_NUMBER = re.compile(r"\d{6,}|\b\d{3}[ -]\d{3}[ -]\d{4}\b")


@dataclass(frozen=True)
class Redacted:
    """The text with the details taken out, and how many of each kind were taken out."""

    text: str
    counts: Counter[RedactionKind] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        return self.text


def terms_from(lines: str) -> list[str]:
    """The redaction terms a review lists, one a line, without blanks or repeats."""
    seen: dict[str, str] = {}
    for line in lines.splitlines():
        term = " ".join(line.split())
        if term:
            seen.setdefault(term.casefold(), term)
    return list(seen.values())


def redact(text: str, *, terms: Iterable[str], reference: str = "", publication_name: str = "") -> Redacted:
    """``text`` made ready for publication, and what was taken out of it.

    - the case's pseudonymised ``reference`` (such as RB-2025-03) becomes ``publication_name``
      (such as Child Q), or "the child" where the review has none;
    - each of ``terms``, matched as whole words whatever the case, becomes "[redacted]";
    - so do e-mail addresses, numeric full dates, UK phone numbers, postcodes and runs of six or
      more digits.

    The order matters: e-mail addresses and dates go before phone numbers and long numbers, so
    each detail is counted once, under what it is.
    """
    counts: Counter[RedactionKind] = Counter()

    def replace(pattern: re.Pattern[str], kind: RedactionKind, value: str, by: str) -> str:
        def one(match: re.Match[str]) -> str:
            if kind is RedactionKind.PHONE and not _is_phone(match.group()):
                return match.group()
            counts[kind] += 1
            return by

        return pattern.sub(one, value)

    result = text
    if reference.strip():
        # A reference is hyphenated (RB-2025-03): RB-2025-031 is another case, not this one.
        as_reference = _whole(reference.strip(), joined_by="-")
        result = replace(as_reference, RedactionKind.REFERENCE, result, publication_name or THE_CHILD)
    # Longest first, so that "Riverbank Road" goes as one before "Riverbank" alone could.
    for term in sorted({t.strip() for t in terms if t.strip()}, key=len, reverse=True):
        result = replace(_whole(term), RedactionKind.TERM, result, REDACTED)
    for pattern, kind in (
        (_EMAIL, RedactionKind.EMAIL),
        (_DATE, RedactionKind.DATE),
        (_PHONE, RedactionKind.PHONE),
        (_POSTCODE, RedactionKind.POSTCODE),
        (_LONG_NUMBER, RedactionKind.LONG_NUMBER),
    ):
        result = replace(pattern, kind, result, REDACTED)
    return Redacted(result, counts)


def _whole(phrase: str, *, joined_by: str = "") -> re.Pattern[str]:
    """``phrase`` as whole words, whatever the case and however the words are spaced: a letter or
    digit (or ``joined_by``) on either side means it is part of something longer."""
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    edge = rf"[\w{re.escape(joined_by)}]"
    return re.compile(rf"(?<!{edge}){words}(?!{edge})", re.IGNORECASE)


def _is_phone(candidate: str) -> bool:
    """A UK number has 10 or 11 digits written from its leading 0 (9 or 10 after +44)."""
    digits = re.sub(r"\D", "", candidate)
    if candidate.startswith("+"):
        digits = digits.removeprefix("44").removeprefix("0")
        return len(digits) in (9, 10)
    return len(digits) in (10, 11)


def describe(counts: Counter[RedactionKind]) -> str:
    """What was taken out, in words: "4 redactions: 2 words from the redaction list, 1 postcode and
    1 full date"."""
    total = sum(counts.values())
    if not total:
        return "No redactions"
    parts = [kind.describe(counts[kind]) for kind in RedactionKind if counts[kind]]
    listed = parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} and {parts[-1]}"
    return f"{total} redaction{'s' if total != 1 else ''}: {listed}"
