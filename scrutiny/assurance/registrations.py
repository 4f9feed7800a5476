"""What the assurance room offers others: due items for the home page and the daily digest, figures
beside the duties it can count, and its records in the partnership's log."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.urls import reverse

from scrutiny.assurance.models import Challenge, Recommendation, RecommendationStatus, ScrutinyActivity
from scrutiny.figures.provided import ProvidedFigure, register_figure_provider
from scrutiny.figures.registry import DueItem, register_due_provider
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.history import LogSource, model_source, register_history_source
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import only_their_agency, scoped


def recommendations_due(seat: Seat, today: date) -> Iterable[DueItem]:
    """Formal responses awaited from the person's own bodies; for the scrutineer, every overdue one."""
    awaiting = scoped(Recommendation, seat.partnership).filter(status=RecommendationStatus.AWAITING_RESPONSE)
    slug = seat.partnership.slug
    if seat.agency_ids and seat.can("assurance", "contribute"):
        mine = only_their_agency(awaiting, seat, "addressed_to").exclude(responses__agency__in=seat.agency_ids)
        for rec in mine.distinct():
            yield DueItem(
                title=f"Respond to a scrutiny recommendation: {rec}",
                due=rec.response_due,
                url=f"/p/{slug}/assurance/recommendations/{rec.pk}/respond/",
                room="assurance",
                detail="Formal response to the independent scrutineer",
            )
    if seat.can("assurance", "manage"):
        for rec in awaiting.filter(response_due__lt=today):
            yield DueItem(
                title=f"Formal response overdue: {rec}",
                due=rec.response_due,
                url=rec.get_absolute_url(),
                room="assurance",
                detail="Chase the bodies that have not responded",
            )


def challenges_due(seat: Seat, today: date) -> Iterable[DueItem]:
    """Challenges the person's agency must answer; for the scrutineer and whoever raised one, the
    responses that are overdue."""
    awaiting = scoped(Challenge, seat.partnership).filter(responded_on__isnull=True, outcome="")
    slug = seat.partnership.slug
    seen: set[int] = set()
    if seat.agency_ids and seat.can("assurance", "contribute"):
        for challenge in only_their_agency(awaiting, seat, "addressed_to"):
            seen.add(challenge.pk)
            yield DueItem(
                title=f"Answer a challenge: {challenge}",
                due=challenge.response_due,
                url=f"/p/{slug}/assurance/challenges/{challenge.pk}/respond/",
                room="assurance",
                detail="A challenge addressed to your agency",
            )
    chasing = awaiting.filter(response_due__lt=today).select_related("addressed_to")
    if not seat.can("assurance", "manage"):
        chasing = chasing.filter(raised_by=seat.user)
    for challenge in chasing:
        if challenge.pk in seen:
            continue
        yield DueItem(
            title=f"Challenge response overdue: {challenge}",
            due=challenge.response_due,
            url=f"/p/{slug}/assurance/challenges/{challenge.pk}/respond/",
            room="assurance",
            detail=f"Awaiting {challenge.addressed_to}",
        )


def _log_sources() -> dict[str, Callable[[Partnership], LogSource]]:
    from scrutiny.assurance import models

    return {
        "assurance_finding": model_source(models.Finding, "Finding", lambda row: row.title),
        "assurance_recommendation": model_source(models.Recommendation, "Recommendation", lambda row: row.text[:80]),
        "assurance_recommendation_response": model_source(
            models.RecommendationResponse, "Response to a recommendation", lambda row: row.get_decision_display()
        ),
        "assurance_challenge": model_source(models.Challenge, "Challenge", lambda row: row.question[:80]),
        "assurance_disagreement": model_source(models.Disagreement, "Disagreement", lambda row: row.title),
        "assurance_escalation_stage": model_source(models.EscalationStage, "Escalation stage", lambda row: row.name),
        "assurance_assessment": model_source(
            models.Assessment, "Assessment", lambda row: f"{row.requirement.ref} in {row.year}", ["requirement"]
        ),
        "assurance_scrutiny_activity": model_source(
            models.ScrutinyActivity, "Scrutiny activity", lambda row: row.title
        ),
        "assurance_scrutineer_appointment": model_source(
            models.ScrutineerAppointment, "Scrutineer appointment", lambda row: str(row.appointed_on)
        ),
        "assurance_assurance_statement": model_source(
            models.AssuranceStatement, "Assurance statement", lambda row: f"{row.year} ({row.status})"
        ),
        "assurance_statement_response": model_source(
            models.StatementResponse, "Response to the assurance statement", lambda row: str(row.responded_on)
        ),
        "assurance_innovation": model_source(models.Innovation, "Innovation", lambda row: row.title),
        "assurance_assurance_settings": model_source(
            models.AssuranceSettings, "Assurance settings", lambda row: "changed"
        ),
    }


def responses_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-04.4: the partners respond formally to scrutiny recommendations. Of the recommendations
    made in the reporting year, how many had every addressed body's response by the due date."""
    made = list(
        scoped(Recommendation, partnership)
        .filter(made_on__gte=date(year, 4, 1), made_on__lt=date(year + 1, 4, 1))
        .prefetch_related("addressed_to", "responses")
    )
    if not made:
        return None
    on_time = 0
    for rec in made:
        answered = {r.agency_id: r.responded_on for r in rec.responses.all()}
        bodies = [a.pk for a in rec.addressed_to.all()]
        if bodies and all(b in answered and answered[b] <= rec.response_due for b in bodies):
            on_time += 1
    return ProvidedFigure(
        label="Recommendations answered by every body on time",
        value=f"{on_time} of {len(made)}",
        url=reverse("recommendation_list", kwargs={"slug": partnership.slug}),
        source="Assurance: recommendations",
    )


def plan_coverage(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-04.2: a yearly scrutiny plan; statutory.md §9.1 item 3 asks for every function covered."""
    from scrutiny.assurance.planning import coverage

    rows = coverage(partnership, year)
    activities = scoped(ScrutinyActivity, partnership).filter(year=year).count()
    if not activities:
        return None
    functions = [r for r in rows if r.requirement.framework.key == SCRUTINY_FUNCTIONS]
    covered = sum(1 for r in functions if not r.uncovered)
    return ProvidedFigure(
        label="Scrutiny plan",
        value=f"{activities} activities; {covered} of {len(functions)} functions covered",
        url=f"{reverse('plan_coverage', kwargs={'slug': partnership.slug})}?year={year}",
        source="Assurance: scrutiny plan",
    )


def register() -> None:
    register_due_provider("assurance_recommendations", recommendations_due)
    register_due_provider("assurance_challenges", challenges_due)
    register_figure_provider("statutory-duties:SD-04.4", responses_on_time)
    register_figure_provider("statutory-duties:SD-04.2", plan_coverage)
    for name, source in _log_sources().items():
        register_history_source(name, source, room="assurance")
