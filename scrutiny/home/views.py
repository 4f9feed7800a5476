"""Where a person lands: their partnerships, and in each what is due and overdue for them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from scrutiny.figures.registry import DUE_SOON_DAYS, due_for
from scrutiny.partnerships.access import SeatedRequest, partnership_view, public_view, seat_for, signed_in_view
from scrutiny.partnerships.models import Partnership


@signed_in_view(answers=frozenset({200, 302}))
def index(request: HttpRequest) -> HttpResponse:
    """One partnership: go straight there. Several: list them with what needs attention in each."""
    user: Any = request.user
    partnerships = list(Partnership.objects.filter(memberships__user=user).distinct())
    if len(partnerships) == 1:
        return redirect(partnerships[0])
    today = timezone.localdate()
    rows = []
    for partnership in partnerships:
        seat = seat_for(user, partnership)
        assert seat is not None
        rows.append({"seat": seat, "due": due_for(seat, today)})
    return render(request, "home/index.html", {"rows": rows})


@partnership_view("home", "view")
def partnership_home(request: SeatedRequest) -> HttpResponse:
    seat = request.seat
    today = timezone.localdate()
    return render(
        request,
        "home/partnership_home.html",
        {
            "due": due_for(seat, today),
            "today": today,
            "due_soon_days": DUE_SOON_DAYS,
            "reporting_year": seat.partnership.current_reporting_year(today),
            "independence_risks": seat.partnership.independence_risks(),
        },
    )


@public_view
def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    Partnership.objects.exists()
    return JsonResponse({"status": "ok"})
