"""Small builders for the reviews room's tests (the foundation demo gives the partnerships and people)."""

from __future__ import annotations

from datetime import date
from typing import Any

from scrutiny.partnerships.models import Agency, Area, Partnership
from scrutiny.reviews.models import (
    AgencyContribution,
    CriteriaMet,
    IncidentKind,
    Lcspr,
    LearningKind,
    LearningPoint,
    NationalReview,
    RapidReview,
    SeriousIncident,
)


def agency(name: str) -> Agency:
    """A demo agency by the start of its name: agency("Oakfield") is Oakfield Academies Trust (demo)."""
    return Agency.objects.get(name__startswith=name)


def council_area(partnership: Partnership) -> Area:
    return Area.objects.get(partnership_links__partnership=partnership, kind="la")


def incident(partnership: Partnership, reference: str = "RB-2025-01", **extra: Any) -> SeriousIncident:
    """A notified incident; pass aware_on, notified_on and the like to change it."""
    values: dict[str, Any] = {
        "age_band": "under_1",
        "kind": IncidentKind.SERIOUS_HARM,
        "aware_on": date(2025, 6, 2),
        "notifying_area": council_area(partnership),
        "criteria_met": CriteriaMet.YES,
        "criteria_decision": "The three partners agreed the criteria are met.",
        "notified_on": date(2025, 6, 5),
        "partners_informed_on": date(2025, 6, 3),
    }
    values.update(extra)
    made = SeriousIncident(partnership=partnership, reference=reference, **values)
    made.full_clean()
    made.save()
    return made


def rapid_review(partnership: Partnership, reference: str = "RB-2025-01", **extra: Any) -> RapidReview:
    """A rapid review of a new incident, with the four parts not yet written."""
    found = extra.pop("incident", None) or incident(partnership, reference)
    made = RapidReview(
        partnership=partnership,
        incident=found,
        contributions_due=extra.pop("contributions_due", date(2025, 6, 13)),
        **extra,
    )
    made.full_clean()
    made.save()
    return made


def contribution(review: RapidReview, agency_name: str = "Oakfield", **extra: Any) -> AgencyContribution:
    return AgencyContribution.objects.create(
        rapid_review=review,
        agency=agency(agency_name),
        requested_on=extra.pop("requested_on", review.incident.notified_on or review.incident.aware_on),
        due_on=extra.pop("due_on", review.contributions_due),
        **extra,
    )


def lcspr(
    partnership: Partnership, title: str = "Child Q: a local child safeguarding practice review", **extra: Any
) -> Lcspr:
    made = Lcspr(partnership=partnership, title=title, decided_on=extra.pop("decided_on", date(2025, 7, 1)), **extra)
    made.full_clean()
    made.save()
    return made


def national_review(partnership: Partnership, **extra: Any) -> NationalReview:
    made = NationalReview(
        partnership=partnership,
        title=extra.pop("title", "Safeguarding children with disabilities in residential settings"),
        published_on=extra.pop("published_on", date(2024, 10, 1)),
        **extra,
    )
    made.full_clean()
    made.save()
    return made


def recommendation(source: RapidReview | Lcspr | NationalReview, text: str = "", **extra: Any) -> LearningPoint:
    """A recommendation of ``source`` (made_on defaults to a date the source allows)."""
    field = {RapidReview: "rapid_review", Lcspr: "lcspr", NationalReview: "national_review"}[type(source)]
    made = LearningPoint(
        partnership=source.partnership,
        kind=extra.pop("kind", LearningKind.RECOMMENDATION),
        text=text or "Practitioners should ask who else lives in the household and check it with other agencies.",
        made_on=extra.pop("made_on", date(2025, 8, 1)),
        **{field: source},
        **extra,
    )
    made.full_clean()
    made.save()
    return made
