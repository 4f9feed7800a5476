"""Records in a CIN census that cannot be true, found child by child as the file streams.

A file can pass DfE's schema and still hold a child protection plan that ends before it starts,
or two open episodes for one child. Imported as they are, such records change the figures without
anyone knowing (issue 16). Each rule below is a named function: it says what it finds and why,
and which indicators the broken record is left out of, following one principle: a broken record
is left out of the indicators it would distort, and only those. A plan that ends before it starts
is left out of every plan indicator, but the child's referral still counts.

Each finding is listed as a problem with its line (never the child's identifier) and counted by
rule in the import's data-quality summary. A file with too many children with problems is
refused whole (``importing.refuse_poor_quality``). The checker that applies the rules as the file
streams, and the summary it keeps, are in ``cin_checking``. DfE validates the census with about 120 rules
(data-standards.md §2.5); these are the ones that change what Scrutiny computes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrutiny.performance.returns.cin import Assessment, Child, Enquiry, Episode, Plan

# --- What a broken record is left out of: one bit per group of indicators ---------------------

#: The episode's referral: referrals, re-referrals, no further action, assessed not in need.
REFERRALS = 1
#: The episode among children in need at 31 March.
IN_NEED_AT_31 = 2
#: The assessment: within 45 working days, and the factors identified.
ASSESSMENTS = 4
#: The section 47 enquiry among the year's enquiries.
ENQUIRIES = 8
#: The initial conference among the year's conferences.
CONFERENCES = 16
#: The initial conference in the share held within 15 working days of the enquiry's start.
CONFERENCE_TIMING = 32
#: The child protection plan: every plan indicator (at 31 March, started, subsequent, two years
#: or more open and ended, reviews on time).
PLANS = 64
#: The plan in reviews on time only.
REVIEWS = 128
EVERY_INDICATOR = 255

#: Each group's indicator codes (the catalogue's), for the summary and the figures' notes.
GROUP_CODES: dict[int, tuple[str, ...]] = {
    REFERRALS: (
        "cin.referrals_per_10k",
        "cin.rereferrals_12m_pct",
        "cin.referrals_nfa_pct",
        "cin.assessed_not_in_need_pct",
    ),
    IN_NEED_AT_31: ("cin.cin_at31_per_10k",),
    ASSESSMENTS: ("cin.assessments_45wd_pct", "cin.assessment_factors_pct"),
    ENQUIRIES: ("cp.s47_per_10k",),
    CONFERENCES: ("cp.icpcs_per_10k",),
    CONFERENCE_TIMING: ("cp.icpc_15wd_pct",),
    PLANS: (
        "cp.plans_at31_per_10k",
        "cp.plans_started_per_10k",
        "cp.subsequent_plan_pct",
        "cp.plans_2y_plus_at31_pct",
        "cp.plans_ended_2y_plus_pct",
        "cp.reviews_in_time_pct",
    ),
    REVIEWS: ("cp.reviews_in_time_pct",),
}


def codes_of(left_out: int) -> list[str]:
    """The indicator codes a record marked ``left_out`` is left out of, in catalogue order."""
    found: list[str] = []
    for bit, codes in GROUP_CODES.items():
        if left_out & bit:
            found += [code for code in codes if code not in found]
    return found


#: Dated records of an episode and what each is left out of when one of its dates is impossible.
_EPISODE = REFERRALS | IN_NEED_AT_31 | CONFERENCES
_ENQUIRY = ENQUIRIES | CONFERENCES | CONFERENCE_TIMING


@dataclass(frozen=True)
class Finding:
    """One broken record: the element at fault, why, the record (to mark) and what it is left
    out of."""

    element: str
    reason: str
    record: Episode | Assessment | Enquiry | Plan | Child
    left_out: int
    line: int


@dataclass(frozen=True)
class Collection:
    """What the rules need to know about the file: its year's last day and today."""

    end: date
    today: date


def _d(day: date) -> str:
    return f"{day:%d/%m/%Y}"


# --- The rules ---------------------------------------------------------------------------------


