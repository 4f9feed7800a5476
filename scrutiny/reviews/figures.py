"""Compliance figures the reviews room offers the assurance room's duty assessments.

Each figure counts one statutory clock over a reporting year (1 April to 31 March): of the clocks
whose outcome is known (met, or missed), how many were met on time. A clock belongs to the year of
its due date, so a notification due on 2 April counts in the year that began on 1 April even if the
incident became known in March. A year with no decided clock gives no figure rather than "0 of 0".
The figure is shown beside the scrutineer's judgement with a link to the records; it never makes
the judgement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone

from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.tracking import Clock, ClockStatus, on_time_rate, sharing_partnership
from scrutiny.figures.provided import ProvidedFigure
from scrutiny.partnerships.models import Partnership, reporting_year_starting
from scrutiny.reviews.models import ImpactOutcome, Lcspr, LearningPoint, RapidReview, SeriousIncident
from scrutiny.reviews.models.learning import IMPACT_CHECK_RULE

DECIDED = (ClockStatus.MET_ON_TIME, ClockStatus.MET_LATE, ClockStatus.MISSED)


def of(part: int, whole: int) -> str:
    """ "7 of 9 (78%)", the percentage rounded half up."""
    return f"{part} of {whole} ({(200 * part + whole) // (2 * whole)}%)"


def _in_year(clocks: Iterable[Clock], rule_id: str, year: int) -> list[Clock]:
    return [
        clock
        for clock in clocks
        if clock.rule_id == rule_id and (due := clock.due) is not None and reporting_year_starting(due) == year
    ]


def _list_url(name: str, partnership: Partnership, year: int) -> str:
    return f"{reverse(name, kwargs={'slug': partnership.slug})}?year={year}"


def _rate(
    partnership: Partnership, year: int, *, clocks: list[Clock], rule_id: str, label: str, list_name: str, source: str
) -> ProvidedFigure | None:
    on_time, decided = on_time_rate(_in_year(clocks, rule_id, year), timezone.localdate())
    if not decided:
        return None
    return ProvidedFigure(
        label=label, value=of(on_time, decided), url=_list_url(list_name, partnership, year), source=source
    )


def _incident_clocks(partnership: Partnership, year: int) -> list[Clock]:
    # A clock is due on or after the day it starts, so incidents that became known after the year
    # cannot have a clock due in it.
    incidents = SeriousIncident.objects.filter(partnership=partnership, aware_on__lt=date(year + 1, 4, 1))
    return [clock for incident in sharing_partnership(incidents, partnership) for clock in incident.clocks()]


def notifications_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-07.1: each notification reaches the Panel within 5 working days (clock C1)."""
    rule = rule_for(partnership, "serious-incident-notification")
    return _rate(
        partnership,
        year,
        clocks=_incident_clocks(partnership, year),
        rule_id=rule.id,
        label=f"Serious incidents notified to the Panel within {rule.length_text}",
        list_name="incident_list",
        source="Reviews: serious incidents",
    )


def partners_told_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-07.2: the local authority tells its safeguarding partners within 5 working days (C2)."""
    rule = rule_for(partnership, "partners-informed-of-notification")
    return _rate(
        partnership,
        year,
        clocks=_incident_clocks(partnership, year),
        rule_id=rule.id,
        label=f"Safeguarding partners told of a serious incident within {rule.length_text}",
        list_name="incident_list",
        source="Reviews: serious incidents",
    )


def rapid_reviews_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-08: each rapid review is sent to the Panel within 15 working days of the notification to
    the Panel (clock C5). Reviews whose notification date is not recorded have no clock yet."""
    rule = rule_for(partnership, "rapid-review")
    reviews = RapidReview.objects.filter(partnership=partnership, incident__aware_on__lt=date(year + 1, 4, 1))
    return _rate(
        partnership,
        year,
        clocks=[
            clock
            for review in sharing_partnership(reviews.select_related("incident"), partnership)
            for clock in review.clocks()
        ],
        rule_id=rule.id,
        label=f"Rapid reviews sent to the Panel within {rule.length_text}",
        list_name="rapid_review_list",
        source="Reviews: rapid reviews",
    )


def _lcspr_clocks(partnership: Partnership) -> list[Clock]:
    # No narrowing by date: the report-to-Panel clock counts back from a planned publication date,
    # which may lie in a later year than the decision. A partnership has a few reviews a year.
    reviews = Lcspr.objects.filter(partnership=partnership)
    return [clock for review in sharing_partnership(reviews, partnership) for clock in review.clocks()]


def lcsprs_published_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-09.3: each LCSPR is completed and published within 6 months of the decision (clock C6)."""
    rule = rule_for(partnership, "lcspr-publication")
    return _rate(
        partnership,
        year,
        clocks=_lcspr_clocks(partnership),
        rule_id=rule.id,
        label=f"Local child safeguarding practice reviews published within {rule.length_text} of the decision",
        list_name="lcspr_list",
        source="Reviews: local child safeguarding practice reviews",
    )


def lcspr_reports_to_panel_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-09.4: the final report reaches the Panel and the Secretary of State before publication
    (clock C7, counted back from the publication date; its length is still to verify)."""
    rule = rule_for(partnership, "lcspr-report-to-panel")
    return _rate(
        partnership,
        year,
        clocks=_lcspr_clocks(partnership),
        rule_id=rule.id,
        label=(
            f"Final review reports sent to the Panel and the Secretary of State at least {rule.length_text} "
            "before publication"
        ),
        list_name="lcspr_list",
        source="Reviews: local child safeguarding practice reviews",
    )


def recommendations_with_impact_shown(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """WT2023 F3, learning put into practice: of the review recommendations whose 12-month impact
    check fell due in the year and has been done (or is overdue), how many showed practice changed."""
    recommendations = sharing_partnership(
        LearningPoint.objects.filter(partnership=partnership, applies_locally=True).recommendations(), partnership
    )
    today = timezone.localdate()
    decided = [
        recommendation
        for recommendation in recommendations
        for clock in _in_year(recommendation.clocks(), IMPACT_CHECK_RULE, year)
        if clock.status(today) in DECIDED
    ]
    if not decided:
        return None
    shown = sum(1 for recommendation in decided if recommendation.impact_outcome == ImpactOutcome.CHANGED)
    return ProvidedFigure(
        label="Review recommendations with impact shown, of those whose impact check fell due",
        value=of(shown, len(decided)),
        url=_list_url("learning_list", partnership, year),
        source="Reviews: learning from reviews",
    )


#: Requirement code (framework key and reference) and the figure offered for it.
FIGURES: dict[str, Callable[[Partnership, int], ProvidedFigure | None]] = {
    "statutory-duties:SD-07.1": notifications_on_time,
    "statutory-duties:SD-07.2": partners_told_on_time,
    "statutory-duties:SD-08": rapid_reviews_on_time,
    "statutory-duties:SD-09.3": lcsprs_published_on_time,
    "statutory-duties:SD-09.4": lcspr_reports_to_panel_on_time,
    "wt2023-scrutiny-functions:F3": recommendations_with_impact_shown,
}
