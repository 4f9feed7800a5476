"""What every page's header needs: the current seat, the switcher's list and the demo banner."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from scrutiny.partnerships.models import Partnership

#: The partnership navigation: (label, URL name, room). Only rooms that exist, and only those the
#: person's roles allow, are shown.
PARTNERSHIP_NAVIGATION: list[tuple[str, str, str]] = [
    ("Home", "partnership_home", "home"),
    ("Assurance", "assurance_home", "assurance"),
    ("Reviews", "reviews_home", "reviews"),
    ("Performance", "performance_home", "performance"),
    ("Meetings", "governance_home", "governance"),
    ("Audits", "audits_home", "audits"),
    ("Engagement", "engagement_scorecard", "engagement"),
    ("Voice", "voice_home", "voice"),
    ("Yearly report", "reports_home", "reports"),
    ("Deadlines", "deadlines", "deadlines"),
    ("Actions", "action_list", "actions"),
    ("Evidence", "evidence_list", "evidence"),
    ("Frameworks", "framework_list", "frameworks"),
    ("People", "people", "people"),
    ("Agencies", "agency_list", "agencies"),
    ("Areas", "area_list", "areas"),
    ("History", "partnership_history", "history"),
]


def partnership(request: HttpRequest) -> dict[str, Any]:
    seat = getattr(request, "seat", None)
    context: dict[str, Any] = {
        "current_seat": seat,
        "demo_data_loaded": Partnership.objects.filter(is_demo=True).exists(),
        "my_partnerships": [],
        "navigation": [],
        "can_manage": False,
    }
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return context
    context["my_partnerships"] = list(Partnership.objects.filter(memberships__user=user).distinct())
    current = request.resolver_match.url_name if request.resolver_match else ""
    if seat is not None:
        slug = seat.partnership.slug
        # Pages show their "add" and "change" buttons only to those the matrix lets manage the room.
        access = getattr(request.resolver_match.func, "access", None) if request.resolver_match else None
        context["can_manage"] = bool(access and seat.can(access.room, "manage"))
        context["navigation"] = [
            {"label": label, "url": reverse(name, kwargs={"slug": slug}), "active": current == name}
            for label, name, room in PARTNERSHIP_NAVIGATION
            if seat.can(room, "view")
        ]
    else:
        context["navigation"] = [
            {"label": "Your partnerships", "url": reverse("home"), "active": current == "home"},
            {"label": "Working-day clock", "url": reverse("clock"), "active": current == "clock"},
            {"label": "Your account", "url": reverse("account"), "active": current == "account"},
        ]
    return context
