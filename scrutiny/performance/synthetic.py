"""Synthetic CIN census files: fictional children whose volumes and rates resemble a real LA's.

Used by the demo (five years for each demo partnership), by the tests and by the benchmark
(any scale, up to national). No real child is in them: identifiers are made up from the LA code
and a number, dates are drawn at random.

Each child's whole history (referrals, assessments, enquiries, plans, over several years) is
drawn from a random generator seeded by the LA, the seed and the child's number, so the same
child has the same history in every year's file: re-referrals across years work as in real
data. A year's file holds the children with an episode open at any point in that year, as the
real census does, and is written as it is generated, so memory stays flat at any size.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import TextIO

from scrutiny.clocks.workdays import add_months, add_working_days

#: The years a child's history may span.
FIRST_DAY = date(2017, 4, 1)
LAST_DAY = date(2028, 3, 31)
_SPAN = (LAST_DAY - FIRST_DAY).days
_FACTORS = ("4B", "3B", "17A", "4A", "16A", "3A", "1B", "2B", "24A", "11A", "10A", "21")
_FACTOR_WEIGHTS = (34, 32, 19, 18, 18, 12, 10, 10, 6, 5, 5, 8)
_SOURCES = ("6", "2A", "3A", "3B", "3E", "1A", "5D", "4", "8", "9", "10", "5A")
_SOURCE_WEIGHTS = (29, 20, 4, 3, 5, 6, 5, 2, 6, 2, 3, 15)
_CATEGORIES = ("NEG", "EMO", "PHY", "SAB")
_CATEGORY_WEIGHTS = (50, 38, 8, 4)


@dataclass
class _Assessment:
    start: date
    authorised: date | None
    factors: tuple[str, ...]


@dataclass
class _Enquiry:
    start: date
    conference: date | None
    not_required: bool


@dataclass
class _Plan:
    start: date
    end: date | None
    previous: int
    category: str
    reviews: list[date]


@dataclass
class _Episode:
    referral: date
    source: str
    closure: date | None = None
    reason: str = ""
    nfa: bool = False
    assessments: list[_Assessment] = field(default_factory=list)
    cin_plan: tuple[date, date | None] | None = None
    enquiries: list[_Enquiry] = field(default_factory=list)
    plans: list[_Plan] = field(default_factory=list)
    #: A mistake written into the file (``with_mistake``): a closure date written whatever it is,
    #: or a reason for closure written without its date.
    written_closure: date | None = None
    reason_without_date: bool = False

    @property
    def need_code(self) -> str:
        return "N1" if self.plans or self.enquiries else "N4"


def _wd(start: date, days: int) -> date:
    try:
        return add_working_days(start, days)
    except ValueError:  # past the bank-holiday data: near enough for fiction
        return start + timedelta(days=days * 7 // 5)


def _episode(rng: random.Random, referral: date, plans_before: int) -> _Episode:
    episode = _Episode(referral=referral, source=rng.choices(_SOURCES, _SOURCE_WEIGHTS)[0])
    if rng.random() < 0.065:  # referral closed with no further action
        episode.nfa = True
        episode.closure = referral + timedelta(days=rng.randint(0, 10))
        episode.reason = "RC8"
        return episode
    start = _wd(referral, rng.randint(0, 6))
    length = rng.randint(3, 44) if rng.random() < 0.86 else rng.randint(46, 90)
    authorised = _wd(start, length)
    factors = tuple(sorted(set(rng.choices(_FACTORS, _FACTOR_WEIGHTS, k=rng.randint(1, 3)))))
    episode.assessments.append(_Assessment(start, authorised, factors))
    last = authorised
    roll = rng.random()
    if roll < 0.33:  # assessed, not in need
        episode.reason = rng.choice(("RC8", "RC9"))
    elif roll < 0.62:  # section 47 enquiry
        s47 = _wd(referral, rng.randint(0, 10))
        if rng.random() < 0.45:
            conference = _wd(s47, rng.randint(6, 15) if rng.random() < 0.8 else rng.randint(16, 30))
            episode.enquiries.append(_Enquiry(s47, conference, False))
            plan_start = conference
            months = rng.choices((3, 5, 7, 9, 11, 14, 18, 26), (10, 18, 20, 16, 14, 10, 8, 3))[0]
            plan_end = add_months(plan_start, months) + timedelta(days=rng.randint(0, 20))
            reviews, due = [], add_months(plan_start, 3)
            while due < plan_end:
                held = due - timedelta(days=rng.randint(0, 14)) if rng.random() < 0.92 else due + timedelta(days=9)
                reviews.append(held)
                due = add_months(held, 6)
            episode.plans.append(
                _Plan(
                    plan_start,
                    plan_end,
                    plans_before + (rng.random() < 0.2),
                    rng.choices(_CATEGORIES, _CATEGORY_WEIGHTS)[0],
                    reviews,
                )
            )
            last = plan_end
        else:
            episode.enquiries.append(_Enquiry(s47, None, True))
            last = max(last, s47)
        episode.reason = "RC7"
    else:  # child in need plan
        plan_end = add_months(authorised, rng.randint(3, 12))
        episode.cin_plan = (authorised, plan_end)
        last = plan_end
        episode.reason = "RC7"
    episode.closure = last + timedelta(days=rng.randint(1, 30))
    return episode


def _first_referral(rng: random.Random) -> date:
    return FIRST_DAY + timedelta(days=rng.randrange(_SPAN))


def child_history(seed: str, number: int, before: date = LAST_DAY) -> list[_Episode]:
    """The whole history of fictional child ``number``: one to four referrals over the span.
    Empty, without drawing the rest, when the first referral comes after ``before``."""
    rng = random.Random(f"{seed}:{number}")
    first = _first_referral(rng)
    if first > before:
        return []
    episodes = []
    referral = first
    plans = 0
    for _ in range(rng.choices((1, 2, 3, 4), (55, 27, 12, 6))[0]):
        episode = _episode(rng, referral, plans)
        plans += len(episode.plans)
        episodes.append(episode)
        assert episode.closure is not None
        referral = episode.closure + timedelta(days=rng.choice((20, 45, 90, 150, 250, 400, 700)))
        if referral > LAST_DAY:
            break
    return episodes


def _open_in(episode: _Episode, start: date, end: date) -> bool:
    return episode.referral <= end and (episode.closure is None or episode.closure >= start)


def _d(day: date | None) -> str:
    return day.isoformat() if day else ""


def _element(name: str, value: str) -> str:
    return f"<{name}>{value}</{name}>" if value else ""


def _child_xml(
    la_code: str, number: int, episodes: list[_Episode], end: date, schema_year: int, id_number: int | None = None
) -> str:
    gender = "<Sex>F</Sex>" if number % 2 else "<Sex>M</Sex>"
    if schema_year <= 2024:
        gender = f"<GenderCurrent>{2 if number % 2 else 1}</GenderCurrent>"
    key = f"SYN{la_code}{id_number or number:07d}"
    parts = [
        f"<Child><ChildIdentifiers><LAchildID>{key}</LAchildID>{gender}</ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>NOBT</Ethnicity></ChildCharacteristics>"
    ]
    for episode in episodes:
        # What the LA knew at 31 March: later dates are not in the file yet.
        closure = episode.closure if episode.closure and episode.closure <= end else None
        closure = episode.written_closure or closure
        parts.append(
            f"<CINdetails><CINreferralDate>{_d(episode.referral)}</CINreferralDate>"
            f"<ReferralSource>{episode.source}</ReferralSource><PrimaryNeedCode>{episode.need_code}</PrimaryNeedCode>"
            + _element("CINclosureDate", _d(closure) if not episode.reason_without_date else "")
            + _element("ReasonForClosure", episode.reason or "RC7" if closure or episode.reason_without_date else "")
        )
        for a in episode.assessments:
            if a.start > end:
                continue
            authorised = a.authorised if a.authorised and a.authorised <= end else None
            factors = "".join(f"<AssessmentFactors>{code}</AssessmentFactors>" for code in a.factors)
            parts.append(
                f"<Assessments><AssessmentActualStartDate>{_d(a.start)}</AssessmentActualStartDate>"
                + _element("AssessmentAuthorisationDate", _d(authorised))
                + (f"<FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment>" if authorised else "")
                + "</Assessments>"
            )
        if episode.cin_plan and episode.cin_plan[0] <= end:
            plan_end = episode.cin_plan[1] if episode.cin_plan[1] and episode.cin_plan[1] <= end else None
            parts.append(
                f"<CINPlanDates><CINPlanStartDate>{_d(episode.cin_plan[0])}</CINPlanStartDate>"
                + _element("CINPlanEndDate", _d(plan_end))
                + "</CINPlanDates>"
            )
        for e in episode.enquiries:
            if e.start > end:
                continue
            conference = e.conference if e.conference and e.conference <= end else None
            parts.append(
                f"<Section47><S47ActualStartDate>{_d(e.start)}</S47ActualStartDate>"
                f"<InitialCPCtarget>{_d(_wd(e.start, 15))}</InitialCPCtarget>"
                + _element("DateOfInitialCPC", _d(conference))
                + f"<ICPCnotRequired>{int(e.not_required)}</ICPCnotRequired></Section47>"
            )
        parts.append(f"<ReferralNFA>{int(episode.nfa)}</ReferralNFA>")
        for p in episode.plans:
            if p.start > end:
                continue
            plan_end = p.end if p.end and p.end <= end else None
            reviews = "".join(f"<CPPreviewDate>{_d(day)}</CPPreviewDate>" for day in p.reviews if day <= end)
            parts.append(
                f"<ChildProtectionPlans><CPPstartDate>{_d(p.start)}</CPPstartDate>"
                + _element("CPPendDate", _d(plan_end))
                + f"<InitialCategoryOfAbuse>{p.category}</InitialCategoryOfAbuse>"
                f"<LatestCategoryOfAbuse>{p.category}</LatestCategoryOfAbuse>"
                f"<NumberOfPreviousCPP>{p.previous}</NumberOfPreviousCPP>"
                + (f"<Reviews>{reviews}</Reviews>" if reviews else "")
                + "</ChildProtectionPlans>"
            )
        parts.append("</CINdetails>")
    parts.append("</Child>\n")
    return "".join(parts)


def children_in_year(seed: str, year: int, children: int) -> Iterator[tuple[int, list[_Episode]]]:
    """The first ``children`` fictional children with an episode open in reporting ``year``."""
    start, end = date(year - 1, 4, 1), date(year, 3, 31)
    found = 0
    number = 0
    while found < children:
        number += 1
        history = child_history(seed, number, before=end)
        shown = [episode for episode in history if _open_in(episode, start, end)]
        if shown:
            found += 1
            yield number, shown


def write_cin_census(
    out: TextIO,
    la_code: str,
    year: int,
    children: int,
    seed: str = "demo",
    mistakes: float = 0.0,
    planted: Sequence[str] = (),
) -> None:
    """Write reporting ``year``'s CIN census for ``la_code`` with ``children`` children, of whom
    a share ``mistakes`` (0.01 is 1%) have one of the mistakes real files hold (``with_mistake``),
    for the data-quality checks to find. ``planted`` names mistakes (``PLANTABLE``) given to one
    child each, in that order, spread through the file: the demo's few, of rules chosen so that
    each file shows several."""
    end = date(year, 3, 31)
    out.write(
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header><CollectionDetails><Collection>CIN</Collection>'
        f"<Year>{year}</Year><ReferenceDate>{end.isoformat()}</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{la_code}</LEA><SoftwareCode>Scrutiny synthetic</SoftwareCode>"
        f"<Release>1</Release><SerialNo>001</SerialNo><DateTime>{end.isoformat()}T23:00:00</DateTime></Source>"
        "</Header><Children>\n"
    )
    previous = 0
    waiting = list(planted)
    spacing = children // (len(planted) + 1)
    for position, (number, episodes) in enumerate(children_in_year(f"{seed}:{la_code}", year, children), start=1):
        id_number = None
        mistaken = False
        if mistakes:
            rng = random.Random(f"{seed}:{la_code}:{number}:mistake")
            if rng.random() < mistakes:
                mistaken = True
                episodes, duplicate = with_mistake(rng, episodes, end)
                id_number = previous if duplicate and previous else None
        # The next planted mistake goes to the first child past its place that can hold it.
        if waiting and not mistaken and previous and position >= spacing * (len(planted) - len(waiting) + 1):
            rng = random.Random(f"{seed}:{la_code}:{number}:planted")
            made = with_planted(waiting[0], rng, episodes, end)
            if made is not None:
                episodes, duplicate = made
                id_number = previous if duplicate else None
                waiting.pop(0)
        out.write(_child_xml(la_code, number, episodes, end, year, id_number))
        previous = number
    out.write("</Children></Message>\n")


def with_mistake(rng: random.Random, episodes: list[_Episode], end: date) -> tuple[list[_Episode], bool]:
    """The child's episodes with one mistake of the kinds real CIN census files hold, drawn at
    random (copies: the child's history is not changed); True when the mistake is instead to give
    the child the previous child's identifier."""
    copied = deepcopy(episodes)
    last = copied[-1]
    plans = [p for e in copied for p in e.plans if p.start <= end]
    assessments = [a for e in copied for a in e.assessments if a.start <= end]
    enquiries = [(e, s) for e in copied for s in e.enquiries if s.start <= end]
    kinds = ["plan", "assessment", "conference", "enquiry", "overlap", "duplicate", "late", "undated"]
    rng.shuffle(kinds)
    for kind in kinds:  # the first that this child's records allow
        if kind == "plan" and plans:
            plan = rng.choice(plans)
            plan.end = plan.start - timedelta(days=rng.randint(1, 60))
        elif kind == "assessment" and assessments:
            assessment = rng.choice(assessments)
            assessment.authorised = assessment.start - timedelta(days=rng.randint(1, 30))
        elif kind == "conference" and enquiries:
            _episode, enquiry = rng.choice(enquiries)
            enquiry.conference = enquiry.start - timedelta(days=rng.randint(1, 10))
        elif kind == "enquiry" and enquiries:
            episode, enquiry = rng.choice(enquiries)
            enquiry.start = episode.referral - timedelta(days=rng.randint(1, 20))
        elif kind == "overlap":
            copied.append(_Episode(referral=min(end, last.referral + timedelta(days=1)), source="6"))
            if last.closure and last.closure <= copied[-1].referral:
                last.closure = None
        elif kind == "duplicate":
            return copied, True
        elif kind == "late":
            last.written_closure = end + timedelta(days=rng.randint(1, 40))
        elif kind == "undated":
            last.reason_without_date = True
            last.closure = None
        else:
            continue
        break
    return copied, False


#: The mistakes ``with_planted`` can give a child, each found by a different data-quality rule.
PLANTABLE = ("plan", "conference", "duplicate", "future")


def with_planted(
    kind: str, rng: random.Random, episodes: list[_Episode], end: date
) -> tuple[list[_Episode], bool] | None:
    """The child's episodes (copies) with the mistake ``kind`` of ``PLANTABLE``, as a person
    keying or migrating records makes it, or None where this child's records cannot hold it:

    - ``plan``: a child protection plan ends before it starts (its end keyed a few weeks early);
    - ``conference``: an initial conference dated days before its section 47 enquiry began;
    - ``duplicate``: the child has the previous child's identifier (True in the answer);
    - ``future``: the last episode's closure keyed with the wrong decade (2025 as 2055).
    """
    copied = deepcopy(episodes)
    if kind == "plan":
        plans = [p for e in copied for p in e.plans if p.start <= end]
        if not plans:
            return None
        plan = rng.choice(plans)
        plan.end = plan.start - timedelta(days=rng.randint(7, 40))
    elif kind == "conference":
        held = [s for e in copied for s in e.enquiries if s.conference is not None and s.conference <= end]
        if not held:
            return None
        enquiry = rng.choice(held)
        enquiry.conference = enquiry.start - timedelta(days=rng.randint(1, 10))
    elif kind == "duplicate":
        return copied, True
    elif kind == "future":
        last = copied[-1]
        closed = last.closure if last.closure is not None and last.closure <= end else end
        last.written_closure = date(closed.year + 30, closed.month, min(closed.day, 28))
    else:
        raise ValueError(f"No such mistake to plant: {kind!r} (one of {', '.join(PLANTABLE)})")
    return copied, False


def cin_census_file(
    path: Path,
    la_code: str,
    year: int,
    children: int,
    seed: str = "demo",
    mistakes: float = 0.0,
    planted: Sequence[str] = (),
) -> Path:
    with path.open("w", encoding="utf-8") as out:
        write_cin_census(out, la_code, year, children, seed, mistakes, planted)
    return path
