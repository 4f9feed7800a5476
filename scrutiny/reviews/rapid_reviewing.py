"""Workflows of a rapid review (statutory.md §5.2): starting it from a notified incident, asking
agencies for their contributions, each agency writing and submitting its own, the statutory
partner bodies signing it off, sending it to the Panel and recording the Panel's response.

Pages and the API call these same functions, so a rule holds however the change arrives. Each
checks before it writes, runs in one transaction and, when refused, raises ``ValidationError``
with a message that says what is wrong and leaves the database as it was (and the object passed
in, where the workflow makes the change itself; the four parts arrive already set on the review
by the page's form or the API's fields).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from scrutiny import privacy
from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.partnerships.access import Seat, seat_for
from scrutiny.partnerships.history import save_by
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.roles import ROLES_FOR_A_PARTNER_BODY, Role
from scrutiny.partnerships.scoping import scoped
from scrutiny.reviews.models import (
    AgencyContribution,
    ContributionStatus,
    CriteriaMet,
    PanelResponse,
    RapidReview,
    RapidReviewSignOff,
    SeriousIncident,
    sign_off_problem,
)
from scrutiny.reviews.recording import checked

#: The catalogue rule giving the default internal deadline for agencies' contributions.
CONTRIBUTION_RULE = "rapid-review-agency-contribution"


@contextmanager
def _unchanged_on_failure(*records: models.Model) -> Iterator[None]:
    """Roll back the transaction and reload ``records`` from the database when the block fails,
    so a refused change leaves neither the database nor the caller's objects changed."""
    try:
        with transaction.atomic():
            yield
    except (ValidationError, OutsideHolidayData):
        for record in records:
            if record.pk:
                record.refresh_from_db()
        raise


# --- Starting a rapid review and asking agencies ----------------------------------------------


def default_contributions_due(incident: SeriousIncident) -> date | None:
    """The default internal deadline for contributions, counted from the notification to the Panel
    like the review itself (a local default, Devon's timetable, or the length the incident's
    partnership set for it); None until the notification date is recorded or where it is outside
    the working-day calendar."""
    start = incident.rapid_review_starts_on
    if start is None:
        return None
    try:
        return rule_for(incident.partnership, CONTRIBUTION_RULE).due(start)
    except OutsideHolidayData:
        return None


def rapid_review_start_problem(incident: SeriousIncident) -> str:
    """Why a rapid review cannot be started for ``incident``, or "" when it can."""
    if RapidReview.objects.filter(incident=incident).exists():
        return f"A rapid review of {incident.reference} has already been started."
    if incident.criteria_met == CriteriaMet.NO:
        return (
            f"The partners recorded that {incident.reference} does not meet the notification criteria, so there is "
            "no rapid review. Change the criteria decision on the incident first if that was wrong."
        )
    return ""


def _partnership_agencies(partnership: Partnership, agencies: Iterable[Agency]) -> list[Agency]:
    """The chosen agencies, refused unless every one works with the partnership."""
    chosen = list(dict.fromkeys(agencies))
    allowed = set(scoped(Agency, partnership).values_list("pk", flat=True))
    outside = [str(agency) for agency in chosen if agency.pk not in allowed]
    if outside:
        raise ValidationError(
            {"agencies": f"{', '.join(outside)} does not work with {partnership}, so it cannot be asked to contribute."}
        )
    return chosen


def _new_contributions(rapid_review: RapidReview, agencies: list[Agency], due_on: date) -> list[AgencyContribution]:
    """Unsaved, checked contributions for ``agencies``. Agencies are asked today, through Scrutiny."""
    today = timezone.localdate()
    if agencies and due_on < today:
        raise ValidationError(
            {
                "due_on": f"The agencies are asked today, so their contributions cannot be due before today "
                f"({today:%-d %B %Y}). Choose a later date."
            }
        )
    made = []
    for agency in agencies:
        contribution = AgencyContribution(rapid_review=rapid_review, agency=agency, requested_on=today, due_on=due_on)
        if rapid_review.pk:
            checked(contribution)
        made.append(contribution)
    return made


def rapid_review_start(
    *, incident: SeriousIncident, contributions_due: date | None, agencies: Iterable[Agency], by: Any
) -> RapidReview:
    """Start the rapid review of a notified incident and ask ``agencies`` for their contributions,
    due by ``contributions_due`` (the partnership's default when None). Refused where a review exists
    or the partners recorded the criteria as not met."""
    if problem := rapid_review_start_problem(incident):
        raise ValidationError(problem)
    due = contributions_due or default_contributions_due(incident)
    if due is None:
        raise ValidationError(
            {
                "contributions_due": "Give the date the agencies' contributions are due: with no notification date "
                "recorded on the incident there is no suggested date."
            }
        )
    chosen = _partnership_agencies(incident.partnership, agencies)
    review = RapidReview(partnership=incident.partnership, incident=incident, contributions_due=due, created_by=by)
    checked(review)
    # Checked before anything is saved; a contribution's own checks need the review saved first,
    # and run (inside the transaction) just below.
    try:
        _new_contributions(review, chosen, due)
    except ValidationError as error:
        raise ValidationError({"contributions_due": error.messages[0]}) from None
    with transaction.atomic():
        save_by(review, by)
        for contribution in _new_contributions(review, chosen, due):
            save_by(contribution, by)
    return review