def episode_ends_before_it_starts(child: Child, collection: Collection) -> list[Finding]:
    """An episode of need closed before its referral (CINclosureDate before CINreferralDate).

    Why: whether the episode was open at 31 March cannot be known, so it is left out of children
    in need at 31 March. Its referral still counts: the referral date is the one DfE checks
    against the year, and the closure is the date in doubt."""
    return [
        Finding(
            "CINclosureDate",
            f"the episode closes ({_d(e.closure)}) before its referral ({_d(e.referral)})",
            e,
            IN_NEED_AT_31,
            e.line,
        )
        for e in child.episodes
        if e.closure is not None and e.closure < e.referral
    ]


def plan_ends_before_it_starts(child: Child, collection: Collection) -> list[Finding]:
    """A child protection plan that ends before it starts (CPPendDate before CPPstartDate).

    Why: the plan's length, whether it was open at 31 March and whether it started in the year
    are all in doubt, so it is left out of every plan indicator (the issue 16 case, which had
    lengthened the plans of two years or more). The referral and enquiry before it still count."""
    return [
        Finding(
            "CPPendDate",
            f"the child protection plan ends ({_d(p.end)}) before it starts ({_d(p.start)})",
            p,
            PLANS,
            p.line,
        )
        for e in child.episodes
        for p in e.plans
        if p.end is not None and p.end < p.start
    ]


def assessment_authorised_before_it_started(child: Child, collection: Collection) -> list[Finding]:
    """An assessment authorised (ended) before it started (AssessmentAuthorisationDate before
    AssessmentActualStartDate).

    Why: a negative length would count as within 45 working days, so the assessment is left out
    of assessments within 45 working days and of the factors identified at assessment."""
    return [
        Finding(
            "AssessmentAuthorisationDate",
            f"the assessment is authorised ({_d(a.authorised)}) before it started ({_d(a.start)})",
            a,
            ASSESSMENTS,
            a.line,
        )
        for e in child.episodes
        for a in e.assessments
        if a.authorised is not None and a.authorised < a.start
    ]


def icpc_before_its_s47_started(child: Child, collection: Collection) -> list[Finding]:
    """An initial child protection conference held before its section 47 enquiry began
    (DateOfInitialCPC before S47ActualStartDate).

    Why: the conference's timeliness (15 working days from the enquiry's start) would be negative
    and count as on time, so it is left out of ICPCs within 15 working days. The conference itself
    still counts among the year's conferences, which go by its own date."""
    return [
        Finding(
            "DateOfInitialCPC",
            f"the initial conference ({_d(s.conference)}) is before its section 47 enquiry began ({_d(s.start)})",
            s,
            CONFERENCE_TIMING,
            s.line,
        )
        for e in child.episodes
        for s in e.enquiries
        if s.conference is not None and s.conference < s.start
    ]


def s47_before_its_referral(child: Child, collection: Collection) -> list[Finding]:
    """A section 47 enquiry that began before the referral that opened its episode
    (S47ActualStartDate before CINreferralDate).

    Why: the enquiry belongs to another episode or is misdated; the referral anchors the episode,
    so the enquiry's date is the one in doubt. It is left out of section 47 enquiries and of
    conference timeliness (measured from its start); the referral still counts."""
    return [
        Finding(
            "S47ActualStartDate",
            f"the section 47 enquiry began ({_d(s.start)}) before its episode's referral ({_d(e.referral)})",
            s,
            ENQUIRIES | CONFERENCE_TIMING,
            s.line,
        )
        for e in child.episodes
        for s in e.enquiries
        if s.start < e.referral
    ]


def episodes_overlap(child: Child, collection: Collection) -> list[Finding]:
    """Two episodes of need of one child that overlap: a referral while an earlier episode is
    still open (referred before the earlier one closed, or the earlier one never closed).

    Why: a referral is not recorded while the child's case is open (indicators.md §1), so the
    later episode would count the child twice: it is left out of the referral indicators and of
    children in need at 31 March. What was recorded inside it is checked on its own."""
    if len(child.episodes) < 2:
        return []
    found = []
    ordered = sorted(child.episodes, key=lambda e: e.referral)
    open_until: date | None = ordered[0].closure
    for earlier, later in pairwise(ordered):
        if open_until is None or later.referral < open_until:
            closed = "is still open" if open_until is None else f"closes on {_d(open_until)}"
            found.append(
                Finding(
                    "CINreferralDate",
                    f"a referral on {_d(later.referral)} while an earlier episode (referred on "
                    f"{_d(earlier.referral)}) {closed}",
                    later,
                    REFERRALS | IN_NEED_AT_31,
                    later.line,
                )
            )
            continue  # the later episode is left out; the earlier one still bounds the next
        open_until = later.closure
    return found


