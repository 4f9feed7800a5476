"""The looked-after children and care leaver indicators, counted from an SSDA903 return.

Definitions are the catalogue's (indicators.md §3, numbers in the comments). Children looked after
only under an agreed series of short breaks (legal status V3 or V4) are left out throughout.
Where DfE's method is "to verify", the reading here is the one stated on the indicator's page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from scrutiny.clocks.workdays import add_months, subtract_months
from scrutiny.performance.population import Population
from scrutiny.performance.returns.cin_indicators import reporting_year_bounds
from scrutiny.performance.returns.results import Result, percent, rate_per_10k
from scrutiny.performance.returns.ssda903 import Episode, LookedAfterChild, Ssda903Return
from scrutiny.performance.rules import CountingRules

SHORT_BREAKS = {"V3", "V4"}
#: A new placement begins with these reasons for a new episode (L is a legal change only).
NEW_PLACEMENT = {"S", "P", "B", "T", "U"}
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
PLACED_FOR_ADOPTION = {"A3", "A4", "A5", "A6"}
ADOPTED_BY_CURRENT_FOSTER_CARERS = {"A3", "A5"}
ADOPTED = {"E11", "E12"}
EET = {"F1", "P1", "F2", "P2", "F3", "P3", "F4", "P4", "F5", "P5"}
LEFT_THE_COHORT = {"DIED", "RHOM"}
NOT_IN_COHORT_FOR_ACCOMMODATION = {"G", "H", "R"}

SSDA903_CODES = (
    "cla.looked_after_per_10k",
    "cla.started_per_10k",
    "cla.placements_3plus_pct",
    "cla.long_term_stability_pct",
    "cla.missing_pct",
    "cla.away_unauthorised_pct",
    "cla.placed_20miles_outside_pct",
    "cla.health_assessment_pct",
    "cla.immunisations_pct",
    "cla.dental_check_pct",
    "leavers.eet_19_21_pct",
    "leavers.eet_17_18_pct",
    "leavers.suitable_accommodation_19_21_pct",
    "leavers.suitable_accommodation_17_18_pct",
    "leavers.not_in_touch_pct",
    "cla.social_workers_3plus_pct",
    "cla.adoption_entry_to_placed_days",
    "cla.adopted_pct",
    "cla.placement_order_to_match_days",
)


def _age_on(dob: date, day: date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


class Ssda903Indicators:
    def __init__(self, year: int, data: Ssda903Return, rules: CountingRules | None = None) -> None:
        self.year = year
        self.rules = rules or CountingRules()
        self.start, self.end = reporting_year_bounds(year)
        self.data = data

    # --- who is looked after --------------------------------------------------------------

    def _care(self, child: LookedAfterChild) -> list[Episode]:
        return [episode for episode in child.episodes if episode.ls not in SHORT_BREAKS]

    def _open_on(self, episode: Episode, day: date) -> bool:
        return episode.start <= day and (episode.end is None or episode.end > day)

    def _during_year(self, episode: Episode) -> bool:
        return episode.start <= self.end and (episode.end is None or episode.end >= self.start)

    def at_31_march(self) -> dict[str, LookedAfterChild]:
        return {
            key: child
            for key, child in self.data.children.items()
            if any(self._open_on(episode, self.end) for episode in self._care(child))
        }

    def during_year(self) -> dict[str, LookedAfterChild]:
        return {
            key: child
            for key, child in self.data.children.items()
            if any(self._during_year(episode) for episode in self._care(child))
        }

    # --- the figures ----------------------------------------------------------------------

    def results(self, population: Population | None) -> list[Result]:
        count = population.count if population else None
        note = population.label if population else "No ONS estimate of children aged 0 to 17 is loaded for this area."
        at31 = self.at_31_march()
        during = self.during_year()
        started = {
            key
            for key, child in self.data.children.items()
            if any(e.rne == "S" and self.start <= e.start <= self.end for e in self._care(child))
        }
        found = [
            rate_per_10k("cla.looked_after_per_10k", len(at31), count, note),  # 17
            rate_per_10k("cla.started_per_10k", len(started), count, note),
            percent("cla.placements_3plus_pct", sum(self._placements(c) >= 3 for c in at31.values()), len(at31)),  # 18
            self._long_term_stability(at31),  # 19
            *self._needs("missing", ["cla.missing_pct", "cla.away_unauthorised_pct"], lambda: self._missing(during)),
            Result.not_computed(
                "cla.placed_20miles_outside_pct",
                "Needs the distance from home to placement and whether it is outside the LA: a postcode lookup "
                "Scrutiny does not ship yet.",
            ),  # 21
            *self._needs(
                "oc2",
                ["cla.health_assessment_pct", "cla.immunisations_pct", "cla.dental_check_pct"],
                self._health,
            ),  # 22
            *self._needs(
                "oc3",
                [
                    "leavers.eet_19_21_pct",
                    "leavers.eet_17_18_pct",
                    "leavers.suitable_accommodation_19_21_pct",
                    "leavers.suitable_accommodation_17_18_pct",
                    "leavers.not_in_touch_pct",
                ],
                self._care_leavers,
            ),  # 23-25
            *self._needs("sw_episodes", ["cla.social_workers_3plus_pct"], lambda: [self._social_workers(at31)]),
            *self._adoption(),  # 27
        ]
        order = {code: n for n, code in enumerate(SSDA903_CODES)}
        return sorted(found, key=lambda result: order[result.code])

    def _needs(self, kind: str, codes: list[str], compute: Callable[[], list[Result]]) -> list[Result]:
        if not self.data.has(kind):
            return [
                Result.not_computed(code, f"Needs the SSDA903 {kind} file, which was not imported.") for code in codes
            ]
        flaw = self.data.flaws.get(
            "missing" if kind == "missing" else "social_workers" if kind == "sw_episodes" else ""
        )
        if flaw:
            return [Result.not_computed(code, f"The file has {flaw}: correct it and import again.") for code in codes]
        return compute()

    def _placements(self, child: LookedAfterChild) -> int:
        """18: placements during the year: the one open on 1 April, then each new one, leaving out
        temporary placements, a move to adoption with the current foster carers, and placements
        under 24 hours (``placement_under_24_hours``)."""
        care = self._care(child)
        count = 0
        for n, episode in enumerate(care):
            if not self._during_year(episode) or episode.place in TEMPORARY:
                continue
            if episode.start <= self.start:
                count = max(count, 1)  # the placement open on 1 April
            elif (
                episode.rne in NEW_PLACEMENT
                and episode.place not in ADOPTED_BY_CURRENT_FOSTER_CARERS
                and not self.placement_under_24_hours(care, n)
            ):
                count += 1
        return count

    def placement_under_24_hours(self, care: list[Episode], first: int) -> bool:
        """placement_under_24_hours: only placements of 24 hours or more count (indicators.md §18).
        The return has dates, not times, so a placement whose last day is the day it started is
        taken to be under 24 hours (to verify; the ``placement_ending_on_its_start_day_is_under_24h``
        counting rule). A placement runs on through the episodes after it that only change the
        legal status (RNE L), so a same-day episode followed by a legal change is not short."""
        if not self.rules.placement_ending_on_its_start_day_is_under_24h:
            return False
        start = care[first].start
        end = care[first].end
        for later in care[first + 1 :]:
            if later.rne != "L" or end is None or later.start != end:
                break
            end = later.end
        return end is not None and end <= start

    def _period_start(self, child: LookedAfterChild) -> date | None:
        """The start of the period of care open at 31 March: the last episode starting care."""
        starts = [e.start for e in self._care(child) if e.rne == "S" and e.start <= self.end]
        return max(starts) if starts else None

    def _placement_start(self, child: LookedAfterChild) -> tuple[date | None, date | None]:
        """The current placement's start at 31 March, and the previous placement's."""
        starts = [
            e.start
            for e in self._care(child)
            if e.start <= self.end and e.rne in NEW_PLACEMENT and e.place not in TEMPORARY
        ]
        current = starts[-1] if starts else None
        previous = starts[-2] if len(starts) > 1 else None
        return current, previous

    def _long_term_stability(self, at31: dict[str, LookedAfterChild]) -> Result:
        code = "cla.long_term_stability_pct"
        continuous_since = subtract_months(self.end, 30)
        two_years_ago = subtract_months(self.end, 24)
        eligible = stable = 0
        for child in at31.values():
            period = self._period_start(child)
            if child.dob is None or period is None or period > continuous_since or _age_on(child.dob, self.end) >= 16:
                continue
            eligible += 1
            current, previous = self._placement_start(child)
            now = next((e for e in reversed(self._care(child)) if self._open_on(e, self.end)), None)
            if current is not None and current <= two_years_ago:
                stable += 1
            elif (
                now is not None
                and now.place in PLACED_FOR_ADOPTION
                and previous is not None
                and previous <= two_years_ago
            ):
                stable += 1  # the adoptive placement and the one before it together
        return percent(code, stable, eligible)

    def _missing(self, during: dict[str, LookedAfterChild]) -> list[Result]:
        def went(kind: str) -> int:
            return sum(
                any(
                    what == kind and start <= self.end and (end is None or end >= self.start)
                    for what, start, end in child.missing
                )
                for child in during.values()
            )

        return [
            percent("cla.missing_pct", went("M"), len(during)),
            percent("cla.away_unauthorised_pct", went("A"), len(during)),
        ]

    def _health(self) -> list[Result]:
        cohort = [child.oc2 for child in self.data.children.values() if child.oc2 is not None]
        return [
            percent(code, sum(row[column] for row in cohort), len(cohort))
            for code, column in (
                ("cla.health_assessment_pct", "HEALTH_ASSESSMENT"),
                ("cla.immunisations_pct", "IMMUNISATIONS"),
                ("cla.dental_check_pct", "TEETH_CHECK"),
            )
        ]

    def _care_leavers(self) -> list[Result]:
        """23-25: care leavers by the birthday that falls in the year (17th-18th or 19th-21st)."""
        bands: dict[str, list[tuple[str, str, str]]] = {"17_18": [], "19_21": []}
        for child in self.data.children.values():
            if child.oc3 is None or child.oc3[0] is None:
                continue
            dob, in_touch, activ, accom = child.oc3
            assert dob is not None
            if in_touch in LEFT_THE_COHORT:
                continue
            birthdays = {age for age in range(17, 22) if self.start <= add_months(dob, 12 * age) <= self.end}
            if birthdays & {17, 18}:
                bands["17_18"].append((in_touch, activ, accom))
            elif birthdays & {19, 20, 21}:
                bands["19_21"].append((in_touch, activ, accom))
        found = []
        for band in ("19_21", "17_18"):
            rows = bands[band]
            found.append(percent(f"leavers.eet_{band}_pct", sum(activ in EET for _t, activ, _a in rows), len(rows)))
            housed = [accom for _t, _activ, accom in rows if accom[:1] not in NOT_IN_COHORT_FOR_ACCOMMODATION]
            found.append(
                percent(
                    f"leavers.suitable_accommodation_{band}_pct",
                    sum(accom.endswith("1") for accom in housed),
                    len(housed),
                )
            )
        rows = bands["19_21"]
        found.append(percent("leavers.not_in_touch_pct", sum(t == "NO" for t, _a, _c in rows), len(rows)))
        return found

    def _social_workers(self, at31: dict[str, LookedAfterChild]) -> Result:
        """26: children looked after at 31 March with 3 or more different social workers in the year."""
        many = sum(
            len(
                {
                    w
                    for w, start, end in child.social_workers
                    if start <= self.end and (end is None or end >= self.start)
                }
            )
            >= 3
            for child in at31.values()
        )
        return percent("cla.social_workers_3plus_pct", many, len(at31))

    def _adoption(self) -> list[Result]:
        """27: adoption timeliness for children adopted in the year, and the share of children
        ceasing care who were adopted (each child's last ceasing in the year)."""
        ceased = adopted = 0
        entry_to_placed: list[int] = []
        order_to_match: list[int] = []
        for child in self.data.children.values():
            care = self._care(child)
            endings = [e for e in care if e.end is not None and self.start <= e.end <= self.end and e.rec != "X1"]
            if not endings:
                continue
            last = endings[-1]
            ceased += 1
            if last.rec not in ADOPTED:
                continue
            adopted += 1
            period = [e for e in care if e.start <= last.start]
            entered = max((e.start for e in period if e.rne == "S"), default=None)
            if entered is None:
                continue
            in_period = [e for e in period if e.start >= entered]
            placed = next((e.start for e in in_period if e.place in PLACED_FOR_ADOPTION), None)
            if placed is not None:
                entry_to_placed.append((placed - entered).days)
            order = next((e.start for e in in_period if e.ls == "E1"), None)
            if order is not None and child.matched is not None and child.matched >= order:
                order_to_match.append((child.matched - order).days)
        found = [
            _average("cla.adoption_entry_to_placed_days", entry_to_placed, "children adopted in the year"),
            percent("cla.adopted_pct", adopted, ceased),
        ]
        if self.data.has("ad1"):
            found.append(
                _average("cla.placement_order_to_match_days", order_to_match, "children adopted with a match date")
            )
        else:
            found.append(
                Result.not_computed(
                    "cla.placement_order_to_match_days", "Needs the SSDA903 ad1 file, which was not imported."
                )
            )
        return found


def _average(code: str, days: list[int], what: str) -> Result:
    if not days:
        return Result.not_computed(code, f"No {what} in this return.")
    return Result(code, round(sum(days) / len(days)), sum(days), len(days), note=f"Average over {len(days):,} {what}")
