"""Reading a CIN census XML file: streamed, validated child by child, and never kept.

Each ``Child`` element is validated against the collection year's schema (tolerant of what the
collection tolerates, see cin_schema), turned into a small in-memory record, handed to the
caller and discarded with its element, so memory stays flat however large the file. Nothing
here touches the database: the caller aggregates, and stores only aggregates.

Problems are located by the child's position in the file and the line, never by the child's
identifier, because a problem list may be kept and shown and an LA child ID is a case-system ID.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree

from scrutiny.performance.returns.cin_checking import Checker, Quality
from scrutiny.performance.returns.cin_quality import Collection
from scrutiny.performance.returns.cin_schema import SHIPPED, schema_year, tolerant_schema
from scrutiny.performance.returns.problems import MAX_LISTED, Problem, ReturnRejected
from scrutiny.performance.returns.xml_safety import check_return_file, safe_iterparse

#: Assessment factors DfE withdrew from 2021 that the shipped schemas still accept
#: (data-standards.md §2.6): accepted, with a warning.
WITHDRAWN_FACTORS = {"18A": 2021, "19A": 2021}

_TRUE = {"1", "true"}
_ELEMENT = re.compile(r"Element '([^']+)'")


@dataclass(slots=True)
class Assessment:
    start: date
    authorised: date | None
    factors: tuple[str, ...]
    line: int = 0
    #: The indicators the data-quality checks leave it out of (cin_quality's bits).
    left_out: int = 0


@dataclass(slots=True)
class Enquiry:
    """A section 47 enquiry."""

    start: date
    conference: date | None
    conference_not_required: bool
    line: int = 0
    left_out: int = 0


@dataclass(slots=True)
class Plan:
    """A child protection plan."""

    start: date
    end: date | None
    previous_plans: int
    reviews: tuple[date, ...]
    line: int = 0
    left_out: int = 0


@dataclass(slots=True)
class Episode:
    """An episode of need (one CINdetails)."""

    referral: date
    closure: date | None
    reason_for_closure: str
    nfa: bool
    conference: date | None
    assessments: list[Assessment] = field(default_factory=list)
    cin_plans: int = 0
    enquiries: list[Enquiry] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    line: int = 0
    left_out: int = 0


@dataclass(slots=True)
class Child:
    """One child of the file, for aggregation only. ``key`` is the LA child ID: it is hashed for
    the re-referral look-back and never stored or shown."""

    position: int
    line: int
    key: str
    episodes: list[Episode]
    left_out: int = 0


@dataclass
class CinHeader:
    year: int
    reference_date: date | None
    la_code: str


@dataclass
class Reading:
    """What the reader noticed that was accepted but not exactly DfE's schema: counts by kind,
    for the import's summary; and the records that cannot be true, by rule (cin_quality)."""

    tolerated: Counter[str] = field(default_factory=Counter)
    children: int = 0
    quality: Quality = field(default_factory=Quality)

    def notes(self) -> list[str]:
        return [f"{text} ({count:,} time{'s' if count != 1 else ''})" for text, count in sorted(self.tolerated.items())]


#: Parsed dates by their text: a census repeats a few thousand distinct days hundreds of
#: thousands of times, so each is parsed once.
_DAYS: dict[str, date] = {}


def _day(text: str | None) -> date | None:
    if not text:
        return None
    found = _DAYS.get(text)
    if found is None:
        found = date.fromisoformat(text.strip()[:10])
        if len(_DAYS) < 100_000:
            _DAYS[text] = found
    return found


def _header(element: etree._Element, name: str) -> CinHeader:
    year_text = element.findtext("CollectionDetails/Year")
    reference = _day(element.findtext("CollectionDetails/ReferenceDate"))
    la_code = (element.findtext("Source/LEA") or "").strip()
    if year_text:
        year = int(year_text.strip()[:4])
    elif reference:
        year = reference.year
    else:
        raise ReturnRejected(
            [Problem(name, "The header gives neither the collection Year nor the ReferenceDate.", element="Header")]
        )
    if not la_code:
        raise ReturnRejected([Problem(name, "The header does not give the local authority (LEA).", element="Header")])
    return CinHeader(year=year, reference_date=reference, la_code=la_code)


