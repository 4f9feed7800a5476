"""The room's front page: the scrutineer's work for the year at a glance."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scrutiny.assurance.models import Challenge, Finding, FindingStatus, Recommendation, RecommendationStatus
from scrutiny.assurance.views.common import ADMIN_ROOM, ROOM, year_asked
from scrutiny.partnerships.access import SeatedRequest, partnership_view
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.partnerships.scoping import scoped


@partnership_view(ROOM, "view")
def assurance_home(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    year = year_asked(request)
    findings = scoped(Finding, seat.partnership).filter(year=year)
    today = timezone.localdate()
    challenges = scoped(Challenge, seat.partnership).filter(responded_on__isnull=True, outcome="")
    open_recommendations = scoped(Recommendation, seat.partnership).exclude(status=RecommendationStatus.CLOSED)
    return render(
        request,
        "assurance/home.html",
        {
            "year": year,
            "year_label": reporting_year_label(year),
            "findings_issued": findings.filter(status=FindingStatus.ISSUED).count(),
            "findings_draft": findings.filter(status=FindingStatus.DRAFT).count(),
            "recommendations_open": open_recommendations.count(),
            "recommendations_overdue": open_recommendations.filter(
                status=RecommendationStatus.AWAITING_RESPONSE, response_due__lt=today
            ).count(),
            "challenges_open": challenges.count(),
            "challenges_overdue": challenges.filter(response_due__lt=today).count(),
            "can_admin": seat.can(ADMIN_ROOM, "manage"),
        },
    )