def contributions_request(
    *, rapid_review: RapidReview, agencies: Iterable[Agency], due_on: date, by: Any
) -> list[AgencyContribution]:
    """Ask more agencies for a contribution, due by ``due_on``. Every agency must work with the
    partnership; one already asked is skipped. Returns the new contributions."""
    if rapid_review.is_sent:
        raise ValidationError(
            f"The rapid review was sent to the Panel on {rapid_review.sent_to_panel_on:%-d %B %Y}: "
            "no more contributions can be asked for it."
        )
    chosen = _partnership_agencies(rapid_review.partnership, agencies)
    if not chosen:
        raise ValidationError({"agencies": "Choose at least one agency to ask for a contribution."})
    asked = set(rapid_review.contributions.values_list("agency_id", flat=True))
    new = _new_contributions(rapid_review, [agency for agency in chosen if agency.pk not in asked], due_on)
    with transaction.atomic():
        for contribution in new:
            save_by(contribution, by)
    return new


# --- The four parts -------------------------------------------------------------------------


def rapid_review_change_problem(rapid_review: RapidReview) -> str:
    """Why the four parts and the decision can no longer be changed, or "" while they can: what
    was sent to the Panel is kept as it was sent."""
    if rapid_review.is_sent:
        return (
            f"The rapid review was sent to the Panel on {rapid_review.sent_to_panel_on:%-d %B %Y}; "
            "what was sent is kept as it was sent."
        )
    return ""


def rapid_review_change(*, rapid_review: RapidReview, by: Any) -> RapidReview:
    """Save the four parts and the decision on an LCSPR, as set on ``rapid_review`` (by the
    page's form or the API's fields), once the model's checks pass: a decision needs its
    rationale. Refused once the review was sent to the Panel."""
    if problem := rapid_review_change_problem(rapid_review):
        raise ValidationError(problem)
    checked(rapid_review)
    with transaction.atomic():
        save_by(rapid_review, by)
    return rapid_review


# --- An agency's contribution -----------------------------------------------------------------


def contribution_write_problem(contribution: AgencyContribution, by: Any) -> str:
    """Why ``by`` cannot write this contribution, or "" when they can."""
    if contribution.is_submitted:
        return (
            f"{contribution.agency} submitted this contribution on {contribution.submitted_on:%-d %B %Y}; "
            "it can no longer be changed."
        )
    seat = seat_for(by, contribution.rapid_review.partnership)
    if seat is None or not contribution.can_write(seat):
        return f"Only {contribution.agency}'s own people write its contribution."
    return ""


def contribution_save(
    *,
    contribution: AgencyContribution,
    involvement: str,
    analysis: str,
    actions_taken: str,
    submit: bool,
    by: Any,
) -> AgencyContribution:
    """Save an agency's contribution as a draft or, with ``submit``, submit it (which needs the
    involvement and the analysis). Only the agency's own people write it, and only until it is
    submitted."""
    if problem := contribution_write_problem(contribution, by):
        raise ValidationError(problem)
    with _unchanged_on_failure(contribution):
        contribution.involvement = involvement.strip()
        contribution.analysis = analysis.strip()
        contribution.actions_taken = actions_taken.strip()
        if submit:
            contribution.status = ContributionStatus.SUBMITTED
            contribution.submitted_on = timezone.localdate()
            contribution.submitted_by = by
        else:
            contribution.status = ContributionStatus.DRAFT
        checked(contribution)
        save_by(contribution, by)
    return contribution


# --- Sign-off, sending to the Panel and the Panel's response ----------------------------------


def bodies_spoken_for(seat: Seat, rapid_review: RapidReview) -> list[Agency]:
    """The review's statutory partner bodies that the person speaks for as a lead or delegated
    safeguarding partner: the bodies they may sign it off for."""
    partner_ids = set(rapid_review.partner_bodies().values_list("pk", flat=True))
    found = {
        m.agency_id: m.agency
        for m in seat.memberships
        if m.role in ROLES_FOR_A_PARTNER_BODY and m.agency_id in partner_ids and m.agency is not None
    }
    return sorted(found.values(), key=lambda body: body.name)


