"""What each agency and statutory partner body gives a rapid review (statutory.md §5.2): the
agency's own contribution, written by its own people, and each partner body's sign-off, by its
lead or delegated safeguarding partner."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny import privacy
from scrutiny.partnerships.models import Agency, Membership
from scrutiny.partnerships.roles import ROLES_FOR_A_PARTNER_BODY, Role
from scrutiny.partnerships.scoping import only_their_agency
from scrutiny.reviews.models.incidents import ROOM, RapidReview

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


class ContributionStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    DRAFT = "draft", "Being written"
    SUBMITTED = "submitted", "Submitted"


class AgencyContributionQuerySet(models.QuerySet["AgencyContribution"]):
    def visible_to(self, seat: Seat) -> AgencyContributionQuerySet:
        """Everyone who may view the room reads every contribution; anyone else (an agency
        contributor) only their own agency's."""
        mine = self.filter(rapid_review__partnership=seat.partnership)
        if seat.can(ROOM, "view"):
            return mine
        return only_their_agency(mine, seat)


class AgencyContribution(models.Model):
    """One agency's summary for a rapid review, written by that agency's own people."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="contributions")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="rapid_review_contributions")
    requested_on = models.DateField("requested on", default=timezone.localdate)
    due_on = models.DateField("due on")
    status = models.CharField(max_length=10, choices=ContributionStatus.choices, default=ContributionStatus.REQUESTED)
    involvement = models.TextField(
        "the agency's involvement with the child and family",
        blank=True,
        help_text=privacy.IDENTIFYING_DETAILS_REMINDER,
    )
    analysis = models.TextField(
        "what went well and what could have been better", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER
    )
    actions_taken = models.TextField(
        "immediate action the agency has taken", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER
    )
    submitted_on = models.DateField("submitted on", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = AgencyContributionQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "rapid_review__partnership"

    class Meta:
        ordering = ["rapid_review", "agency__name"]
        verbose_name = "agency contribution"
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "agency"], name="one_contribution_per_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency}'s contribution to {self.rapid_review}"

    def get_absolute_url(self) -> str:
        return reverse("contribution_detail", kwargs={"slug": self.rapid_review.partnership.slug, "pk": self.pk})

    @property
    def is_submitted(self) -> bool:
        return self.status == ContributionStatus.SUBMITTED

    def is_overdue(self, today: date) -> bool:
        return not self.is_submitted and self.due_on < today

    def can_write(self, seat: Seat) -> bool:
        """Only the agency's own people write its contribution, and only until it is submitted."""
        return not self.is_submitted and seat.acts_for(self.agency_id) and seat.can(ROOM, "contribute")

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.rapid_review_id and self.due_on and self.due_on < self.rapid_review.incident.aware_on:
            errors["due_on"] = "The contribution cannot be due before the incident became known."
        if self.requested_on and self.due_on and self.due_on < self.requested_on:
            errors["due_on"] = "The contribution cannot be due before it was requested."
        if self.status == ContributionStatus.SUBMITTED and not (self.involvement.strip() and self.analysis.strip()):
            errors["involvement"] = (
                "Write the agency's involvement and what went well or could be better before submitting."
            )
        try:
            privacy.check_free_text(
                {"involvement": self.involvement, "analysis": self.analysis, "actions_taken": self.actions_taken}
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, messages[0])
        if errors:
            raise ValidationError(errors)


class RapidReviewSignOff(models.Model):
    """One statutory partner body's sign-off of a rapid review, by its lead or delegated partner."""

    rapid_review = models.ForeignKey(RapidReview, on_delete=models.CASCADE, related_name="sign_offs")
    partner_body = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="partner body")
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_on = models.DateField("signed off on", default=timezone.localdate)
    comment = models.TextField(blank=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "rapid_review__partnership"

    class Meta:
        ordering = ["rapid_review", "partner_body__name"]
        verbose_name = "rapid review sign-off"
        constraints = [
            models.UniqueConstraint(fields=["rapid_review", "partner_body"], name="one_sign_off_per_partner_body"),
        ]

    def __str__(self) -> str:
        return f"Signed off for {self.partner_body} on {self.signed_on:%-d %B %Y}"

    def clean(self) -> None:
        problem = sign_off_problem(
            self.rapid_review,
            self.partner_body if self.partner_body_id else None,
            self.signed_by,
            self.signed_on,
            existing_pk=self.pk,
        )
        if problem:
            raise ValidationError(problem)


def sign_off_problem(
    rapid_review: RapidReview, body: Agency | None, user: Any, on: date | None, *, existing_pk: int | None = None
) -> str:
    """Why this person cannot sign off for this body, or "" where they can: only a lead or
    delegated safeguarding partner of a statutory partner body of the partnership signs."""
    if body is None or not body.is_statutory_partner:
        return (
            f"{body or 'That organisation'} is not a statutory safeguarding partner, so it does not sign off "
            "rapid reviews."
        )
    if not rapid_review.partner_bodies().filter(pk=body.pk).exists():
        return f"{body} is not a safeguarding partner of this partnership."
    holds = Membership.objects.filter(
        user=user, partnership_id=rapid_review.partnership_id, agency=body, role__in=ROLES_FOR_A_PARTNER_BODY
    ).exists()
    if not holds:
        roles = " or ".join(str(Role(r).label).lower() for r in sorted(ROLES_FOR_A_PARTNER_BODY))
        return f"Only a {roles} for {body} can sign off for it."
    if on is not None and on < rapid_review.incident.aware_on:
        return "The sign-off cannot be dated before the incident became known."
    if on is not None and on > timezone.localdate():
        return "The sign-off cannot be dated in the future."
    others = rapid_review.sign_offs.filter(partner_body=body)
    if existing_pk is not None:
        others = others.exclude(pk=existing_pk)
    if others.exists():
        return f"{body} has already signed this rapid review off."
    return ""
