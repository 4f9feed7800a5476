"""The scrutiny plan: recording its activities, and its coverage: every WT2023 function and Six
Steps step with the activities that cover it, so the ones with none stand out (statutory.md §9.1
item 3)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction

from scrutiny.assurance.models import ActivityStatus, ScrutinyActivity
from scrutiny.assurance.services import set_supporting_evidence
from scrutiny.evidence.models import EvidenceItem
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS, current_requirements
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import scoped

COVERAGE_FRAMEWORKS = [SCRUTINY_FUNCTIONS, SIX_STEPS]


@dataclass
class CoverageRow:
    requirement: Requirement
    activities: list[ScrutinyActivity] = field(default_factory=list)

    @property
    def uncovered(self) -> bool:
        return not self.activities


def coverage(partnership: Partnership, year: int) -> list[CoverageRow]:
    """Each function and step, with the year's activities (not cancelled) that cover it. Activities
    are matched by framework key and ref, so an activity tagged against an older framework version
    still counts."""
    rows = [CoverageRow(r) for r in current_requirements(partnership, keys=COVERAGE_FRAMEWORKS)]
    by_code = {(r.requirement.framework.key, r.requirement.ref): r for r in rows}
    activities = (
        scoped(ScrutinyActivity, partnership)
        .filter(year=year)
        .exclude(status=ActivityStatus.CANCELLED)
        .prefetch_related("covers__framework")
        .order_by("planned_start", "title")
    )
    for activity in activities:
        codes = {(requirement.framework.key, requirement.ref) for requirement in activity.covers.all()}
        for code in codes:
            if code in by_code:
                by_code[code].activities.append(activity)
    return rows


@transaction.atomic
def activity_save(
    *,
    partnership: Partnership,
    by: Any,
    activity: ScrutinyActivity | None = None,
    year: int,
    title: str,
    method: str,
    description: str = "",
    covers: Iterable[Requirement] = (),
    priorities: Iterable[Theme] = (),
    planned_start: date | None = None,
    planned_end: date | None = None,
    status: str = ActivityStatus.PLANNED,
    outputs: str = "",
    evidence: Iterable[EvidenceItem] = (),
) -> ScrutinyActivity:
    """Add an activity to the plan, or change ``activity``, with exactly ``evidence`` of its outputs."""
    if activity is None:
        activity = ScrutinyActivity(partnership=partnership, created_by=by)
    activity.year, activity.title, activity.method, activity.description = year, title, method, description
    activity.planned_start, activity.planned_end = planned_start, planned_end
    activity.status, activity.outputs = status, outputs
    if activity.created_by_id is None:
        activity.created_by = by
    # Who recorded it may be no one (the demo, an import), so that is not checked.
    activity.full_clean(exclude=["created_by"])
    activity.save()
    activity.covers.set(list(covers))
    activity.priorities.set(list(priorities))
    set_supporting_evidence(target=activity, partnership=partnership, evidence=evidence, by=by)
    return activity
