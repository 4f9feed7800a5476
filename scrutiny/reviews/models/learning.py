"""What the partnership learns from its reviews, and whether that learning changed practice.

A learning point is a finding or a recommendation of a rapid review, an LCSPR or a national review.
Each recommendation becomes one or more actions in the shared tracker (``scrutiny.actions``), each
with an owner agency, a due date, evidence of completion and evidence of impact, and gets an
impact check 12 months after it is agreed (clock ``review-recommendation-impact-check``, for
example a re-audit) — the "learning loop closed" of statutory.md §9.1. Learning products
(briefings, practitioner events) record who the learning reached.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny import privacy
from scrutiny.actions.models import Action, ActionStatus
from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.tracking import Clock, late_reason_problem
from scrutiny.partnerships.models import Agency, Partnership, reporting_year_starting
from scrutiny.partnerships.scoping import only_their_agency
from scrutiny.reviews.models.incidents import ROOM, RapidReview
from scrutiny.reviews.models.lcsprs import Lcspr, NationalReview

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

IMPACT_CHECK_RULE = "review-recommendation-impact-check"


class LearningKind(models.TextChoices):
    FINDING = "finding", "Finding"
    RECOMMENDATION = "recommendation", "Recommendation"


class ImpactOutcome(models.TextChoices):
    NOT_CHECKED = "", "Not checked yet"
    CHANGED = "changed", "Practice has changed"
    PARTLY = "partly", "Practice has partly changed"
    NOT_CHANGED = "not_changed", "Practice has not changed"


class LearningStatus(models.TextChoices):
    """Where a recommendation has got to on the way from words to changed practice."""

    NOT_APPLICABLE = "not_applicable", "Does not apply locally"
    AWAITING_ACTIONS = "awaiting_actions", "Agreed, no actions yet"
    IN_PROGRESS = "in_progress", "Actions in progress"
    ACTIONS_COMPLETE = "actions_complete", "Actions complete, impact not yet checked"
    IMPACT_SHOWN = "impact_shown", "Impact shown"
    IMPACT_NOT_SHOWN = "impact_not_shown", "Impact checked, practice not yet changed"


STATUS_COLOURS = {
    LearningStatus.NOT_APPLICABLE: "grey",
    LearningStatus.AWAITING_ACTIONS: "red",
    LearningStatus.IN_PROGRESS: "blue",
    LearningStatus.ACTIONS_COMPLETE: "yellow",
    LearningStatus.IMPACT_SHOWN: "green",
    LearningStatus.IMPACT_NOT_SHOWN: "orange",
}


class LearningPointQuerySet(models.QuerySet["LearningPoint"]):
    def visible_to(self, seat: Seat) -> LearningPointQuerySet:
        """Everyone who may view the room; an agency contributor only the learning addressed to
        their agency."""
        mine = self.filter(partnership=seat.partnership)
        if seat.can(ROOM, "view"):
            return mine
        return only_their_agency(mine, seat, "agencies")

    def recommendations(self) -> LearningPointQuerySet:
        return self.filter(kind=LearningKind.RECOMMENDATION)

    def findings(self) -> LearningPointQuerySet:
        return self.filter(kind=LearningKind.FINDING)

    def reschedule_impact_checks(self, partnership: Partnership) -> None:
        """Work the impact check date of each of ``partnership``'s local recommendations out again,
        after it changed the length of that clock. The date is derived from the clock, so it
        changes without a history row of its own."""
        rule = rule_for(partnership, IMPACT_CHECK_RULE)
        points = self.filter(partnership=partnership, applies_locally=True).recommendations()
        for pk, made_on, stored in points.values_list("pk", "made_on", "impact_check_due"):
            due = rule.due(made_on) if made_on else None
            if due != stored:
                self.filter(pk=pk).update(impact_check_due=due)

    def impact_check_due_by(self, day: date) -> LearningPointQuerySet:
        """Recommendations that apply locally whose impact check is due by ``day`` and not done."""
        return self.recommendations().filter(
            applies_locally=True, impact_checked_on__isnull=True, impact_check_due__lte=day
        )


class LearningPoint(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="learning_points")
    # Exactly one source review (checked by the constraint below).
    rapid_review = models.ForeignKey(
        RapidReview, on_delete=models.CASCADE, null=True, blank=True, related_name="learning_points"
    )
    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, null=True, blank=True, related_name="learning_points")
    national_review = models.ForeignKey(
        NationalReview, on_delete=models.CASCADE, null=True, blank=True, related_name="learning_points"
    )
    kind = models.CharField(max_length=20, choices=LearningKind.choices)
    number = models.CharField("number", max_length=10, blank=True, help_text="As the review numbers it, for example 3")
    text = models.TextField(help_text=privacy.IDENTIFYING_DETAILS_REMINDER)
    made_on = models.DateField("agreed on", help_text="The 12-month impact check runs from here")
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="learning_points")
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="learning_points", verbose_name="agencies it concerns"
    )
    applies_locally = models.BooleanField(
        "applies locally", default=True, help_text="For a national review's recommendations: whether it applies here"
    )
    local_response = models.TextField(
        "the partnership's response",
        blank=True,
        help_text="What the partnership will do, or why it does not apply locally",
    )
    impact_check_due = models.DateField("impact check due", null=True, blank=True, editable=False)
    impact_checked_on = models.DateField("impact checked on", null=True, blank=True)
    impact_method = models.CharField(
        "how impact was checked", max_length=200, blank=True, help_text="For example a re-audit of 20 cases"
    )
    impact_outcome = models.CharField(
        "what the check found",
        max_length=20,
        choices=ImpactOutcome.choices,
        blank=True,
        default=ImpactOutcome.NOT_CHECKED,
    )
    impact_summary = models.TextField("impact", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER)
    impact_late_reason = models.TextField("reason the impact check was late", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[themes, agencies])
    objects = LearningPointQuerySet.as_manager()

    class Meta:
        ordering = ["-made_on", "kind", "number", "pk"]
        verbose_name = "learning point"
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(rapid_review__isnull=False, lcspr__isnull=True, national_review__isnull=True)
                    | Q(rapid_review__isnull=True, lcspr__isnull=False, national_review__isnull=True)
                    | Q(rapid_review__isnull=True, lcspr__isnull=True, national_review__isnull=False)
                ),
                name="learning_from_exactly_one_review",
            ),
        ]

    def __str__(self) -> str:
        label = f"{self.get_kind_display()} {self.number}".strip()
        text = self.text if len(self.text) <= 70 else f"{self.text[:67]}…"
        return f"{label}: {text}"

    def save(self, *args: object, **kwargs: object) -> None:
        # The impact check is scheduled automatically, 12 months after the recommendation is agreed
        # (or as long after as the partnership set for this clock, not yet confirmed).
        if self.kind == LearningKind.RECOMMENDATION and self.applies_locally and self.made_on:
            self.impact_check_due = rule_for(self.partnership, IMPACT_CHECK_RULE).due(self.made_on)
        else:
            self.impact_check_due = None
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("learning_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def source(self) -> RapidReview | Lcspr | NationalReview:
        found = self.rapid_review or self.lcspr or self.national_review
        assert found is not None  # the check constraint guarantees one
        return found

    @property
    def year(self) -> int:
        return reporting_year_starting(self.made_on)

    @property
    def is_recommendation(self) -> bool:
        return self.kind == LearningKind.RECOMMENDATION

    def actions(self) -> models.QuerySet[Action]:
        return Action.objects.from_source(self)

    def status(self, action_statuses: Iterable[str] | None = None) -> LearningStatus | None:
        """Where a recommendation has got to (None for a finding). A list page passes the statuses
        of each point's actions, read for the whole list at once, to save a query per point."""
        if not self.is_recommendation:
            return None
        if not self.applies_locally:
            return LearningStatus.NOT_APPLICABLE
        if self.impact_outcome == ImpactOutcome.CHANGED:
            return LearningStatus.IMPACT_SHOWN
        if self.impact_outcome in (ImpactOutcome.PARTLY, ImpactOutcome.NOT_CHANGED):
            return LearningStatus.IMPACT_NOT_SHOWN
        statuses = set(self.actions().values_list("status", flat=True) if action_statuses is None else action_statuses)
        if not statuses - {ActionStatus.CLOSED}:
            return LearningStatus.AWAITING_ACTIONS
        if statuses & {ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS}:
            return LearningStatus.IN_PROGRESS
        return LearningStatus.ACTIONS_COMPLETE

    def clocks(self) -> list[Clock]:
        if not self.is_recommendation or not self.applies_locally:
            return []
        return [
            Clock(
                IMPACT_CHECK_RULE,
                "Impact check",
                self.made_on,
                self.impact_checked_on,
                self.impact_late_reason,
                url=self.get_absolute_url(),
                record=str(self),
                partnership=self.partnership,
            )
        ]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        sources = [s for s in (self.rapid_review_id, self.lcspr_id, self.national_review_id) if s]
        if len(sources) != 1:
            errors["kind"] = "Learning comes from exactly one review."
        else:
            source = self.source
            if source.partnership_id != self.partnership_id:
                errors["kind"] = "The review belongs to another partnership."
            elif self.made_on and self.made_on < _source_start(source):
                began = _source_start(source)
                errors["made_on"] = (
                    f"The learning cannot be agreed before the review it comes from began ({began:%-d %B %Y})."
                )
        if self.made_on and self.made_on > timezone.localdate():
            errors.setdefault("made_on", "This date cannot be in the future.")
        if not self.applies_locally:
            if not self.national_review_id:
                errors["applies_locally"] = (
                    "Only a national review's recommendations can be marked as not applying locally."
                )
            elif not self.local_response.strip():
                errors["local_response"] = "Say why it does not apply locally."
        if self.impact_outcome and not self.impact_checked_on:
            errors["impact_checked_on"] = "Give the date the impact was checked."
        if self.impact_checked_on:
            if self.kind != LearningKind.RECOMMENDATION:
                errors["impact_checked_on"] = "Impact is checked on recommendations, not findings."
            elif not self.impact_outcome:
                errors["impact_outcome"] = "Say what the impact check found."
            elif not self.impact_summary.strip():
                errors["impact_summary"] = "Describe the evidence of impact (or of its absence)."
            elif self.made_on and (
                problem := late_reason_problem(
                    IMPACT_CHECK_RULE,
                    self.made_on,
                    self.impact_checked_on,
                    self.impact_late_reason,
                    partnership=self.partnership if self.partnership_id else None,
                )
            ):
                errors["impact_late_reason"] = problem
            if self.made_on and self.impact_checked_on < self.made_on:
                errors.setdefault(
                    "impact_checked_on", "The impact cannot be checked before the recommendation was agreed."
                )
            if self.impact_checked_on > timezone.localdate():
                errors.setdefault("impact_checked_on", "This date cannot be in the future.")
        try:
            privacy.check_free_text(
                {
                    "text": self.text,
                    "local_response": self.local_response,
                    "impact_summary": self.impact_summary,
                    "impact_late_reason": self.impact_late_reason,
                }
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, messages[0])
        if errors:
            raise ValidationError(errors)