def plans_overlap(child: Child, collection: Collection) -> list[Finding]:
    """Two child protection plans of one child that overlap: a plan starting before an earlier
    plan ended (or while it is still open).

    Why: a child is on one plan at a time; the later plan would count the child twice at
    31 March and among plans started, so it is left out of every plan indicator."""
    plans = [p for e in child.episodes for p in e.plans]
    if len(plans) < 2:
        return []
    found = []
    plans.sort(key=lambda p: p.start)
    open_until: date | None = plans[0].end
    for earlier, later in pairwise(plans):
        if open_until is None or later.start < open_until:
            closed = "is still open" if open_until is None else f"ends on {_d(open_until)}"
            found.append(
                Finding(
                    "CPPstartDate",
                    f"a child protection plan starting on {_d(later.start)} while an earlier plan (from "
                    f"{_d(earlier.start)}) {closed}",
                    later,
                    PLANS,
                    later.line,
                )
            )
            continue
        open_until = later.end
    return found


def review_before_its_plan_started(child: Child, collection: Collection) -> list[Finding]:
    """A review conference dated before its child protection plan started.

    Why: the first review is due 3 months after the start; a review before it makes the chain of
    reviews meaningless, so the plan is left out of reviews on time (only)."""
    return [
        Finding(
            "CPPreviewDate",
            f"a review conference ({_d(min(p.reviews))}) is before its plan started ({_d(p.start)})",
            p,
            REVIEWS,
            p.line,
        )
        for e in child.episodes
        for p in e.plans
        if p.reviews and min(p.reviews) < p.start
    ]


def _dated(child: Child) -> list[tuple[str, date | None, Episode | Assessment | Enquiry | Plan, int, int]]:
    """Every date of the child with its element, record, what the record feeds, and line."""
    found: list[tuple[str, date | None, Episode | Assessment | Enquiry | Plan, int, int]] = []
    for e in child.episodes:
        found += [
            ("CINreferralDate", e.referral, e, _EPISODE, e.line),
            ("CINclosureDate", e.closure, e, _EPISODE, e.line),
            ("DateOfInitialCPC", e.conference, e, _EPISODE, e.line),
        ]
        for a in e.assessments:
            found += [
                ("AssessmentActualStartDate", a.start, a, ASSESSMENTS, a.line),
                ("AssessmentAuthorisationDate", a.authorised, a, ASSESSMENTS, a.line),
            ]
        for s in e.enquiries:
            found += [
                ("S47ActualStartDate", s.start, s, _ENQUIRY, s.line),
                ("DateOfInitialCPC", s.conference, s, _ENQUIRY, s.line),
            ]
        for p in e.plans:
            found += [("CPPstartDate", p.start, p, PLANS, p.line), ("CPPendDate", p.end, p, PLANS, p.line)]
            found += [("CPPreviewDate", day, p, PLANS, p.line) for day in p.reviews]
    return found


def _latest(child: Child) -> date:
    """The child's latest date, cheaply: most children have none past the year, and this spares
    them the walk that names the element."""
    latest = date.min
    for e in child.episodes:
        latest = max(latest, e.referral, e.closure or date.min, e.conference or date.min)
        for a in e.assessments:
            latest = max(latest, a.start, a.authorised or date.min)
        for s in e.enquiries:
            latest = max(latest, s.start, s.conference or date.min)
        for p in e.plans:
            latest = max(latest, p.start, p.end or date.min, *p.reviews)
    return latest


def date_in_the_future(child: Child, collection: Collection) -> list[Finding]:
    """A date after today (the day of the import).

    Why: nothing can have happened yet on that day, so the record holding it is wrong as a whole
    and left out of every indicator it feeds (an episode of its referral, children in need at
    31 March and its conference; an assessment, enquiry or plan of all of its own)."""
    if _latest(child) <= collection.today:
        return []
    return [
        Finding(element, f"{_d(day)} is in the future", record, left_out, line)
        for element, day, record, left_out, line in _dated(child)
        if day is not None and day > collection.today
    ]


