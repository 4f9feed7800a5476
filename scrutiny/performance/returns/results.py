"""An indicator's computed figure for one year, before it is stored."""

from __future__ import annotations

from dataclasses import dataclass

COMPUTED = "computed"
NOT_COMPUTED = "not computed"


@dataclass(frozen=True)
class Result:
    code: str
    value: float | None
    numerator: int | None
    denominator: int | None
    status: str = COMPUTED
    reason: str | None = None
    #: One value of a dimension (an assessment factor code), or "" for the indicator itself.
    dimension: str = ""
    #: How it was computed where that needs saying (the population estimate used, a rule).
    note: str = ""

    @classmethod
    def not_computed(cls, code: str, reason: str, dimension: str = "") -> Result:
        return cls(code, None, None, None, NOT_COMPUTED, reason, dimension)


def percent(code: str, numerator: int, denominator: int, note: str = "", dimension: str = "") -> Result:
    """numerator ÷ denominator as a percentage to 1 decimal place, as DfE publishes CIN figures."""
    if denominator == 0:
        return Result.not_computed(code, "There is nothing to count in this year (the denominator is 0).", dimension)
    return Result(code, round(100 * numerator / denominator, 1), numerator, denominator, dimension=dimension, note=note)


def rate_per_10k(code: str, count: int, population: int | None, population_note: str) -> Result:
    """count / children aged 0 to 17 * 10,000, to 1 decimal place (indicators.md §1)."""
    if not population:
        return Result.not_computed(code, population_note or "No ONS population estimate is loaded for this area.")
    return Result(code, round(10_000 * count / population, 1), count, population, note=population_note)
