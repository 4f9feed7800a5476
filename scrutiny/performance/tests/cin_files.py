"""Small CIN census files written by hand for tests, so each expected figure can be worked out
on paper. Every identifier here is made up."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class A:
    """An assessment."""

    start: str
    authorised: str | None = None
    factors: tuple[str, ...] = ()


@dataclass
class S47:
    start: str
    conference: str | None = None
    not_required: str = "0"


@dataclass
class CPP:
    start: str
    end: str | None = None
    previous: int = 0
    reviews: tuple[str, ...] = ()


@dataclass
class E:
    """An episode of need."""

    referral: str
    closure: str | None = None
    reason: str | None = None
    nfa: str = "0"
    conference: str | None = None
    source: str = "6"
    assessments: list[A] = field(default_factory=list)
    cin_plans: list[tuple[str, str | None]] = field(default_factory=list)
    enquiries: list[S47] = field(default_factory=list)
    plans: list[CPP] = field(default_factory=list)


def _el(name: str, value: str | None) -> str:
    return f"<{name}>{value}</{name}>" if value else ""


def child_xml(child_id: str, episodes: list[E], sex: str = "<Sex>M</Sex>") -> str:
    parts = [
        f"<Child><ChildIdentifiers><LAchildID>{child_id}</LAchildID>{sex}</ChildIdentifiers>"
        "<ChildCharacteristics><Ethnicity>NOBT</Ethnicity></ChildCharacteristics>"
    ]
    for e in episodes:
        parts.append(
            f"<CINdetails><CINreferralDate>{e.referral}</CINreferralDate><ReferralSource>{e.source}</ReferralSource>"
            + _el("CINclosureDate", e.closure)
            + _el("ReasonForClosure", e.reason)
            + _el("DateOfInitialCPC", e.conference)
        )
        for a in e.assessments:
            factors = "".join(f"<AssessmentFactors>{f}</AssessmentFactors>" for f in a.factors)
            parts.append(
                f"<Assessments><AssessmentActualStartDate>{a.start}</AssessmentActualStartDate>"
                + _el("AssessmentAuthorisationDate", a.authorised)
                + (f"<FactorsIdentifiedAtAssessment>{factors}</FactorsIdentifiedAtAssessment>" if factors else "")
                + "</Assessments>"
            )
        for start, end in e.cin_plans:
            parts.append(
                f"<CINPlanDates><CINPlanStartDate>{start}</CINPlanStartDate>{_el('CINPlanEndDate', end)}</CINPlanDates>"
            )
        for s in e.enquiries:
            parts.append(
                f"<Section47><S47ActualStartDate>{s.start}</S47ActualStartDate>"
                + _el("DateOfInitialCPC", s.conference)
                + f"<ICPCnotRequired>{s.not_required}</ICPCnotRequired></Section47>"
            )
        parts.append(f"<ReferralNFA>{e.nfa}</ReferralNFA>")
        for p in e.plans:
            reviews = "".join(f"<CPPreviewDate>{r}</CPPreviewDate>" for r in p.reviews)
            parts.append(
                f"<ChildProtectionPlans><CPPstartDate>{p.start}</CPPstartDate>{_el('CPPendDate', p.end)}"
                "<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse><LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>"
                f"<NumberOfPreviousCPP>{p.previous}</NumberOfPreviousCPP>"
                + (f"<Reviews>{reviews}</Reviews>" if reviews else "")
                + "</ChildProtectionPlans>"
            )
        parts.append("</CINdetails>")
    parts.append("</Child>")
    return "".join(parts)


def cin_xml(children: dict[str, list[E]] | list[str], year: int = 2025, la: str = "303", header: bool = True) -> str:
    """A whole file: ``children`` maps a made-up child ID to its episodes, or is a list of
    ready-made ``<Child>`` strings."""
    body = (
        [
            child_xml(child_id, episodes, "<GenderCurrent>1</GenderCurrent>" if year <= 2024 else "<Sex>M</Sex>")
            for child_id, episodes in children.items()
        ]
        if isinstance(children, dict)
        else children
    )
    head = (
        f"<Header><CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>"
        f"<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>"
        f"<Source><SourceLevel>L</SourceLevel><LEA>{la}</LEA></Source></Header>"
        if header
        else ""
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<Message>'
        + head
        + "<Children>\n"
        + "\n".join(body)
        + "\n</Children></Message>\n"
    )


def write(tmp_path: Path, text: str, name: str = "cin.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