def date_after_the_collection_year(child: Child, collection: Collection) -> list[Finding]:
    """A date after the collection year's 31 March (but not in the future).

    Why: the census records what was known on 31 March (data-standards.md §2.1), so such a date
    is a mistake, often a mistyped year: a plan "ending" in 2052 would be counted as open at
    31 March. The record holding it is left out of every indicator it feeds, as for a date in
    the future. (An episode that closed before the year began is not in the year's figures and
    still serves the re-referral look-back, so it is not a problem here.)"""
    if _latest(child) <= collection.end:
        return []
    return [
        Finding(
            element,
            f"{_d(day)} is after the collection year ends ({_d(collection.end)})",
            record,
            left_out,
            line,
        )
        for element, day, record, left_out, line in _dated(child)
        if day is not None and collection.end < day <= collection.today
    ]


def event_without_its_date(child: Child, collection: Collection) -> list[Finding]:
    """A counted event recorded without the date it is counted by: an episode with a reason for
    closure but no closure date, or an assessment with its factors identified (recorded at its
    end) but no authorisation date.

    Why: the episode would count as open at 31 March though it is closed, so it is left out of
    children in need at 31 March; the assessment cannot be placed in a year or timed, so it is
    left out of the assessment indicators."""
    found = [
        Finding(
            "CINclosureDate",
            f"the episode has a reason for closure ({e.reason_for_closure}) but no closure date",
            e,
            IN_NEED_AT_31,
            e.line,
        )
        for e in child.episodes
        if e.closure is None and e.reason_for_closure
    ]
    found += [
        Finding(
            "AssessmentAuthorisationDate",
            "the assessment has factors identified at its end but no authorisation date",
            a,
            ASSESSMENTS,
            a.line,
        )
        for e in child.episodes
        for a in e.assessments
        if a.authorised is None and a.factors
    ]
    return found


Rule = Callable[["Child", Collection], list[Finding]]

#: Every rule applied to each child, in the order their problems are listed. The duplicate
#: identifier rule is the checker's own (it needs the children before).
RULES: tuple[Rule, ...] = (
    episode_ends_before_it_starts,
    plan_ends_before_it_starts,
    assessment_authorised_before_it_started,
    icpc_before_its_s47_started,
    s47_before_its_referral,
    episodes_overlap,
    plans_overlap,
    review_before_its_plan_started,
    date_in_the_future,
    date_after_the_collection_year,
    event_without_its_date,
)
DUPLICATE_CHILD_ID = "duplicate_child_id"

#: Each rule's name as shown in the data-quality summary, and what it leaves the record out of.
RULE_LABELS: dict[str, str] = {
    "episode_ends_before_it_starts": "Episodes of need that close before their referral",
    "plan_ends_before_it_starts": "Child protection plans that end before they start",
    "assessment_authorised_before_it_started": "Assessments authorised before they started",
    "icpc_before_its_s47_started": "Initial conferences before their section 47 enquiry began",
    "s47_before_its_referral": "Section 47 enquiries before their episode's referral",
    "episodes_overlap": "Episodes of need overlapping an earlier one of the same child",
    "plans_overlap": "Child protection plans overlapping an earlier one of the same child",
    "review_before_its_plan_started": "Plans with a review conference before the plan started",
    "date_in_the_future": "Records with a date in the future",
    "date_after_the_collection_year": "Records dated outside the collection year",
    "event_without_its_date": "Closures or completed assessments without their date",
    DUPLICATE_CHILD_ID: "Children whose identifier an earlier child in the file already has",
}
#: What each rule's broken record is left out of, for the summary and the README's table.
RULE_LEAVES_OUT: dict[str, int] = {
    "episode_ends_before_it_starts": IN_NEED_AT_31,
    "plan_ends_before_it_starts": PLANS,
    "assessment_authorised_before_it_started": ASSESSMENTS,
    "icpc_before_its_s47_started": CONFERENCE_TIMING,
    "s47_before_its_referral": ENQUIRIES | CONFERENCE_TIMING,
    "episodes_overlap": REFERRALS | IN_NEED_AT_31,
    "plans_overlap": PLANS,
    "review_before_its_plan_started": REVIEWS,
    "date_in_the_future": EVERY_INDICATOR,
    "date_after_the_collection_year": EVERY_INDICATOR,
    "event_without_its_date": IN_NEED_AT_31 | ASSESSMENTS,
    DUPLICATE_CHILD_ID: EVERY_INDICATOR,
}
