"""Recurring learning: which themes, and which agencies, the partnership's reviews keep coming back to.

The issue asks for "a cross-review view [that] shows which themes recur across reviews and years",
and regulation 11 asks whether a case "highlights recurrent themes". Here a theme (or an agency)
is counted once per learning point tagged with it, in the reporting year the learning was agreed
(from 1 April), across every review the learning came from: rapid reviews, LCSPRs and the
national Panel's reviews. It *recurs* when it appears in two or more different reviews, or in two
or more reporting years: once may be one family's story; twice is a pattern to challenge.

These are plain functions over querysets, so the pages and the API give the same figures.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from scrutiny.frameworks.models import ThemeGroup
from scrutiny.partnerships.models import reporting_year_starting
from scrutiny.reviews.models import LearningPoint

if TYPE_CHECKING:
    from scrutiny.partnerships.models import Partnership

#: In how many different reviews, or reporting years, a theme must appear to count as recurring.
RECURS_AT = 2


@dataclass(frozen=True)
class RecurrenceRow:
    """One theme (or agency) across the partnership's learning."""

    #: The theme's (or agency's) id, for links to the filtered learning list.
    pk: int
    #: The theme's stable code; empty for an agency.
    code: str
    label: str
    #: The theme's group ("Learning theme from reviews (national Panel)"); empty for an agency.
    group: str
    #: Learning points per reporting year (the year it starts: 2024 is 2024-25).
    counts: dict[int, int]
    total: int
    #: How many different reviews the learning came from.
    reviews: int
    recurring: bool

    @property
    def years(self) -> int:
        return len(self.counts)

    @property
    def why(self) -> str:
        """Where it appears, in words ("in 3 reviews over 2 years")."""
        reviews = f"{self.reviews} review{'s' if self.reviews != 1 else ''}"
        years = f"{self.years} year{'s' if self.years != 1 else ''}"
        return f"in {reviews} over {years}"


# One learning point's tag: (theme or agency id, made_on, the review it came from).
_Tag = tuple[int, date, tuple[str, int]]


def _review_of(rapid_review_id: int | None, lcspr_id: int | None, national_review_id: int | None) -> tuple[str, int]:
    if rapid_review_id:
        return ("rapid_review", rapid_review_id)
    if lcspr_id:
        return ("lcspr", lcspr_id)
    assert national_review_id is not None  # the model's constraint: exactly one review
    return ("national_review", national_review_id)


def _rows(tags: Iterable[_Tag], names: dict[int, tuple[str, str, str]]) -> list[RecurrenceRow]:
    counts: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    reviews: dict[int, set[tuple[str, int]]] = defaultdict(set)
    for pk, made_on, review in tags:
        counts[pk][reporting_year_starting(made_on)] += 1
        reviews[pk].add(review)
    rows = [
        RecurrenceRow(
            pk=pk,
            code=names[pk][0],
            label=names[pk][1],
            group=names[pk][2],
            counts=dict(sorted(per_year.items())),
            total=sum(per_year.values()),
            reviews=len(reviews[pk]),
            recurring=len(reviews[pk]) >= RECURS_AT or len(per_year) >= RECURS_AT,
        )
        for pk, per_year in counts.items()
    ]
    # Recurring themes first, then the most often raised.
    return sorted(rows, key=lambda row: (not row.recurring, -row.total, row.label, row.group))


def theme_recurrence(partnership: Partnership) -> list[RecurrenceRow]:
    """Each theme the partnership's learning is tagged with: learning points per reporting year,
    the total, how many reviews it came from, and whether it recurs."""
    through = LearningPoint.themes.through.objects.filter(learningpoint__partnership=partnership)
    found = through.values_list(
        "theme_id",
        "theme__code",
        "theme__label",
        "theme__group",
        "learningpoint__made_on",
        "learningpoint__rapid_review_id",
        "learningpoint__lcspr_id",
        "learningpoint__national_review_id",
    )
    groups = dict(ThemeGroup.choices)
    names: dict[int, tuple[str, str, str]] = {}
    tags: list[_Tag] = []
    for theme_id, code, label, group, made_on, rapid, lcspr, national in found:
        names[theme_id] = (code, label, groups.get(group, group))
        tags.append((theme_id, made_on, _review_of(rapid, lcspr, national)))
    return _rows(tags, names)


def agency_recurrence(partnership: Partnership) -> list[RecurrenceRow]:
    """The same for the agencies the learning concerns: which agencies reviews keep pointing at."""
    through = LearningPoint.agencies.through.objects.filter(learningpoint__partnership=partnership)
    found = through.values_list(
        "agency_id",
        "agency__name",
        "learningpoint__made_on",
        "learningpoint__rapid_review_id",
        "learningpoint__lcspr_id",
        "learningpoint__national_review_id",
    )
    names: dict[int, tuple[str, str, str]] = {}
    tags: list[_Tag] = []
    for agency_id, name, made_on, rapid, lcspr, national in found:
        names[agency_id] = ("", name, "")
        tags.append((agency_id, made_on, _review_of(rapid, lcspr, national)))
    return _rows(tags, names)


def years_covered(*tables: list[RecurrenceRow]) -> list[int]:
    """Every reporting year any row counts, oldest first: the columns of the tables."""
    return sorted({year for rows in tables for row in rows for year in row.counts})
