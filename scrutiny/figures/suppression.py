"""Small-number suppression: what may be published about few children.

A count of 1 to 5 children could identify them, so anything Scrutiny publishes (the yearly
report, public "you said, we did" pages, consultation results) shows it as ``c``, as DfE's
statistics do ("c: confidential, suppressed to protect small numbers"; indicators.md, DfE's
symbols). A percentage is suppressed when its numerator, its denominator or what is left of the
denominator (denominator minus numerator) is a small count, because a published denominator would
give the small number away by subtraction. In a table with a published total, one suppressed cell
could be worked out from the others, so the next smallest is suppressed too (secondary
suppression).

DfE's threshold varies by publication (to verify), so the largest suppressed count is the
``SCRUTINY_SUPPRESS_UP_TO`` setting, 5 by default. Zero is shown: it identifies nobody.
Staff pages and the API show true figures; only what is published goes through here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings

#: DfE's symbol for a figure withheld to protect small numbers.
SYMBOL = "c"
#: What is printed where there is no figure at all (an en dash).
NOTHING = "\u2013"
DEFAULT_UP_TO = 5


def suppress_up_to() -> int:
    """The largest count that is suppressed (counts 1 to this are shown as ``c``)."""
    value = getattr(settings, "SCRUTINY_SUPPRESS_UP_TO", DEFAULT_UP_TO)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"SCRUTINY_SUPPRESS_UP_TO must be a whole number of 0 or more, not {value!r}")
    return value


def is_small(count: int | None) -> bool:
    return count is not None and 1 <= count <= suppress_up_to()


@dataclass(frozen=True)
class Shown:
    """A figure as it may be published: ``value`` is None where suppressed, ``text`` is what to
    print, and ``reason`` says why it was withheld (for a footnote)."""

    value: float | int | None
    text: str
    suppressed: bool = False
    reason: str = ""


def _text(value: float | int, unit: str = "") -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}{unit}"
    return f"{int(value):,}{unit}"


def _withheld(reason: str) -> Shown:
    return Shown(None, SYMBOL, True, reason)


def count(value: int | None) -> Shown:
    """A count of children (or of things about children): 1 to 5 becomes ``c``."""
    if value is None:
        return Shown(None, NOTHING)
    if is_small(value):
        return _withheld(f"fewer than {suppress_up_to() + 1}")
    return Shown(value, _text(value))


def share(numerator: int | None, denominator: int | None, value: float | None = None, unit: str = "%") -> Shown:
    """A percentage (or rate) of ``numerator`` out of ``denominator``: withheld if either, or the
    rest of the denominator, is a small count. ``value`` is the figure as computed (rounded as
    the indicator rounds it); without it, the percentage to one decimal place."""
    if numerator is None or denominator is None:
        return Shown(value, NOTHING if value is None else _text(value, unit))
    if is_small(numerator) or is_small(denominator):
        return _withheld("based on a small number of children")
    if is_small(denominator - numerator):
        return _withheld("the rest of the group is a small number of children")
    if value is None:
        value = round(100 * numerator / denominator, 1) if denominator else None
    return Shown(value, NOTHING if value is None else _text(value, unit))


def rate(numerator: int | None, value: float | None) -> Shown:
    """A rate (per 10,000 children) or an average: withheld when the children behind it are few.
    The population behind a rate is large, so only the count is checked."""
    if value is None:
        return Shown(None, NOTHING)
    if is_small(numerator):
        return _withheld("based on a small number of children")
    return Shown(value, _text(value))


def table(counts: Mapping[str, int], total_published: bool = True) -> dict[str, Shown]:
    """Each cell of a breakdown (answers to a question, referrals by source). With the total
    published, a single suppressed cell could be worked out by subtraction, so the smallest other
    non-zero cell is suppressed too, and so on until no suppressed cell stands alone."""
    shown = {key: count(value) for key, value in counts.items()}
    if not total_published:
        return shown
    withheld = [key for key, cell in shown.items() if cell.suppressed]
    if len(withheld) == 1:
        others = sorted((value, key) for key, value in counts.items() if key not in withheld and value > 0)
        if others:
            _value, key = others[0]
            shown[key] = _withheld("withheld so that a smaller figure cannot be worked out from the total")
    return shown


def total(values: Mapping[str, int]) -> Shown:
    """A table's total: withheld when it is itself small."""
    return count(sum(values.values()))


_OF = re.compile(r"\b(\d[\d,]*) of (\d[\d,]*)\b(?: \((\d+(?:\.\d+)?)%\))?")
_NUMBER = re.compile(r"(?<![\d.,-])(\d[\d,]*)(?![\d.,]*%)(?![\d-])")
_PERCENT = re.compile(r"\b\d+(?:\.\d+)?%")


def in_text(text: str) -> Shown:
    """A figure a room wrote as words ("4 of 9 (44%) within 15 working days; 3 published"), made
    fit to publish: each "n of m" goes through ``share`` (so a small part, whole or remainder is
    withheld, with its percentage), then any other small count becomes ``c``; once anything was
    withheld, every percentage left is withheld too, because it could give the count away."""
    withheld: list[str] = []

    def of(match: re.Match[str]) -> str:
        part, whole = int(match[1].replace(",", "")), int(match[2].replace(",", ""))
        shown = share(part, whole)
        if shown.suppressed:
            withheld.append(shown.reason)
            return f"{SYMBOL} of {SYMBOL}"
        return match[0]

    def number(match: re.Match[str]) -> str:
        shown = count(int(match[1].replace(",", "")))
        if shown.suppressed:
            withheld.append(shown.reason)
            return SYMBOL
        return match[0]

    result = _OF.sub(of, text)
    parts = re.split(r"(\b\d[\d,]* of \d[\d,]*\b|c of c)", result)
    result = "".join(part if index % 2 else _NUMBER.sub(number, part) for index, part in enumerate(parts))
    if withheld:
        result = _PERCENT.sub(SYMBOL, result)
        return Shown(None, result, True, withheld[0])
    return Shown(None, result)
