"""The room's registers: the innovation register (initiatives with their evaluation evidence and
the scrutineer's observations) and the independence register (the scrutineer's appointments)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from scrutiny.assurance.models import Innovation, InnovationStage, ScrutineerAppointment
from scrutiny.assurance.services import set_supporting_evidence
from scrutiny.evidence.models import EvidenceItem
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import Agency, Partnership

# --- The innovation register ------------------------------------------------------------------


@transaction.atomic
def innovation_save(
    *,
    partnership: Partnership,
    by: Any,
    innovation: Innovation | None = None,
    title: str,
    owner_agency: Agency,
    problem: str,
    theory_of_change: str = "",
    measures: str = "",
    stage: str = InnovationStage.IDEA,
    themes: Iterable[Theme] = (),
    evidence: Iterable[EvidenceItem] = (),
    scrutineer_observations: str | None = None,
) -> Innovation:
    """Add an initiative to the register, or change ``innovation``, with exactly ``evidence`` of its
    evaluation. ``scrutineer_observations`` (the scrutineer's own) are saved with it where given."""
    if innovation is None:
        innovation = Innovation(partnership=partnership, created_by=by)
    innovation.title, innovation.owner_agency, innovation.problem = title, owner_agency, problem
    innovation.theory_of_change, innovation.measures, innovation.stage = theory_of_change, measures, stage
    if scrutineer_observations is not None:
        innovation.scrutineer_observations = scrutineer_observations
    if innovation.created_by_id is None:
        innovation.created_by = by
    # Who recorded it may be no one (the demo, an import), so that is not checked.
    innovation.full_clean(exclude=["created_by"])
    innovation.save()
    innovation.themes.set(list(themes))
    set_supporting_evidence(target=innovation, partnership=partnership, evidence=evidence, by=by)
    return innovation


def innovation_observe(*, innovation: Innovation, observations: str) -> Innovation:
    """The scrutineer's support and observations on an initiative, kept in its history."""
    innovation.scrutineer_observations = observations
    innovation.save()
    return innovation


# --- The independence register ----------------------------------------------------------------


def appointment_save(
    *,
    partnership: Partnership,
    appointment: ScrutineerAppointment | None = None,
    person: Any,
    appointed_on: date,
    term_end: date | None = None,
    funded_by: str,
    employer: str = "",
    declared_conflicts: str = "",
) -> ScrutineerAppointment:
    """Record a scrutineer's appointment in the register, or change ``appointment``. Refused where
    the term would end before it starts."""
    if appointment is None:
        appointment = ScrutineerAppointment(partnership=partnership)
    appointment.person, appointment.appointed_on, appointment.term_end = person, appointed_on, term_end
    appointment.funded_by, appointment.employer = funded_by, employer
    appointment.declared_conflicts = declared_conflicts
    appointment.full_clean()
    appointment.save()
    return appointment