def _problems_from_schema(schema: etree.XMLSchema, name: str, record: str) -> list[Problem]:
    found = []
    for entry in schema.error_log:
        match = _ELEMENT.search(entry.message)
        reason = _ELEMENT.sub("", entry.message).lstrip(": ").strip()
        found.append(Problem(name, reason, record=record, element=match.group(1) if match else "", line=entry.line))
    return found


class _ChildReader:
    """Turns a validated ``Child`` element into a ``Child`` record, counting tolerated forms."""

    def __init__(self, year: int, reading: Reading) -> None:
        self.year = year
        self.reading = reading
        self.old_gender = schema_year(year) >= 2025  # GenderCurrent in a Sex year
        self.new_gender = schema_year(year) <= 2024  # Sex in a GenderCurrent year

    def flag(self, text: str | None) -> bool:
        if text in {"true", "false"}:
            self.reading.tolerated["true/false used for a yes/no field where DfE's schema has 1/0"] += 1
        return text in _TRUE

    def read(self, element: etree._Element, position: int) -> Child:
        identifiers = element[0]
        key = ""
        for item in identifiers:
            tag = item.tag
            if tag == "LAchildID":
                key = (item.text or "").strip()
            elif tag == "GenderCurrent" and self.old_gender:
                self.reading.tolerated["GenderCurrent (the 2024-and-earlier element) given instead of Sex"] += 1
            elif tag == "Sex" and self.new_gender:
                self.reading.tolerated["Sex (the 2025-onwards element) given instead of GenderCurrent"] += 1
        episodes = [self.episode(details) for details in element.iterchildren("CINdetails")]
        return Child(position=position, line=element.sourceline or 0, key=key, episodes=episodes)

    def episode(self, details: etree._Element) -> Episode:
        values: dict[str, str | None] = {}
        episode = Episode(
            referral=date.min, closure=None, reason_for_closure="", nfa=False, conference=None, line=details.sourceline
        )
        for item in details:
            tag = item.tag
            if tag == "Assessments":
                episode.assessments.append(self.assessment(item))
            elif tag == "Section47":
                episode.enquiries.append(self.enquiry(item))
            elif tag == "ChildProtectionPlans":
                episode.plans.append(self.plan(item))
            elif tag == "CINPlanDates":
                episode.cin_plans += 1
            else:
                values[tag] = item.text
        episode.referral = _day(values.get("CINreferralDate")) or date.min
        episode.closure = _day(values.get("CINclosureDate"))
        episode.reason_for_closure = (values.get("ReasonForClosure") or "").strip()
        episode.nfa = self.flag((values.get("ReferralNFA") or "").strip())
        episode.conference = _day(values.get("DateOfInitialCPC"))
        return episode

    def assessment(self, element: etree._Element) -> Assessment:
        start: date | None = None
        authorised: date | None = None
        factors: tuple[str, ...] = ()
        for item in element:
            tag = item.tag
            if tag == "AssessmentActualStartDate":
                start = _day(item.text)
            elif tag == "AssessmentAuthorisationDate":
                authorised = _day(item.text)
            elif tag == "FactorsIdentifiedAtAssessment":
                factors = tuple((factor.text or "").strip() for factor in item)
                for code in factors:
                    since = WITHDRAWN_FACTORS.get(code)
                    if since and self.year >= since:
                        self.reading.tolerated[
                            f"assessment factor {code}, withdrawn by DfE from {since}, "
                            "accepted as in the shipped schema"
                        ] += 1
        return Assessment(start=start or date.min, authorised=authorised, factors=factors, line=element.sourceline)

    def enquiry(self, element: etree._Element) -> Enquiry:
        values = {item.tag: item.text for item in element}
        return Enquiry(
            start=_day(values.get("S47ActualStartDate")) or date.min,
            conference=_day(values.get("DateOfInitialCPC")),
            conference_not_required=self.flag((values.get("ICPCnotRequired") or "").strip()),
            line=element.sourceline,
        )

    def plan(self, element: etree._Element) -> Plan:
        values: dict[str, str | None] = {}
        reviews: tuple[date, ...] = ()
        for item in element:
            if item.tag == "Reviews":
                reviews = tuple(day for day in (_day(review.text) for review in item) if day)
            else:
                values[item.tag] = item.text
        return Plan(
            start=_day(values.get("CPPstartDate")) or date.min,
            end=_day(values.get("CPPendDate")),
            previous_plans=int((values.get("NumberOfPreviousCPP") or "0").strip()),
            reviews=reviews,
            line=element.sourceline,
        )