def not_a_signer(rapid_review: RapidReview) -> str:
    """What someone who speaks for none of the review's partner bodies is told when they try to
    sign it off."""
    bodies = [str(body.name) for body in rapid_review.partner_bodies().order_by("name")]
    who = ", ".join(bodies[:-1]) + f" or {bodies[-1]}" if len(bodies) > 1 else "".join(bodies)
    roles = " or ".join(str(Role(role).label).lower() for role in sorted(ROLES_FOR_A_PARTNER_BODY))
    return f"Only a {roles} for {who} signs a rapid review off. You do not hold that role for any of them."


def rapid_review_sign_off(
    *, rapid_review: RapidReview, partner_body: Agency, by: Any, signed_on: date | None = None, comment: str = ""
) -> RapidReviewSignOff:
    """Sign the review off for one statutory partner body. Only its lead or delegated partner
    signs, once, and only when the four parts are written: partners sign what will be sent."""
    if missing := rapid_review.parts_missing():
        raise ValidationError(f"There is nothing complete to sign yet: record {', '.join(missing)} first.")
    if rapid_review.is_sent:
        raise ValidationError("The rapid review has already been sent to the Panel.")
    on = signed_on or timezone.localdate()
    if problem := sign_off_problem(rapid_review, partner_body, by, on):
        raise ValidationError({"partner_body": problem})
    if problem := privacy.identifying_details_problem(comment):
        raise ValidationError({"comment": problem})
    sign_off = RapidReviewSignOff(
        rapid_review=rapid_review, partner_body=partner_body, signed_by=by, signed_on=on, comment=comment.strip()
    )
    checked(sign_off)
    with transaction.atomic():
        save_by(sign_off, by)
    return sign_off


def rapid_review_send(*, rapid_review: RapidReview, sent_on: date, late_reason: str = "", by: Any) -> RapidReview:
    """Record the date the completed, signed-off review went to the Panel, with the reason where
    it was later than 15 working days after the notification was sent to the Panel (clock C5)."""
    if rapid_review.is_sent:
        raise ValidationError(
            f"The rapid review is already recorded as sent to the Panel on {rapid_review.sent_to_panel_on:%-d %B %Y}."
        )
    if problem := rapid_review.send_problem():
        raise ValidationError(problem)
    with _unchanged_on_failure(rapid_review):
        rapid_review.sent_to_panel_on = sent_on
        rapid_review.late_reason = late_reason.strip()
        checked(rapid_review)
        # The Panel receives what the partners signed: it cannot have gone before the last signature.
        last_signed = rapid_review.sign_offs.aggregate(last=Max("signed_on"))["last"]
        if last_signed is not None and sent_on < last_signed:
            raise ValidationError(
                {
                    "sent_to_panel_on": f"It cannot have been sent before it was signed off: the last sign-off is "
                    f"dated {last_signed:%-d %B %Y}."
                }
            )
        save_by(rapid_review, by)
    return rapid_review


def rapid_review_record_panel_response(
    *, rapid_review: RapidReview, response: str, responded_on: date, note: str, by: Any
) -> RapidReview:
    """Record what the Panel said about the review, and when."""
    if response not in PanelResponse.values or response == PanelResponse.NONE:
        raise ValidationError({"panel_response": "Choose what the Panel said."})
    if not rapid_review.is_sent:
        raise ValidationError("Record when the review was sent to the Panel before the Panel's response.")
    with _unchanged_on_failure(rapid_review):
        rapid_review.panel_response = response
        rapid_review.panel_response_on = responded_on
        rapid_review.panel_response_note = note.strip()
        checked(rapid_review)
        save_by(rapid_review, by)
    return rapid_review


# --- Where a review has got to ----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """Where one rapid review has got to, from data already loaded (contributions and sign-offs
    prefetched), so list pages cost the same however many reviews there are."""

    stage: str
    tag_colour: str
    contributions_in: int
    contributions_asked: int
    signed: int
    to_sign: int


def progress(rapid_review: RapidReview, partner_body_ids: set[int]) -> Progress:
    """``partner_body_ids``: the partnership's statutory partner bodies (``partner_bodies()``),
    passed in so a list works them out once."""
    contributions = list(rapid_review.contributions.all())
    submitted = sum(1 for c in contributions if c.is_submitted)
    signed = {s.partner_body_id for s in rapid_review.sign_offs.all()} & partner_body_ids
    counts = {
        "contributions_in": submitted,
        "contributions_asked": len(contributions),
        "signed": len(signed),
        "to_sign": len(partner_body_ids),
    }
    if rapid_review.is_sent:
        if rapid_review.panel_response:
            return Progress("Panel has responded", "green", **counts)
        return Progress("Sent to the Panel", "green", **counts)
    if submitted < len(contributions):
        return Progress("Awaiting contributions", "blue", **counts)
    if rapid_review.parts_missing():
        return Progress("Being written", "blue", **counts)
    if len(signed) < len(partner_body_ids):
        return Progress("Awaiting sign-off", "yellow", **counts)
    return Progress("Ready to send", "turquoise", **counts)