def _source_start(source: RapidReview | Lcspr | NationalReview) -> date:
    if isinstance(source, RapidReview):
        return source.incident.aware_on
    if isinstance(source, Lcspr):
        return source.decided_on
    return source.published_on


class ProductKind(models.TextChoices):
    BRIEFING = "briefing", "Learning briefing"
    SEVEN_MINUTE = "seven_minute", "Seven-minute briefing"
    PRACTITIONER_EVENT = "practitioner_event", "Practitioner learning event"
    TRAINING = "training", "Training course"
    NEWSLETTER = "newsletter", "Newsletter article"
    PODCAST = "podcast", "Podcast or video"
    OTHER = "other", "Other"


class LearningProductQuerySet(models.QuerySet["LearningProduct"]):
    def visible_to(self, seat: Seat) -> LearningProductQuerySet:
        mine = self.filter(partnership=seat.partnership)
        return mine if seat.can(ROOM, "view") else mine.none()


class LearningProduct(models.Model):
    """A briefing, event or course that spread a review's learning, and who it reached."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="learning_products")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=ProductKind.choices)
    delivered_on = models.DateField("delivered or published on")
    description = models.TextField(blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER)
    audience = models.CharField("who it was for", max_length=300, blank=True)
    agencies_reached = models.ManyToManyField(Agency, blank=True, related_name="+", verbose_name="agencies reached")
    people_reached = models.PositiveIntegerField("number of people reached", null=True, blank=True)
    learning_points = models.ManyToManyField(
        LearningPoint, blank=True, related_name="products", verbose_name="learning it shares"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[agencies_reached, learning_points])
    objects = LearningProductQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        verbose_name = "learning product"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("learning_product_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.delivered_on and self.delivered_on > timezone.localdate():
            errors["delivered_on"] = (
                "Record a learning product once it has been delivered: this date cannot be in the future."
            )
        if problem := privacy.identifying_details_problem(self.description):
            errors["description"] = problem
        if errors:
            raise ValidationError(errors)
