"""Disagreements between leaders and the partnership's local escalation policy.

Each partnership sets its own stages and their timescales (working days); a default three-stage
policy is made the first time the partnership records or configures a disagreement.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models, transaction
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.assurance.models.findings import ROOM
from scrutiny.clocks.holidays import OutsideHolidayData
from scrutiny.clocks.workdays import add_working_days
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

#: A common shape of local escalation policy: resolve at the front line, then between senior
#: managers, then between the lead safeguarding partners with the scrutineer's independent advice.
#: Partnerships change names and timescales to match their own published policy.
DEFAULT_STAGES: list[tuple[str, int, str]] = [
    ("Practitioners and their managers", 5, "Those involved talk it through and try to agree."),
    ("Senior managers of the agencies", 10, "Senior managers of each agency meet to resolve it."),
    (
        "Lead safeguarding partners",
        20,
        "The lead safeguarding partners decide, with the independent scrutineer's advice.",
    ),
]


class EscalationStage(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="escalation_stages")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(help_text="1 for the first stage, 2 for the next…")
    timescale_working_days = models.PositiveSmallIntegerField(
        "timescale in working days", help_text="How long the stage should take before the next is reached"
    )
    description = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["partnership", "order"]
        constraints = [models.UniqueConstraint(fields=["partnership", "order"], name="one_stage_per_order")]

    def __str__(self) -> str:
        return f"Stage {self.order}: {self.name}"


def escalation_policy(partnership: Partnership) -> list[EscalationStage]:
    """The partnership's stages in order, seeding the default policy on first use."""
    stages = list(EscalationStage.objects.filter(partnership=partnership).order_by("order"))
    if stages:
        return stages
    with transaction.atomic():
        for order, (name, days, description) in enumerate(DEFAULT_STAGES, start=1):
            EscalationStage.objects.get_or_create(
                partnership=partnership,
                order=order,
                defaults={"name": name, "timescale_working_days": days, "description": description},
            )
    return list(EscalationStage.objects.filter(partnership=partnership).order_by("order"))


class DisagreementQuerySet(models.QuerySet["Disagreement"]):
    def visible_to(self, seat: Seat) -> DisagreementQuerySet:
        """Everyone who may view the room reads every disagreement; an agency contributor only
        those their agency is a party to."""
        if seat.can(ROOM, "view"):
            return self
        return only_their_agency(self, seat, "parties")


class Disagreement(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="disagreements")
    title = models.CharField("the issue in a line", max_length=300)
    issue = models.TextField("the issue")
    parties = models.ManyToManyField(Agency, related_name="disagreements")
    raised_on = models.DateField()
    current_stage = models.ForeignKey(
        EscalationStage, on_delete=models.PROTECT, related_name="disagreements", verbose_name="current stage"
    )
    stage_entered_on = models.DateField("current stage reached on")
    scrutineer_advice = models.TextField("the scrutineer's independent advice", blank=True)
    advice_given_on = models.DateField(null=True, blank=True)
    resolution = models.TextField(blank=True)
    resolved_on = models.DateField(null=True, blank=True)
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="disagreements")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(m2m_fields=[parties, themes])
    objects = DisagreementQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_on", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("disagreement_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def is_resolved(self) -> bool:
        return self.resolved_on is not None

    def stage_due(self) -> date | None:
        """When the current stage's timescale runs out (working days after it was reached)."""
        try:
            return add_working_days(self.stage_entered_on, self.current_stage.timescale_working_days)
        except OutsideHolidayData:
            return None

    def is_past_stage_timescale(self, today: date) -> bool:
        due = self.stage_due()
        return not self.is_resolved and due is not None and due < today


class StageChange(models.Model):
    """One step of a disagreement through the escalation policy: its stage history."""

    disagreement = models.ForeignKey(Disagreement, on_delete=models.CASCADE, related_name="stage_changes")
    stage = models.ForeignKey(EscalationStage, on_delete=models.PROTECT, related_name="+")
    entered_on = models.DateField()
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "disagreement__partnership"

    class Meta:
        ordering = ["disagreement", "entered_on", "pk"]

    def __str__(self) -> str:
        return f"{self.disagreement}: {self.stage} from {self.entered_on}"