def read_cin(
    path: Path,
    name: str,
    on_child: Callable[[CinHeader, Child], None],
    on_header: Callable[[CinHeader], None] | None = None,
    progress: Callable[[float], None] | None = None,
    today: date | None = None,
) -> tuple[CinHeader, Reading]:
    """Stream the file, validating every child, and hand each valid child to ``on_child``,
    checked by the data-quality rules (cin_quality): a record that cannot be true is marked with
    the indicators it is left out of, and listed in ``Reading.quality``. ``today`` is the day of
    the import, for dates in the future.

    ``on_header`` may refuse the file (by raising ``ReturnRejected``) as soon as its year and LA
    are known, before any child is read.

    Raises ``ReturnRejected`` listing every problem (up to MAX_LISTED, with the total) when the
    file is not a CIN census or breaks the schema. Whether it has too many records that cannot be
    true is the caller's decision (``importing.refuse_poor_quality``). ``on_child`` may have
    been called for earlier children by then: callers aggregate in memory and store nothing
    until this returns.
    """
    check_return_file(path, name)
    reading = Reading()
    problems: list[Problem] = []
    total = 0
    header: CinHeader | None = None
    reader: _ChildReader | None = None
    checker: Checker | None = None
    schema: etree.XMLSchema | None = None
    position = 0
    size = max(1, path.stat().st_size)
    handle = path.open("rb")
    context = safe_iterparse(handle, events=("end",), tag=("Header", "Child"))
    try:
        for _event, element in _elements(context):
            if element.tag == "Header":
                header = _header(element, name)
                if on_header is not None:
                    on_header(header)
                if header.year > max(SHIPPED):
                    reading.tolerated[
                        f"a {header.year} collection, validated against the {max(SHIPPED)} schema, the newest shipped"
                    ] += 1
                schema = tolerant_schema(header.year)
                if not schema.validate(element):
                    problems.extend(_problems_from_schema(schema, name, "the header"))
                reader = _ChildReader(header.year, reading)
                checker = Checker(name, Collection(date(header.year, 3, 31), today or date.today()))  # noqa: DTZ011
                reading.quality = checker.quality
                continue
            position += 1
            if progress is not None and position % 2000 == 0:
                progress(handle.tell() / size)
            if header is None or schema is None or reader is None or checker is None:
                raise ReturnRejected(
                    [Problem(name, "The file has no Header before its children, so its year and LA are unknown.")]
                )
            if not schema.validate(element):
                found = _problems_from_schema(schema, name, f"child {position:,}")
                total += len(found)
                problems.extend(found[: max(0, MAX_LISTED - len(problems))])
            else:
                child = reader.read(element, position)
                checker.check(child)
                if not problems:
                    on_child(header, child)
            _release(element)
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else None
        raise ReturnRejected(
            [*problems, Problem(name, f"The file is not well-formed XML: {error.msg}", line=line)], total + 1
        ) from None
    except (UnicodeDecodeError, LookupError) as error:
        raise ReturnRejected([Problem(name, f"The file's encoding could not be read: {error}")]) from None
    finally:
        handle.close()
    root = context.root
    if root is None or root.tag != "Message":
        found_tag = "nothing" if root is None else f"<{root.tag}>"
        raise ReturnRejected(
            [Problem(name, f"This is not a CIN census file: it starts with {found_tag}, not <Message>.")]
        )
    if header is None:
        raise ReturnRejected([Problem(name, "The file has no Header, so its year and LA are unknown.")])
    if problems:
        raise ReturnRejected(problems, max(total, len(problems)))
    if position == 0:
        raise ReturnRejected([Problem(name, "The file holds no children.", element="Children")])
    reading.children = position
    return header, reading


def _elements(context: etree.iterparse) -> Iterator[tuple[str, etree._Element]]:
    yield from context


def _release(element: etree._Element) -> None:
    """Free a processed child and the siblings before it, so memory stays flat."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]
