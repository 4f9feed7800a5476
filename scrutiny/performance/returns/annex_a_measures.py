"""The timeliness measures an Ofsted Annex A workbook allows (indicators.md §3, the Annex A
fields beside each indicator; data-standards.md §4).

Annex A holds a look-back window of cases, not a year, so these are **local approximations**:
each is computed over whatever the list holds, or over the cases open at the extract date, and
none is comparable with DfE's published figures. Each says so in its note. The statutory
timescales used are cited beside each measure; the local ones (how often a child on a plan is
visited) are counting rules a partnership can change (rules.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.clocks.workdays import add_months, add_working_days, working_days_between
from scrutiny.performance.returns.annex_a import LISTS, AnnexA, ListRows
from scrutiny.performance.returns.results import Result, percent
from scrutiny.performance.rules import CountingRules

Row = dict[str, Any]


class AnnexAMeasures:
    def __init__(self, data: AnnexA, extract_date: date, rules: CountingRules) -> None:
        self.data = data
        self.extract = extract_date
        self.rules = rules
        self.note = (
            f"A local approximation from Ofsted Annex A, extract date {extract_date:%d/%m/%Y}: "
            "not comparable with DfE's published figures."
        )

    # -- helpers ------------------------------------------------------------------------------

    def _rows(self, code: str, number: int, needs: Iterable[str]) -> list[Row] | Result:
        """The list's rows, or "not computed" saying which list or column is missing."""
        found: ListRows | None = self.data.lists.get(number)
        if found is None:
            return Result.not_computed(code, f"List {number} ({LISTS[number]}) is not in the workbook.")
        missing = [column.header for column in found.missing if column.key in set(needs)]
        if missing:
            headers = ", ".join(f"“{header}”" for header in missing)
            return Result.not_computed(code, f"{found.label} has no column for {headers}.")
        return [values for _line, values in found.rows]

    def _open(self, row: Row, end_key: str) -> bool:
        end = row.get(end_key)
        return end is None or end > self.extract

    def _share(
        self, code: str, number: int, needs: Iterable[str], counted: Callable[[Row], bool | None], note: str = ""
    ) -> Result:
        """numerator ÷ denominator over the list's rows: ``counted`` says True (counts in both),
        False (in the denominator only) or None (left out)."""
        rows = self._rows(code, number, needs)
        if isinstance(rows, Result):
            return rows
        numerator = denominator = outside = 0
        for row in rows:
            try:
                answer = counted(row)
            except OutsideHolidayData:
                outside += 1
                continue
            if answer is None:
                continue
            denominator += 1
            numerator += int(answer)
        extra = f" {outside:,} rows with dates outside the bank-holiday data were left out." if outside else ""
        return percent(code, numerator, denominator, note=f"{self.note}{note and ' ' + note}{extra}")

    # -- the measures -------------------------------------------------------------------------

    def results(self) -> list[Result]:
        return [
            self.contacts(),
            self.early_help_in_time(),
            self.referrals_nfa(),
            self.rereferrals(),
            self.assessments_45wd(),
            self.assessment_child_seen(),
            self.icpc_15wd(),
            self.cp_visits_in_time(),
            self.cp_reviews_in_time(),
            self.cla_reviews_in_time(),
            self.cla_visits_in_time(),
            self.cla_health_in_time(),
            self.cla_dental_in_time(),
            self.cla_placements_3plus(),
            self.leavers_pathway_plan_in_time(),
            self.leavers_in_touch(),
            self.leavers_suitable_accommodation(),
        ]

    def contacts(self) -> Result:
        code = "annex_a.contacts"
        rows = self._rows(code, 1, ["contact"])
        if isinstance(rows, Result):
            return rows
        count = sum(1 for row in rows if row.get("contact"))
        dates = [row["contact"] for row in rows if row.get("contact")]
        window = f" Contacts dated {min(dates):%d/%m/%Y} to {max(dates):%d/%m/%Y}." if dates else ""
        return Result(code, count, count, None, note=self.note + window)

    def early_help_in_time(self) -> Result:
        days = self.rules.annex_a_early_help_working_days

        def counted(row: Row) -> bool | None:
            if not row.get("start") or not row.get("completed"):
                return None
            return working_days_between(row["start"], row["completed"]) <= days

        return self._share(
            "annex_a.early_help_assessments_in_time_pct",
            2,
            ["start", "completed"],
            counted,
            f"Completed assessments; in time means within {days} working days of the start (a local standard).",
        )

    def referrals_nfa(self) -> Result:
        return self._share(
            "annex_a.referrals_nfa_pct", 3, ["nfa"], lambda row: row.get("nfa"), "Referrals with the answer given."
        )

    def rereferrals(self) -> Result:
        includes = self.rules.annex_a_referral_count_includes_current
        threshold = 2 if includes else 1

        def counted(row: Row) -> bool | None:
            count = row.get("in_12m")
            return None if count is None else count >= threshold

        return self._share(
            "annex_a.rereferrals_12m_pct",
            3,
            ["in_12m"],
            counted,
            f"Re-referred means “Number of Referrals in Last 12 Months” is {threshold} or more "
            f"(the count is taken to {'include' if includes else 'leave out'} the referral itself).",
        )

    def assessments_45wd(self) -> Result:
        def counted(row: Row) -> bool | None:
            if not row.get("start") or not row.get("authorised"):
                return None
            return working_days_between(row["start"], row["authorised"]) <= 45

        return self._share(
            "annex_a.assessments_45wd_pct",
            4,
            ["start", "authorised"],
            counted,
            "Authorised assessments; 45 working days from the assessment start (Working Together 2023).",
        )

    def assessment_child_seen(self) -> Result:
        return self._share(
            "annex_a.assessment_child_seen_pct",
            4,
            ["seen"],
            lambda row: row.get("seen"),
            "Assessments with the answer given.",
        )

    def icpc_15wd(self) -> Result:
        def counted(row: Row) -> bool | None:
            start, conference = row.get("s47"), row.get("icpc")
            if not start or not conference or conference < start:
                return None
            return working_days_between(start, conference) <= 15

        return self._share(
            "annex_a.icpc_15wd_pct",
            5,
            ["s47", "icpc"],
            counted,
            "ICPCs held after the strategy discussion; 15 working days (Working Together 2023).",
        )

    def cp_visits_in_time(self) -> Result:
        days = self.rules.annex_a_cp_visit_working_days

        def counted(row: Row) -> bool | None:
            start = row.get("start")
            if not start or not self._open(row, "end") or add_working_days(start, days) > self.extract:
                return None
            visit = row.get("visit")
            return visit is not None and working_days_between(visit, self.extract) <= days

        return self._share(
            "annex_a.cp_visits_in_time_pct",
            7,
            ["start", "end", "visit"],
            counted,
            f"Plans open at the extract date for at least {days} working days; in time means visited "
            f"within the last {days} working days (a local standard).",
        )

    def cp_reviews_in_time(self) -> Result:
        def counted(row: Row) -> bool | None:
            start = row.get("start")
            if not start or not self._open(row, "end"):
                return None
            review = row.get("review")
            # First review within 3 months of the plan starting, then every 6 months (Working Together 2023).
            due = add_months(review, 6) if review else add_months(start, 3)
            return due >= self.extract

        return self._share(
            "annex_a.cp_reviews_in_time_pct",
            7,
            ["start", "end", "review"],
            counted,
            "Plans open at the extract date whose next review was not yet overdue. Annex A holds the "
            "latest review only, so earlier late reviews are not seen.",
        )

    def _cla_open(self, row: Row) -> bool:
        return bool(row.get("start")) and self._open(row, "ceased")

    def cla_reviews_in_time(self) -> Result:
        def counted(row: Row) -> bool | None:
            if not self._cla_open(row):
                return None
            review = row.get("review")
            # First review within 20 working days, then 3 months, then every 6 months (Care Planning
            # Regulations 2010, reg. 33); only the latest review is in Annex A, so 6 months after it.
            due = add_months(review, 6) if review else add_working_days(row["start"], 20)
            return due >= self.extract

        return self._share(
            "annex_a.cla_reviews_in_time_pct",
            8,
            ["start", "ceased", "review"],
            counted,
            "Children looked after at the extract date whose next review was not yet overdue.",
        )

    def cla_visits_in_time(self) -> Result:
        days = self.rules.annex_a_cla_visit_days

        def counted(row: Row) -> bool | None:
            if not self._cla_open(row) or (self.extract - row["start"]).days < days:
                return None
            visit = row.get("visit")
            return visit is not None and (self.extract - visit).days <= days

        return self._share(
            "annex_a.cla_visits_in_time_pct",
            8,
            ["start", "ceased", "visit"],
            counted,
            f"Children looked after for at least {days} days; in time means visited within the last {days} "
            "days (Care Planning Regulations 2010, reg. 28, at most 6 weeks apart in the first year).",
        )

    def cla_health_in_time(self) -> Result:
        def counted(row: Row) -> bool | None:
            if not self._cla_open(row) or add_working_days(row["start"], 20) >= self.extract:
                return None
            health = row.get("health")
            if health is None:
                return False
            # Reviewed every 6 months under 5, every 12 months from 5 (statutory guidance on
            # promoting the health of looked-after children, 2015).
            age = row.get("age")
            return add_months(health, 6 if age is not None and age < 5 else 12) >= self.extract

        return self._share(
            "annex_a.cla_health_assessment_in_time_pct",
            8,
            ["start", "ceased", "health", "age"],
            counted,
            "Children looked after for more than 20 working days; in time means a health assessment within "
            "the last 6 months (under 5) or 12 months (5 and over).",
        )

    def cla_dental_in_time(self) -> Result:
        def counted(row: Row) -> bool | None:
            if not self._cla_open(row) or add_months(row["start"], 12) > self.extract:
                return None
            dental = row.get("dental")
            return dental is not None and add_months(dental, 12) >= self.extract

        return self._share(
            "annex_a.cla_dental_check_in_time_pct",
            8,
            ["start", "ceased", "dental"],
            counted,
            "Children looked after for 12 months or more; in time means a dental check within the last 12 months.",
        )

    def cla_placements_3plus(self) -> Result:
        def counted(row: Row) -> bool | None:
            if not self._cla_open(row) or row.get("placements") is None:
                return None
            return bool(row["placements"] >= 3)

        return self._share(
            "annex_a.cla_placements_3plus_pct",
            8,
            ["start", "ceased", "placements"],
            counted,
            "Children looked after at the extract date with the number of placements given.",
        )

    def leavers_pathway_plan_in_time(self) -> Result:
        def counted(row: Row) -> bool | None:
            review = row.get("pathway")
            # Pathway plans are reviewed at least every 6 months (Care Leavers Regulations 2010, reg. 7).
            return review is not None and add_months(review, 6) >= self.extract

        return self._share(
            "annex_a.leavers_pathway_plan_in_time_pct",
            9,
            ["pathway"],
            counted,
            "Care leavers; in time means a pathway plan review within the last 6 months.",
        )

    def leavers_in_touch(self) -> Result:
        def counted(row: Row) -> bool | None:
            answer = (row.get("in_touch") or "").strip().lower()
            if not answer or answer in {"nreq", "not required", "died"}:
                return None
            return answer in {"yes", "y", "true", "1", "in touch"}

        return self._share(
            "annex_a.leavers_in_touch_pct",
            9,
            ["in_touch"],
            counted,
            "Care leavers with an answer; “not required” and “died” are left out.",
        )

    def leavers_suitable_accommodation(self) -> Result:
        def counted(row: Row) -> bool | None:
            answer = (row.get("suitable") or "").strip().lower()
            if not answer:
                return None
            if answer.startswith(("not", "un", "no")):
                return False
            if answer.startswith(("suitable", "yes", "y")):
                return True
            return None

        return self._share(
            "annex_a.leavers_suitable_accommodation_pct",
            9,
            ["suitable"],
            counted,
            "Care leavers whose accommodation is recorded as suitable or not suitable.",
        )
