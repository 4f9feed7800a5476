"""The independence register: the scrutineer's appointment, term, who funds the post and any
conflicts declared (statutory.md §9.1 item 1; §1.2 asks that a scrutineer who also chairs or is a
delegated partner be shown as a risk, not forbidden)."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.partnerships.models import Partnership


class ScrutineerAppointment(models.Model):
    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="scrutineer_appointments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scrutineer_appointments"
    )
    appointed_on = models.DateField()
    term_end = models.DateField("term ends", null=True, blank=True)
    funded_by = models.CharField(
        "who funds the post", max_length=300, help_text="For example: shared equally by the three partners"
    )
    employer = models.CharField("employed or contracted by", max_length=300, blank=True)
    declared_conflicts = models.TextField(
        "conflicts declared", blank=True, help_text="Other roles, interests or relationships that bear on independence"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-appointed_on"]

    def __str__(self) -> str:
        return f"{self.person} from {self.appointed_on:%-d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("appointment_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self) -> None:
        if self.term_end and self.appointed_on and self.term_end <= self.appointed_on:
            raise ValidationError({"term_end": "The term must end after the appointment date."})

    def is_current(self, today: date) -> bool:
        return self.appointed_on <= today and (self.term_end is None or today <= self.term_end)
