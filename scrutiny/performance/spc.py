"""Statistical process control: XmR charts read with NHS England's "Making Data Count" rules.

A red/amber/green rating compares one number with a target; an XmR chart asks whether the latest
figures differ from the process's own past by more than its usual variation. The centre line is
the mean; the process limits are the mean plus or minus 2.66 times the average moving range
(the difference between consecutive points). A point is "special cause" when it is:

1. outside the process limits;
2. one of a run of 7 or more consecutive points on the same side of the mean (a shift);
3. one of 7 or more consecutive points each higher, or each lower, than the one before (a trend);
4. one of two out of three consecutive points in the outer third of the limits, all three on the
   same side of the mean (close to the limits).

Special cause is "improvement" or "concern" by the indicator's polarity; for indicators that are
context (polarity neither) it is only "high" or "low". Where there is a target, the assurance is
"consistently passes" or "consistently fails" when the target lies outside the limits, otherwise
"hit and miss". Making Data Count suggests at least 15 points before limits are relied on; with
fewer, the reading is given as provisional. (As implemented in NHS-R's NHSRplotthedots, which the
rules above follow.)
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

LIMIT = 2.66
NEAR = 2 * LIMIT / 3
RUN = 7
TREND = 7
ENOUGH_POINTS = 15


class Variation(StrEnum):
    COMMON = "common cause"
    IMPROVEMENT_HIGH = "special cause improvement (high)"
    IMPROVEMENT_LOW = "special cause improvement (low)"
    CONCERN_HIGH = "special cause concern (high)"
    CONCERN_LOW = "special cause concern (low)"
    NEUTRAL_HIGH = "special cause (high)"
    NEUTRAL_LOW = "special cause (low)"


class Assurance(StrEnum):
    PASS = "consistently passes the target"  # noqa: S105 - a reading, not a password
    FAIL = "consistently fails the target"
    HIT_AND_MISS = "hits and misses the target"


@dataclass(frozen=True)
class Point:
    label: str
    value: float
    special: bool
    variation: Variation
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class XmR:
    points: tuple[Point, ...]
    mean: float
    upper: float
    lower: float
    polarity: str
    target: float | None = None

    @property
    def latest(self) -> Point:
        return self.points[-1]

    @property
    def provisional(self) -> bool:
        return len(self.points) < ENOUGH_POINTS

    @property
    def assurance(self) -> Assurance | None:
        if self.target is None or self.polarity == "neither":
            return None
        higher_is_better = self.polarity == "higher"
        if self.target > self.upper:
            return Assurance.FAIL if higher_is_better else Assurance.PASS
        if self.target < self.lower:
            return Assurance.PASS if higher_is_better else Assurance.FAIL
        return Assurance.HIT_AND_MISS

    def summary(self, unit: str = "") -> str:
        """In words, for screen readers and for anyone who does not read charts."""
        suffix = f" {unit}" if unit else ""
        latest = self.latest
        text = (
            f"{len(self.points)} points from {self.points[0].label} to {latest.label}. "
            f"Mean {self.mean:,.1f}{suffix}; process limits {self.lower:,.1f} to {self.upper:,.1f}. "
            f"Latest, {latest.label}: {latest.value:,.1f}{suffix}, {latest.variation.value}"
        )
        text += f" ({'; '.join(latest.reasons)})." if latest.reasons else "."
        specials = [point.label for point in self.points if point.special]
        if specials and (len(specials) > 1 or not latest.special):
            text += f" Special cause at: {', '.join(specials)}."
        if self.assurance is not None:
            text += f" Against the target of {self.target:,.1f}{suffix} the process {self.assurance.value}."
        if self.provisional:
            text += f" With fewer than {ENOUGH_POINTS} points the limits are a first estimate."
        return text


def _runs(flags: list[int], length: int) -> set[int]:
    """Indexes of points in a run of ``length`` or more equal, non-zero flags."""
    found: set[int] = set()
    start = 0
    for index in range(1, len(flags) + 1):
        if index == len(flags) or flags[index] != flags[start]:
            if flags[start] != 0 and index - start >= length:
                found.update(range(start, index))
            start = index
    return found


def _sign(number: float) -> int:
    return (number > 0) - (number < 0)


def xmr(points: list[tuple[str, float]], polarity: str, target: float | None = None) -> XmR | None:
    """The XmR reading of ``points`` (label, value) in time order; None for fewer than 2 points."""
    if len(points) < 2:
        return None
    values = [value for _label, value in points]
    mean = statistics.fmean(values)
    moving = [abs(b - a) for a, b in pairwise(values)]
    average_range = statistics.fmean(moving)
    upper, lower = mean + LIMIT * average_range, mean - LIMIT * average_range
    near_upper, near_lower = mean + NEAR * average_range, mean - NEAR * average_range
    side = [_sign(value - mean) for value in values]
    outside = {i for i, value in enumerate(values) if value > upper or value < lower}
    shift = _runs(side, RUN)
    # A trend of 7 points is 6 consecutive steps the same way; each step belongs to its later point.
    steps = [0] + [_sign(b - a) for a, b in pairwise(values)]
    trend: set[int] = set()
    for index in _runs(steps, TREND - 1):
        trend.update({index - 1, index})
    close = [i not in outside and (value > near_upper or value < near_lower) for i, value in enumerate(values)]
    two_in_three: set[int] = set()
    for start in range(len(values) - 2):
        window = range(start, start + 3)
        if sum(close[i] for i in window) >= 2 and abs(sum(side[i] for i in window)) == 3:
            two_in_three.update(i for i in window if close[i])
    result = []
    for index, (label, value) in enumerate(points):
        reasons = tuple(
            reason
            for reason, found in (
                ("outside the process limits", index in outside),
                (f"part of a run of {RUN} or more on one side of the mean", index in shift),
                (f"part of a trend of {TREND} or more points", index in trend),
                ("two of three points close to a process limit", index in two_in_three),
            )
            if found
        )
        result.append(Point(label, value, bool(reasons), _variation(bool(reasons), side[index], polarity), reasons))
    return XmR(tuple(result), mean, upper, lower, polarity, target)


def _variation(special: bool, side: int, polarity: str) -> Variation:
    if not special:
        return Variation.COMMON
    high = side >= 0
    if polarity == "neither":
        return Variation.NEUTRAL_HIGH if high else Variation.NEUTRAL_LOW
    improving = high == (polarity == "higher")
    if improving:
        return Variation.IMPROVEMENT_HIGH if high else Variation.IMPROVEMENT_LOW
    return Variation.CONCERN_HIGH if high else Variation.CONCERN_LOW
