"""The agency engagement scorecard page."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scrutiny.engagement.scorecard import scorecard, totals
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.models import reporting_year_label, reporting_year_starting

ROOM = "engagement"


@partnership_view(ROOM, "view")
def engagement_scorecard(request: SeatedRequest) -> HttpResponse:
    """Each agency's engagement in one reporting year (April to March), chosen with ?year=."""
    seat = request.seat
    today = timezone.localdate()
    current = reporting_year_starting(today)
    try:
        year = int(request.GET.get("year", current))
    except ValueError:
        year = current
    year = max(min(year, current), current - 10)
    rows = scorecard(seat.partnership, year, today)
    labels = [label for label, _tally in rows[0].measures()] if rows else []
    return render(
        request,
        "engagement/scorecard.html",
        {
            "rows": [(row.agency, [tally for _label, tally in row.measures()]) for row in rows],
            "labels": labels,
            "totals": [totals(rows).get(label) for label in labels],
            "year_label": reporting_year_label(year),
            "years": [(y, reporting_year_label(y)) for y in range(current, current - 4, -1)],
            "year": year,
        },
    )
