"""The scrutiny plan's coverage: every WT2023 function and Six Steps step with the activities that
cover it, so the ones with none stand out (statutory.md §9.1 item 3)."""

from __future__ import annotations

from dataclasses import dataclass, field

from scrutiny.assurance.models import ActivityStatus, ScrutinyActivity
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS, current_requirements
from scrutiny.frameworks.models import Requirement
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
