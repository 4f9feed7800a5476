"""Local child safeguarding practice reviews (statutory.md §5.3) and the national Panel's reviews.

An LCSPR runs from the partners' decision to start it to publication within 6 months (clock C6);
the final report goes to the Panel and the Secretary of State before publication (C7, counted back
from the planned publication date), and the published report stays available for at least a year
(C8). The partners monitor its timeliness and quality at milestones (regulation 14). Where it is not
published in full, what was published instead is recorded.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny import privacy
from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.tracking import Clock, late_reason_problem
from scrutiny.partnerships.models import Partnership, reporting_year_starting
from scrutiny.reviews.models.incidents import ROOM, RapidReview

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


class LcsprQuerySet(models.QuerySet["Lcspr"]):
    def visible_to(self, seat: Seat) -> LcsprQuerySet:
        mine = self.filter(partnership=seat.partnership)
        return mine if seat.can(ROOM, "view") else mine.none()


class Lcspr(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="lcsprs")
    rapid_review = models.OneToOneField(
        RapidReview,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lcspr",
        verbose_name="rapid review",
        help_text="The rapid review that recommended it, if there was one",
    )
    title = models.CharField(
        max_length=200,
        help_text="As it will be published, for example “Child Q: a local child safeguarding practice review”",
    )
    publication_name = models.CharField(
        "name used in publication",
        max_length=40,
        blank=True,
        help_text="The pseudonym the published report uses, for example Child Q",
    )
    decided_on = models.DateField(
        "date of the decision to start the review", help_text="The 6-month clock runs from here"
    )
    reviewer = models.CharField("lead reviewer", max_length=200, blank=True)
    reviewer_organisation = models.CharField("reviewer's organisation", max_length=200, blank=True)
    terms_of_reference = models.TextField(
        "terms of reference", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER
    )
    terms_agreed_on = models.DateField("terms of reference agreed on", null=True, blank=True)
    draft_report_on = models.DateField("draft report received on", null=True, blank=True)
    final_report_on = models.DateField("final report agreed on", null=True, blank=True)
    planned_publication_on = models.DateField("planned publication date", null=True, blank=True)
    sent_to_panel_on = models.DateField(
        "final report sent to the Panel and the Secretary of State on", null=True, blank=True
    )
    panel_late_reason = models.TextField("reason the report reached the Panel late", blank=True)
    published_on = models.DateField("published on", null=True, blank=True)
    publication_url = models.URLField("where it is published", blank=True)
    published_in_full = models.BooleanField("published in full", default=True)
    published_instead = models.TextField(
        "what was published instead",
        blank=True,
        help_text="Where the report is not published in full: the information about improvements that was published",
    )
    publication_late_reason = models.TextField("reason for the delay in publication", blank=True)
    withdrawn_on = models.DateField("taken down on", null=True, blank=True)
    redaction_terms = models.TextField(
        "words to redact when exporting for publication",
        blank=True,
        help_text="One per line: places, services or staff roles that could identify the family",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = LcsprQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = "local child safeguarding practice review"
        verbose_name_plural = "local child safeguarding practice reviews"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("lcspr_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def year(self) -> int:
        return reporting_year_starting(self.decided_on)

    @property
    def is_published(self) -> bool:
        return self.published_on is not None

    @property
    def keep_available_until(self) -> date | None:
        """The earliest day the published report may come down (clock C8)."""
        if not self.published_on:
            return None
        return rule_for(self.partnership, "lcspr-kept-available").due(self.published_on)

    @property
    def stage(self) -> str:
        """Where the review has got to, in a few words."""
        if self.withdrawn_on:
            return "Taken down"
        if self.published_on:
            return "Published" if self.published_in_full else "Published in summary"
        if self.sent_to_panel_on:
            return "Sent to the Panel"
        if self.final_report_on:
            return "Final report agreed"
        if self.draft_report_on:
            return "Draft report"
        if self.terms_agreed_on:
            return "Under way"
        return "Commissioned"

    def clocks(self) -> list[Clock]:
        url = self.get_absolute_url()
        clocks = [
            Clock(
                "lcspr-publication",
                "Review completed and published",
                self.decided_on,
                self.published_on,
                self.publication_late_reason,
                url=url,
                record=str(self),
                partnership=self.partnership,
            )
        ]
        planned = self.planned_publication_on or self.published_on
        clocks.append(
            Clock(
                "lcspr-report-to-panel",
                "Final report to the Panel and the Secretary of State",
                planned,
                self.sent_to_panel_on,
                self.panel_late_reason,
                url=url,
                record=str(self),
                partnership=self.partnership,
            )
        )
        return clocks

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        order = [
            ("decided_on", "the decision"),
            ("terms_agreed_on", "the terms of reference were agreed"),
            ("draft_report_on", "the draft report"),
            ("final_report_on", "the final report"),
            ("sent_to_panel_on", "the report was sent to the Panel"),
            ("published_on", "publication"),
            ("withdrawn_on", "the report was taken down"),
        ]
        dated = [(field, label, getattr(self, field)) for field, label in order if getattr(self, field)]
        for field, label, value in dated:
            if field != "withdrawn_on" and value > today:
                errors[field] = (
                    f"The date of {label} cannot be in the future; use the planned publication date for plans."
                )
        for (_, earlier_label, earlier), (field, label, later) in itertools.pairwise(dated):
            if later < earlier and field not in errors:
                errors[field] = (
                    f"The date of {label} ({later:%-d %B %Y}) cannot be before {earlier_label} ({earlier:%-d %B %Y})."
                )
        if self.rapid_review is not None and self.decided_on and self.decided_on < self.rapid_review.incident.aware_on:
            errors.setdefault("decided_on", "The decision cannot be before the incident became known.")
        if self.planned_publication_on and self.decided_on and self.planned_publication_on < self.decided_on:
            errors.setdefault(
                "planned_publication_on", "Publication cannot be planned before the decision to start the review."
            )
        if self.published_on:
            if not self.sent_to_panel_on:
                errors.setdefault(
                    "sent_to_panel_on",
                    "The final report goes to the Panel and the Secretary of State before publication: give the "
                    "date it was sent.",
                )
            if self.published_in_full and not self.publication_url:
                errors.setdefault("publication_url", "Give the address where the review is published.")
            if not self.published_in_full and not self.published_instead.strip():
                errors.setdefault(
                    "published_instead",
                    "The review was not published in full: record what was published instead about the "
                    "improvements to be made.",
                )
        if self.withdrawn_on and not self.published_on:
            errors.setdefault("withdrawn_on", "A review that was not published cannot be taken down.")
        partnership = self.partnership if self.partnership_id else None
        if (
            "published_on" not in errors
            and "decided_on" not in errors
            and (
                problem := late_reason_problem(
                    "lcspr-publication",
                    self.decided_on,
                    self.published_on,
                    self.publication_late_reason,
                    partnership=partnership,
                )
            )
        ):
            errors["publication_late_reason"] = problem
        planned = self.planned_publication_on or self.published_on
        if (
            planned
            and "sent_to_panel_on" not in errors
            and (
                problem := late_reason_problem(
                    "lcspr-report-to-panel",
                    planned,
                    self.sent_to_panel_on,
                    self.panel_late_reason,
                    partnership=partnership,
                )
            )
        ):
            errors["panel_late_reason"] = problem.replace("after the deadline", "after the latest date")
        try:
            privacy.check_free_text(
                {
                    "terms_of_reference": self.terms_of_reference,
                    "published_instead": self.published_instead,
                    "publication_late_reason": self.publication_late_reason,
                    "panel_late_reason": self.panel_late_reason,
                }
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, messages[0])
        if errors:
            raise ValidationError(errors)


class MilestoneQuality(models.TextChoices):
    NOT_JUDGED = "", "Not judged yet"
    GOOD = "good", "Good"
    ADEQUATE = "adequate", "Adequate"
    CONCERNS = "concerns", "Concerns"


class LcsprMilestone(models.Model):
    """A point at which the partners check the review's timeliness and quality (regulation 14)."""

    lcspr = models.ForeignKey(Lcspr, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(max_length=200)
    due_on = models.DateField("due on")
    met_on = models.DateField("met on", null=True, blank=True)
    quality = models.CharField(
        max_length=10, choices=MilestoneQuality.choices, blank=True, default=MilestoneQuality.NOT_JUDGED
    )
    note = models.TextField("monitoring note", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "lcspr__partnership"

    class Meta:
        ordering = ["lcspr", "due_on", "pk"]
        verbose_name = "review milestone"

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: date) -> bool:
        return self.met_on is None and self.due_on < today

    def is_late(self) -> bool:
        return self.met_on is not None and self.met_on > self.due_on

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.lcspr_id and self.due_on and self.due_on < self.lcspr.decided_on:
            errors["due_on"] = "A milestone cannot be due before the decision to start the review."
        if self.lcspr_id and self.met_on and self.met_on < self.lcspr.decided_on:
            errors["met_on"] = "A milestone cannot be met before the decision to start the review."
        if self.met_on and self.met_on > timezone.localdate():
            errors["met_on"] = "This date cannot be in the future."
        if self.quality == MilestoneQuality.CONCERNS and not self.note.strip():
            errors["note"] = "Say what the concerns about quality are."
        if problem := privacy.identifying_details_problem(self.note):
            errors.setdefault("note", problem)
        if errors:
            raise ValidationError(errors)


class NationalReviewQuerySet(models.QuerySet["NationalReview"]):
    def visible_to(self, seat: Seat) -> NationalReviewQuerySet:
        mine = self.filter(partnership=seat.partnership)
        return mine if seat.can(ROOM, "view") else mine.none()


class NationalReview(models.Model):
    """A national or thematic review by the Panel, as the partnership considers it: its
    recommendations that apply locally become learning points with the partnership's response."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="national_reviews")
    title = models.CharField(max_length=300)
    published_on = models.DateField("published by the Panel on")
    url = models.URLField("where it is published", blank=True)
    summary = models.TextField("what it is about", blank=True)
    considered_on = models.DateField("considered by the partnership on", null=True, blank=True)
    response = models.TextField("the partnership's overall response", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = NationalReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "-pk"]
        verbose_name = "national review"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("national_review_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def year(self) -> int:
        return reporting_year_starting(self.published_on)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        today = timezone.localdate()
        if self.published_on and self.published_on > today:
            errors["published_on"] = "The publication date cannot be in the future."
        if self.considered_on and self.published_on and self.considered_on < self.published_on:
            errors["considered_on"] = "The partnership cannot have considered the review before it was published."
        if self.considered_on and self.considered_on > today:
            errors.setdefault("considered_on", "This date cannot be in the future.")
        if errors:
            raise ValidationError(errors)
