"""Every CIN and child-protection indicator, counted in one pass over a CIN census file.

Each child is added as it is read and then forgotten: only counters stay, so a national file
needs no more memory than a small one. Definitions and their sources are in the catalogue
(data/indicators.yaml, from indicators.md §3); the numbers in the comments are the catalogue's.
Where DfE's method is not certain the rule is named in ``rules.CountingRules`` and configurable.
"""

from __future__ import annotations

import hashlib
import hmac
from collections import Counter
from dataclasses import replace
from datetime import date

from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.clocks.workdays import add_months, subtract_months, working_days_between
from scrutiny.performance.population import Population
from scrutiny.performance.returns.cin import Child, CinHeader, Episode
from scrutiny.performance.returns.cin_quality import (
    ASSESSMENTS,
    CONFERENCE_TIMING,
    CONFERENCES,
    ENQUIRIES,
    EVERY_INDICATOR,
    GROUP_CODES,
    IN_NEED_AT_31,
    PLANS,
    REFERRALS,
    REVIEWS,
)
from scrutiny.performance.returns.results import Result, percent, rate_per_10k
from scrutiny.performance.rules import CountingRules

#: Closure reasons meaning "closed after assessment": no further action, or referred to early help.
CLOSED_AFTER_ASSESSMENT = {"RC8", "RC9"}
#: DfE's "2 years or more" for plans: more than 729 calendar days, counting the end day (#13, #14).
TWO_YEARS_DAYS = 729
#: The factor code meaning "no factors identified".
NO_FACTORS = "21"

CIN_CODES = (
    "cin.referrals_per_10k",
    "cin.rereferrals_12m_pct",
    "cin.referrals_nfa_pct",
    "cin.assessed_not_in_need_pct",
    "cin.assessments_45wd_pct",
    "cin.cin_at31_per_10k",
    "cp.s47_per_10k",
    "cp.icpcs_per_10k",
    "cp.icpc_15wd_pct",
    "cp.plans_at31_per_10k",
    "cp.plans_started_per_10k",
    "cp.subsequent_plan_pct",
    "cp.plans_2y_plus_at31_pct",
    "cp.plans_ended_2y_plus_pct",
    "cp.reviews_in_time_pct",
    "cin.assessment_factors_pct",
)


