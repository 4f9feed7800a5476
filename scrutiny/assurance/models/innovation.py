"""The innovation register: initiatives and pilots in relationship-based practice, from idea to
adoption, with the measures that would show they work and the scrutineer's observations (the
founding page asks scrutiny to "support the development of innovation in the system in respect
of relationship based practice")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.assurance.models.findings import ROOM
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat


class InnovationStage(models.TextChoices):
    IDEA = "idea", "Idea"
    PILOT = "pilot", "Pilot"
    EVALUATION = "evaluation", "Evaluation"
    ADOPTED = "adopted", "Adopted"
    STOPPED = "stopped", "Stopped"


class InnovationQuerySet(models.QuerySet["Innovation"]):
    def visible_to(self, seat: Seat) -> InnovationQuerySet:
        """Those who may view the room read the whole register; an agency contributor reads their
        own agency's initiatives."""
        if seat.can(ROOM, "view"):
            return self
        return only_their_agency(self, seat, "owner_agency")


class Innovation(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="innovations")
    title = models.CharField("initiative", max_length=300)
    owner_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="innovations", verbose_name="owner agency"
    )
    problem = models.TextField("the problem it addresses")
    theory_of_change = models.TextField("theory of change", blank=True)
    measures = models.TextField(
        "measures that would show it works", blank=True, help_text="Name the indicators or audits that would show it"
    )
    stage = models.CharField(max_length=20, choices=InnovationStage.choices, default=InnovationStage.IDEA)
    scrutineer_observations = models.TextField("the scrutineer's support and observations", blank=True)
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="innovations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    history = HistoricalRecords(m2m_fields=[themes])
    objects = InnovationQuerySet.as_manager()

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("innovation_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def can_edit(self, seat: Seat) -> bool:
        """The scrutineer, the business manager and the owner agency's people."""
        return seat.can(ROOM, "manage") or seat.can("assurance_admin", "manage") or seat.acts_for(self.owner_agency_id)
