"""The reviews room's front page: what is due, where each incident, rapid review and LCSPR has
got to, and whether the learning has changed practice."""

from __future__ import annotations

from collections import Counter
from itertools import groupby

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scrutiny.clocks.tracking import Clock, ClockStatus, sharing_partnership
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import scoped
from scrutiny.reviews.following_up import statuses_for
from scrutiny.reviews.models import (
    ROOM,
    STATUS_COLOURS,
    Lcspr,
    LearningPoint,
    LearningStatus,
    RapidReview,
    SeriousIncident,
)
from scrutiny.reviews.views.incidents import incident_rows, incidents_with_reviews
from scrutiny.reviews.views.rapid_reviews import partner_body_ids, with_progress

#: Open clocks are listed worst first: missed, then due soon, then due.
_URGENCY = {ClockStatus.MISSED: 0, ClockStatus.DUE_SOON: 1, ClockStatus.DUE: 2}

#: The front page lists the incidents of the latest reporting years that have any; older years
#: are one link away on the incidents page (their open clocks still show above).
HOME_YEARS = 2

#: The front page shows the most urgent open clocks; the deadlines page lists every one.
HOME_CLOCKS = 15


@partnership_view(ROOM, "view")
def reviews_home(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    partnership = seat.partnership
    today = timezone.localdate()
    bodies = partner_body_ids(partnership)

    incidents = incidents_with_reviews(scoped(SeriousIncident.objects.visible_to(seat), partnership))
    reviews = scoped(RapidReview.objects.visible_to(seat), partnership)
    lcsprs = sharing_partnership(scoped(Lcspr.objects.visible_to(seat), partnership), partnership)
    recommendations = sharing_partnership(
        scoped(LearningPoint.objects.visible_to(seat).recommendations(), partnership), partnership
    )

    records: list[SeriousIncident | RapidReview | Lcspr | LearningPoint] = [
        *incidents,
        *(incident.rapid_review for incident in incidents if hasattr(incident, "rapid_review")),
        *lcsprs,
        *recommendations,
    ]
    clocks: list[Clock] = [clock for record in records for clock in record.clocks()]
    open_clocks = sorted(
        (clock for clock in clocks if clock.due is not None and clock.status(today).is_open),
        key=lambda clock: (_URGENCY[clock.status(today)], clock.due, clock.record),
    )

    years = sorted({incident.year for incident in incidents}, reverse=True)
    recent = [incident for incident in incidents if incident.year in years[:HOME_YEARS]]
    rows = incident_rows(recent, bodies, today)
    by_year = [
        {"year": year, "label": reporting_year_label(year), "rows": list(group)}
        for year, group in groupby(rows, key=lambda row: row["incident"].year)  # type: ignore[attr-defined]
    ]

    # One query for every recommendation's actions, not one per recommendation.
    statuses = Counter(status for status, _actions in statuses_for(recommendations).values())
    recommendation_counts = [
        {"status": status, "count": statuses[status], "colour": STATUS_COLOURS[status]}
        for status in LearningStatus
        if statuses[status]
    ]
    return render(
        request,
        "reviews/home.html",
        {
            "today": today,
            "open_clocks": open_clocks[:HOME_CLOCKS],
            "open_clocks_total": len(open_clocks),
            "incidents_by_year": by_year,
            "incidents_total": len(incidents),
            "incidents_older": len(incidents) - len(recent),
            "incident_years": len(years),
            "reviews_in_progress": with_progress(reviews.filter(sent_to_panel_on__isnull=True), partnership),
            "lcsprs_in_progress": [
                (lcspr, lcspr.clocks()[0]) for lcspr in lcsprs if lcspr.published_on is None and not lcspr.withdrawn_on
            ],
            "recommendation_counts": recommendation_counts,
            "recommendations_total": len(recommendations),
            "can_manage": seat.can(ROOM, "manage"),
        },
    )