def reporting_year_bounds(year: int) -> tuple[date, date]:
    """1 April to 31 March of the reporting year labelled by the year it ends (indicators.md §1)."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def child_hash(salt: bytes, key: str) -> str:
    """The salted hash that stands for a child across years for the re-referral look-back: the
    LA child ID itself is never stored."""
    return hmac.new(salt, key.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class CinIndicators:
    """Counters for one CIN census file of reporting year ``year``."""

    def __init__(
        self,
        year: int,
        rules: CountingRules,
        salt: bytes,
        earlier_referrals: dict[str, list[date]] | None,
    ) -> None:
        self.year = year
        self.start, self.end = reporting_year_bounds(year)
        self.review_cutoff = subtract_months(self.end, 3)
        self.rules = rules
        self.salt = salt
        #: Referral dates of each (hashed) child from the previous year's import; None when that
        #: year was not imported, so re-referrals cannot be looked back for.
        self.earlier_referrals = earlier_referrals
        #: This year's referrals, kept (hashed) for next year's look-back.
        self.traces: list[tuple[str, date]] = []
        self.c: Counter[str] = Counter()
        self.factors: Counter[str] = Counter()
        self.outside_holiday_data = 0
        #: Records the data-quality checks left out, by the group of indicators (cin_quality's
        #: bits): said on each figure they were left out of.
        self.left_out: Counter[int] = Counter()

    # --- one child -------------------------------------------------------------------------

    def in_year(self, day: date | None) -> bool:
        return day is not None and self.start <= day <= self.end

    def open_at_end(self, start: date, end: date | None) -> bool:
        if start > self.end:
            return False
        if end is None:
            return True
        return end >= self.end if self.rules.closing_on_31_march_is_open else end > self.end

    def add(self, header: CinHeader, child: Child) -> None:
        c = self.c
        if child.left_out:  # a duplicate identifier: the whole child is left out
            self.left_out[EVERY_INDICATOR] += 1
            return
        hashed = child_hash(self.salt, child.key) if child.key else ""
        referral_dates = sorted(episode.referral for episode in child.episodes if not episode.left_out & REFERRALS)
        reviews_on_time: bool | None = None
        for episode in child.episodes:
            left_out = episode.left_out
            if left_out:
                self._count_left_out(left_out)
            referred_in_year = not left_out & REFERRALS and self.in_year(episode.referral)
            if referred_in_year:
                c["referrals"] += 1  # 1
                if hashed:
                    self.traces.append((hashed, episode.referral))
                if self._rereferred(episode.referral, referral_dates, hashed):
                    c["rereferrals"] += 1  # 2
                if episode.nfa:
                    c["nfa"] += 1  # 3
                elif self._assessed_not_in_need(episode):
                    c["not_in_need"] += 1  # 4
            if not episode.nfa and not left_out & IN_NEED_AT_31 and self.open_at_end(episode.referral, episode.closure):
                c["cin_at31"] += 1  # 6
            self._assessments(episode)
            self._enquiries(episode)
            on_time = self._plans(episode)
            if on_time is not None:
                reviews_on_time = on_time if reviews_on_time is None else reviews_on_time and on_time
        if reviews_on_time is not None:  # 15: children, not plans
            c["review_children"] += 1
            c["review_children_on_time"] += int(reviews_on_time)

    def _count_left_out(self, left_out: int) -> None:
        for bit in GROUP_CODES:
            if left_out & bit:
                self.left_out[bit] += 1

    def _rereferred(self, referral: date, dates: list[date], hashed: str) -> bool:
        window_start = subtract_months(referral, 12)
        earlier = list(dates)
        if self.earlier_referrals is not None and hashed:
            earlier += self.earlier_referrals.get(hashed, [])
        inclusive = self.rules.rereferral_window_inclusive
        return any(day < referral and (day >= window_start if inclusive else day > window_start) for day in earlier)

    @staticmethod
    def _assessed_not_in_need(episode: Episode) -> bool:
        return (
            bool(episode.assessments)
            and not episode.cin_plans
            and not episode.enquiries
            and not episode.plans
            and episode.reason_for_closure in CLOSED_AFTER_ASSESSMENT
        )

    def _assessments(self, episode: Episode) -> None:
        factors: set[str] = set()
        for assessment in episode.assessments:
            if assessment.left_out:
                self._count_left_out(assessment.left_out)
                if assessment.left_out & ASSESSMENTS:
                    continue
            if not self.in_year(assessment.authorised):
                continue
            assert assessment.authorised is not None
            self.c["assessments"] += 1  # 5
            clock_start = episode.referral if self.rules.assessment_clock_start == "referral" else assessment.start
            try:
                within = working_days_between(clock_start, assessment.authorised) <= 45
            except OutsideHolidayData:
                # Started before the bank-holiday data begins (2012): years, not 45 working days.
                within = False
                self.outside_holiday_data += 1
            self.c["assessments_45wd"] += int(within)
            factors.update(assessment.factors)
        if factors:  # 16: episodes with factor information, and each factor once per episode
            self.c["factor_episodes"] += 1
            self.factors.update(factors)

    def _enquiries(self, episode: Episode) -> None:
        c = self.c
        conference_dates = set()
        for enquiry in episode.enquiries:
            left_out = enquiry.left_out
            if left_out:
                self._count_left_out(left_out)
            if not left_out & ENQUIRIES and self.in_year(enquiry.start):
                c["s47"] += 1  # 7
            if self.in_year(enquiry.conference):
                assert enquiry.conference is not None
                conference_dates.add(enquiry.conference)
                if left_out & CONFERENCES:
                    continue
                c["icpcs"] += 1  # 8
                if not enquiry.conference_not_required and not left_out & CONFERENCE_TIMING:
                    c["icpc_timed"] += 1  # 9
                    c["icpc_15wd"] += int(working_days_between(enquiry.start, enquiry.conference) <= 15)
        # 8: a conference recorded on the episode alone (a child transferring in on a plan).
        if (
            not episode.left_out & CONFERENCES
            and self.in_year(episode.conference)
            and episode.conference not in conference_dates
        ):
            c["icpcs"] += 1

    def _plans(self, episode: Episode) -> bool | None:
        """Counts the episode's plans; returns whether the reviews of its plans open at 31 March
        (and at least 3 months old) were all on time, or None when it has none."""
        c = self.c
        on_time: bool | None = None
        for plan in episode.plans:
            if plan.left_out:
                self._count_left_out(plan.left_out)
                if plan.left_out & PLANS:
                    continue
            if self.in_year(plan.start):
                c["plans_started"] += 1  # 11
                c["plans_subsequent"] += int(plan.previous_plans > 0)  # 12
            if self.open_at_end(plan.start, plan.end):
                c["plans_at31"] += 1  # 10
                c["plans_at31_2y"] += int((self.end - plan.start).days + 1 > TWO_YEARS_DAYS)  # 13
                if plan.start <= self.review_cutoff and not plan.left_out & REVIEWS:
                    timely = self._reviews_on_time(plan.start, plan.reviews)
                    if timely is not None:
                        on_time = timely if on_time is None else on_time and timely
            if self.in_year(plan.end):
                assert plan.end is not None
                c["plans_ended"] += 1  # 14
                c["plans_ended_2y"] += int((plan.end - plan.start).days + 1 > TWO_YEARS_DAYS)
        return on_time

    def _reviews_on_time(self, start: date, reviews: tuple[date, ...]) -> bool:
        """15: the first review within 3 months of the plan's start, each later one within 6
        months of the one before, and none overdue at 31 March (calendar months, §7.4). A plan
        with a review before its start is left out by the data-quality checks."""
        due = add_months(start, 3)
        for review in sorted(reviews):
            if review > self.end:
                break
            if review > due:
                return False
            due = add_months(review, 6)
        return due >= self.end

    # --- the year's figures ----------------------------------------------------------------

    def results(self, population: Population | None) -> list[Result]:
        c = self.c
        count = population.count if population else None
        note = population.label if population else "No ONS estimate of children aged 0 to 17 is loaded for this area."
        found = [
            rate_per_10k("cin.referrals_per_10k", c["referrals"], count, note),
            self._rereferral_result(),
            percent("cin.referrals_nfa_pct", c["nfa"], c["referrals"]),
            percent("cin.assessed_not_in_need_pct", c["not_in_need"], c["referrals"]),
            rate_per_10k("cin.cin_at31_per_10k", c["cin_at31"], count, note),
            rate_per_10k("cp.s47_per_10k", c["s47"], count, note),
            rate_per_10k("cp.icpcs_per_10k", c["icpcs"], count, note),
            percent("cp.icpc_15wd_pct", c["icpc_15wd"], c["icpc_timed"]),
            rate_per_10k("cp.plans_started_per_10k", c["plans_started"], count, note),
            percent("cp.subsequent_plan_pct", c["plans_subsequent"], c["plans_started"]),
            percent(
                "cin.assessments_45wd_pct",
                c["assessments_45wd"],
                c["assessments"],
                note=(
                    f"{self.outside_holiday_data:,} assessments started before 2012 counted as late."
                    if self.outside_holiday_data
                    else ""
                ),
            ),
            *self._factor_results(),
            rate_per_10k("cp.plans_at31_per_10k", c["plans_at31"], count, note),
            percent("cp.plans_2y_plus_at31_pct", c["plans_at31_2y"], c["plans_at31"]),
            percent("cp.plans_ended_2y_plus_pct", c["plans_ended_2y"], c["plans_ended"]),
            percent("cp.reviews_in_time_pct", c["review_children_on_time"], c["review_children"]),
        ]
        order = {code: n for n, code in enumerate(CIN_CODES)}
        return sorted((self._with_left_out(result) for result in found), key=lambda r: (order[r.code], r.dimension))

    def _with_left_out(self, result: Result) -> Result:
        """The figure, saying how many records the data-quality checks left out of it."""
        if result.dimension:
            return result
        left_out = self.left_out[EVERY_INDICATOR] + sum(
            count for bit, count in self.left_out.items() if bit != EVERY_INDICATOR and result.code in GROUP_CODES[bit]
        )
        if not left_out:
            return result
        said = (
            f"{left_out:,} record{'s' if left_out != 1 else ''} left out as impossible by the data-quality checks "
            "(see the import's data-quality summary)."
        )
        return replace(result, note=f"{result.note} {said}".strip())

    def _rereferral_result(self) -> Result:
        code = "cin.rereferrals_12m_pct"
        if self.earlier_referrals is None:
            return Result.not_computed(
                code,
                f"Re-referrals look back 12 months, into {self.year - 2}-{str(self.year - 1)[2:]}: import "
                f"the {self.year - 2}-{str(self.year - 1)[2:]} CIN census file and this figure is completed from it.",
            )
        return percent(code, self.c["rereferrals"], self.c["referrals"])

    def _factor_results(self) -> list[Result]:
        code = "cin.assessment_factors_pct"
        episodes = self.c["factor_episodes"]
        if not episodes:
            return [Result.not_computed(code, "No assessment completed in the year recorded factors.")]
        return [
            percent(code, self.factors[factor], episodes, dimension=factor)
            for factor in sorted(self.factors)
            if factor != NO_FACTORS
        ] + [Result(code, None, None, episodes, note="Episodes with assessment factor information")]
