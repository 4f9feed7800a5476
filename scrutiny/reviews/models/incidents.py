"""Serious incidents and the rapid reviews that follow them (statutory.md §5.1-§5.2).

A serious incident is notified to the national Panel within 5 working days of the local authority
becoming aware (clock C1) and the partners are told within 5 working days (C2). Every notified
incident that meets the criteria has one rapid review, completed and sent to the Panel within 15
working days of the date the notification was sent to the Panel (C5, Working Together 2023), not of
when the partners became aware or were told. Each agency involved writes its own contribution;
each statutory partner body signs the review off.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny import privacy
from scrutiny.clocks.tracking import Clock, late_reason_problem
from scrutiny.partnerships.models import Agency, Area, AreaKind, Partnership, reporting_year_starting
from scrutiny.partnerships.scoping import only_their_agency

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

#: The room whose "view" action lets a person read every record of the room.
ROOM = "reviews"


class AgeBand(models.TextChoices):
    UNDER_1 = "under_1", "Under 1"
    AGE_1_4 = "1_4", "1 to 4"
    AGE_5_9 = "5_9", "5 to 9"
    AGE_10_15 = "10_15", "10 to 15"
    AGE_16_17 = "16_17", "16 or 17"
    #: Care leavers up to and including 24 (statutory.md §5.1).
    AGE_18_24 = "18_24", "18 to 24 (care leaver)"


class IncidentKind(models.TextChoices):
    DEATH = "death", "Death"
    SERIOUS_HARM = "serious_harm", "Serious harm"
    OTHER = "other", "Other"


class CriteriaMet(models.TextChoices):
    """Whether the partners agree the notification criteria (s16C(1)) are met."""

    UNDECIDED = "undecided", "Not yet decided"
    YES = "yes", "Yes: notify and hold a rapid review"
    NO = "no", "No: the criteria are not met"


class SeriousIncidentQuerySet(models.QuerySet["SeriousIncident"]):
    def visible_to(self, seat: Seat) -> SeriousIncidentQuerySet:
        """Everyone who may view the room reads every incident of the partnership; an agency
        contributor reads none (they see their own agency's rapid review contributions only)."""
        mine = self.filter(partnership=seat.partnership)
        return mine if seat.can(ROOM, "view") else mine.none()


class SeriousIncident(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="serious_incidents")
    reference = models.CharField(
        "pseudonymised reference",
        max_length=privacy.REFERENCE_MAX_LENGTH,
        help_text="The partnership's own reference, such as RB-2025-03. Never a name, date of birth or case-system ID.",
    )
    age_band = models.CharField("age band", max_length=10, choices=AgeBand.choices)
    kind = models.CharField("what happened", max_length=20, choices=IncidentKind.choices)
    aware_on = models.DateField(
        "date the local authority became aware", help_text="The notification clock runs from this date"
    )
    notifying_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="notifying local authority",
        help_text="The local authority where the incident happened, which notifies the Panel",
    )
    home_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="home local authority",
        help_text="Where the child normally lives, if different",
    )
    criteria_met = models.CharField(
        "notification criteria met", max_length=10, choices=CriteriaMet.choices, default=CriteriaMet.UNDECIDED
    )
    criteria_decision = models.TextField(
        "the partners' decision on the criteria",
        blank=True,
        help_text="How the three partners agreed whether this incident is notified, and why",
    )
    notified_on = models.DateField(
        "date notified to the Panel",
        null=True,
        blank=True,
        help_text="Through Ofsted's Child Safeguarding Incident Notification System. The rapid review's clock "
        "runs from this date",
    )
    notification_late_reason = models.TextField("reason the notification was late", blank=True)
    partners_informed_on = models.DateField(
        "date the safeguarding partners were told",
        null=True,
        blank=True,
        help_text="Told at the same time as the Panel is notified; the rapid review's clock does not run from here",
    )
    partners_informed_late_reason = models.TextField("reason the partners were told late", blank=True)
    summary = models.TextField("brief summary", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER)
    agencies = models.ManyToManyField(
        Agency, blank=True, related_name="serious_incidents", verbose_name="agencies involved"
    )
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="serious_incidents")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[agencies, themes])
    objects = SeriousIncidentQuerySet.as_manager()

    class Meta:
        ordering = ["-aware_on", "-pk"]
        verbose_name = "serious incident"
        constraints = [
            models.UniqueConstraint(fields=["partnership", "reference"], name="one_incident_per_reference"),
        ]

    def __str__(self) -> str:
        return f"Serious incident {self.reference}"

    def get_absolute_url(self) -> str:
        return reverse("incident_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def year(self) -> int:
        """The reporting year (starting 1 April) in which the local authority became aware."""
        return reporting_year_starting(self.aware_on)

    @property
    def rapid_review_starts_on(self) -> date | None:
        """The day the rapid review's clock starts: the date the notification was sent to the
        Panel (clock C5, Working Together 2023 as quoted by Cambridgeshire and Peterborough SCP).
        None until the notification date is recorded: the clock has not started, so nothing is
        late yet. Not when the partners became aware or were told."""
        return self.notified_on

    def rapid_review_clock(
        self,
        *,
        met_on: date | None = None,
        late_reason: str = "",
        url: str = "",
        partnership: Partnership | None = None,
    ) -> Clock:
        """The rapid review's clock, the same whether or not the review has been started here. The
        review passes its own ``partnership`` (the incident's), which its lists have loaded."""
        return Clock(
            "rapid-review",
            "Rapid review sent to the Panel",
            self.rapid_review_starts_on,
            met_on,
            late_reason,
            url=url,
            record=f"Rapid review {self.reference}",
            waiting="The clock starts when the notification is sent to the Panel.",
            partnership=partnership or self.partnership,
        )

    def clocks(self) -> list[Clock]:
        url = self.get_absolute_url()
        clocks = [
            Clock(
                "serious-incident-notification",
                "Notification to the Panel",
                self.aware_on,
                self.notified_on,
                self.notification_late_reason,
                url=url,
                record=str(self),
                partnership=self.partnership,
            ),
            Clock(
                "partners-informed-of-notification",
                "Safeguarding partners told",
                self.aware_on,
                self.partners_informed_on,
                self.partners_informed_late_reason,
                url=url,
                record=str(self),
                partnership=self.partnership,
            ),
        ]
        if self.criteria_met == CriteriaMet.NO:
            # Not notifiable: no notification or rapid review is due.
            return []
        return clocks

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if problem := privacy.reference_problem(self.reference or ""):
            errors["reference"] = problem
        today = timezone.localdate()
        if self.aware_on and self.aware_on > today:
            errors["aware_on"] = "The date the local authority became aware cannot be in the future."
        for field, label in (
            ("notified_on", "notified to the Panel"),
            ("partners_informed_on", "the partners were told"),
        ):
            value = getattr(self, field)
            if value and self.aware_on and value < self.aware_on:
                errors[field] = (
                    f"The date {label} ({value:%-d %B %Y}) cannot be before the local authority became aware "
                    f"({self.aware_on:%-d %B %Y})."
                )
            elif value and value > today:
                errors[field] = f"The date {label} cannot be in the future."
        if self.notifying_area_id and self.notifying_area.kind != AreaKind.LOCAL_AUTHORITY:
            errors["notifying_area"] = "Choose a local authority: the local authority notifies the Panel."
        if self.home_area is not None and self.home_area.kind != AreaKind.LOCAL_AUTHORITY:
            errors["home_area"] = "Choose a local authority."
        if self.criteria_met == CriteriaMet.NO and self.notified_on:
            errors["criteria_met"] = (
                "An incident that was notified to the Panel cannot be recorded as not meeting the criteria."
            )
        if self.criteria_met != CriteriaMet.UNDECIDED and not self.criteria_decision.strip():
            errors["criteria_decision"] = "Record how the partners decided, and why."
        if "aware_on" not in errors and "notified_on" not in errors:
            partnership = self.partnership if self.partnership_id else None
            if problem := late_reason_problem(
                "serious-incident-notification",
                self.aware_on,
                self.notified_on,
                self.notification_late_reason,
                partnership=partnership,
            ):
                errors["notification_late_reason"] = problem
            if problem := late_reason_problem(
                "partners-informed-of-notification",
                self.aware_on,
                self.partners_informed_on,
                self.partners_informed_late_reason,
                partnership=partnership,
            ):
                errors["partners_informed_late_reason"] = problem
        try:
            privacy.check_free_text(
                {
                    "summary": self.summary,
                    "criteria_decision": self.criteria_decision,
                    "notification_late_reason": self.notification_late_reason,
                    "partners_informed_late_reason": self.partners_informed_late_reason,
                }
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, messages[0])
        if errors:
            raise ValidationError(errors)


class LcsprDecision(models.TextChoices):
    UNDECIDED = "", "Not yet decided"
    COMMISSION = "commission", "Commission a local child safeguarding practice review"
    NOT_COMMISSION = "not_commission", "Do not commission a review"


class PanelResponse(models.TextChoices):
    NONE = "", "No response yet"
    AGREES = "agrees", "Agrees with the partners' decision"
    DISAGREES = "disagrees", "Does not agree with the partners' decision"
    MORE_INFORMATION = "more_information", "Asks for more information"
    NATIONAL_REVIEW = "national_review", "Will consider the case for a national review"


#: The regulation 11 criteria (SI 2018/789, statutory.md §5.3), as (field, label).
REGULATION_11_CRITERIA: list[tuple[str, str]] = [
    (
        "criterion_improvements",
        "(a) it highlights, or may highlight, improvements needed, including ones identified before",
    ),
    ("criterion_recurrent_themes", "(b) it highlights, or may highlight, recurrent themes"),
    ("criterion_multi_agency", "(c) it raises concerns about two or more agencies working together effectively"),
    ("criterion_panel_local", "(d) the Panel considered it and judged it better reviewed locally"),
]


class RapidReviewQuerySet(models.QuerySet["RapidReview"]):
    def visible_to(self, seat: Seat) -> RapidReviewQuerySet:
        """Everyone who may view the room; an agency contributor only reviews that asked their
        agency for a contribution (they then see their own contribution only)."""
        mine = self.filter(partnership=seat.partnership)
        if seat.can(ROOM, "view"):
            return mine
        return only_their_agency(mine, seat, "contributions__agency")


class RapidReview(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="rapid_reviews")
    incident = models.OneToOneField(SeriousIncident, on_delete=models.PROTECT, related_name="rapid_review")
    contributions_due = models.DateField(
        "agency contributions due", help_text="The internal deadline for each agency's contribution"
    )
    # The four things a rapid review must do (statutory.md §5.2).
    facts = models.TextField("the facts", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER)
    immediate_action_needed = models.BooleanField(
        "immediate action needed to keep children safe", null=True, blank=True
    )
    immediate_actions = models.TextField(
        "immediate action taken and learning shared", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER
    )
    improvements = models.TextField(
        "potential improvements identified", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER
    )
    lcspr_decision = models.CharField(
        "decision on a local child safeguarding practice review",
        max_length=20,
        choices=LcsprDecision.choices,
        blank=True,
        default=LcsprDecision.UNDECIDED,
    )
    criterion_improvements = models.BooleanField(REGULATION_11_CRITERIA[0][1], default=False)
    criterion_recurrent_themes = models.BooleanField(REGULATION_11_CRITERIA[1][1], default=False)
    criterion_multi_agency = models.BooleanField(REGULATION_11_CRITERIA[2][1], default=False)
    criterion_panel_local = models.BooleanField(REGULATION_11_CRITERIA[3][1], default=False)
    decision_rationale = models.TextField(
        "rationale for the decision", blank=True, help_text=privacy.IDENTIFYING_DETAILS_REMINDER
    )
    decided_on = models.DateField("date of the decision", null=True, blank=True)
    sent_to_panel_on = models.DateField("date sent to the Panel", null=True, blank=True)
    late_reason = models.TextField("reason the rapid review was late", blank=True)
    panel_response = models.CharField(
        "the Panel's response", max_length=20, choices=PanelResponse.choices, blank=True, default=PanelResponse.NONE
    )
    panel_response_on = models.DateField("date of the Panel's response", null=True, blank=True)
    panel_response_note = models.TextField("what the Panel said", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = RapidReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-incident__aware_on", "-pk"]
        verbose_name = "rapid review"

    def __str__(self) -> str:
        return f"Rapid review {self.incident.reference}"

    def get_absolute_url(self) -> str:
        return reverse("rapid_review_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def starts_on(self) -> date | None:
        """The rapid review clock runs from the date the notification was sent to the Panel
        (clock C5); None until that date is recorded on the incident."""
        return self.incident.rapid_review_starts_on

    @property
    def criteria_ticked(self) -> list[str]:
        return [label for field, label in REGULATION_11_CRITERIA if getattr(self, field)]

    @property
    def is_sent(self) -> bool:
        return self.sent_to_panel_on is not None

    def clocks(self) -> list[Clock]:
        return [
            self.incident.rapid_review_clock(
                met_on=self.sent_to_panel_on,
                late_reason=self.late_reason,
                url=self.get_absolute_url(),
                partnership=self.partnership,
            )
        ]

    def clean(self) -> None:
        errors: dict[str, str] = {}
        incident = self.incident if self.incident_id else None
        if incident is not None:
            if incident.partnership_id != self.partnership_id:
                errors["incident"] = "The incident belongs to another partnership."
            elif incident.criteria_met == CriteriaMet.NO:
                errors["incident"] = (
                    "The partners decided this incident does not meet the notification criteria, so there is no "
                    "rapid review."
                )
            start = incident.aware_on
            for field, label in (
                ("contributions_due", "agency contributions are due"),
                ("decided_on", "of the decision"),
                ("sent_to_panel_on", "sent to the Panel"),
            ):
                value = getattr(self, field)
                if value and value < start:
                    errors[field] = (
                        f"The date {label} ({value:%-d %B %Y}) cannot be before the local authority became aware of "
                        f"the incident ({start:%-d %B %Y})."
                    )
        today = timezone.localdate()
        for field in ("decided_on", "sent_to_panel_on", "panel_response_on"):
            value = getattr(self, field)
            if value and value > today and field not in errors:
                errors[field] = "This date cannot be in the future."
        if self.decided_on and self.sent_to_panel_on and self.sent_to_panel_on < self.decided_on:
            errors.setdefault(
                "sent_to_panel_on", "The review cannot be sent to the Panel before the decision was made."
            )
        if self.panel_response_on:
            if not self.sent_to_panel_on:
                errors.setdefault("panel_response_on", "Record when the review was sent to the Panel first.")
            elif self.panel_response_on < self.sent_to_panel_on:
                errors.setdefault(
                    "panel_response_on", "The Panel cannot have responded before the review was sent to it."
                )
        if self.panel_response and not self.panel_response_on:
            errors.setdefault("panel_response_on", "Give the date of the Panel's response.")
        if self.lcspr_decision:
            if not self.decision_rationale.strip():
                errors["decision_rationale"] = (
                    "Record the rationale for the decision: regulation 11 requires the reasons."
                )
            if not self.decided_on:
                errors.setdefault("decided_on", "Give the date of the decision.")
        late = (
            late_reason_problem(
                "rapid-review",
                self.starts_on,
                self.sent_to_panel_on,
                self.late_reason,
                partnership=incident.partnership,
            )
            if incident is not None and "sent_to_panel_on" not in errors
            else ""
        )
        if late:
            errors["late_reason"] = late
        try:
            privacy.check_free_text(
                {
                    "facts": self.facts,
                    "immediate_actions": self.immediate_actions,
                    "improvements": self.improvements,
                    "decision_rationale": self.decision_rationale,
                    "late_reason": self.late_reason,
                    "panel_response_note": self.panel_response_note,
                }
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                errors.setdefault(field, messages[0])
        if errors:
            raise ValidationError(errors)

    def partner_bodies(self) -> models.QuerySet[Agency]:
        """The statutory partner bodies of the partnership, each of which signs the review off."""
        return Agency.objects.partner_bodies_of(self.partnership_id)

    def bodies_still_to_sign(self) -> list[Agency]:
        signed = set(self.sign_offs.values_list("partner_body_id", flat=True))
        return [body for body in self.partner_bodies() if body.pk not in signed]

    def parts_missing(self) -> list[str]:
        """The four things a rapid review must do (statutory.md §5.2) that are not recorded yet."""
        missing = []
        if not self.facts.strip():
            missing.append("the facts")
        if self.immediate_action_needed is None:
            missing.append("whether immediate action is needed")
        if not self.improvements.strip():
            missing.append("the potential improvements")
        if not self.lcspr_decision:
            missing.append("the decision on a local child safeguarding practice review")
        return missing

    def send_problem(self) -> str:
        """Why the review cannot be recorded as sent to the Panel yet, or "" when it can: the four
        parts are done and every statutory partner body has signed it off."""
        missing = self.parts_missing()
        if missing:
            return "Before it is sent, record " + ", ".join(missing) + "."
        unsigned = self.bodies_still_to_sign()
        if unsigned:
            return "Before it is sent, it needs signing off by " + ", ".join(str(body) for body in unsigned) + "."
        return ""
