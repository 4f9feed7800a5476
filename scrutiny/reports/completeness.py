"""The completeness check run before the lead partners sign: which required sections are empty,
and which rest only on counts of activity with no evidence of what changed for children.

National analysis found 11 of 18 yearly reports gave no information on impact on children and
families (statutory.md §9.2), so a section that the guidance expects to show outcomes is listed
until at least one of its sources is marked as evidence of outcomes.
"""

from __future__ import annotations

from dataclasses import dataclass

from scrutiny.reports.models import ReportSection, SourceKind, YearlyReport
from scrutiny.reports.sections import SCRUTINY


@dataclass(frozen=True)
class Problem:
    message: str
    #: The section it is about ("" for the whole report), to link to its edit page.
    section_key: str = ""
    #: A blocking problem stops sign-off and publication; the others are warnings the lead
    #: partners see when they sign.
    blocking: bool = True


def _section_problems(report: YearlyReport, section: ReportSection) -> list[Problem]:
    spec = section.spec
    sources = list(section.sources.all())
    found: list[Problem] = []
    if spec.key == SCRUTINY and report.scrutiny_separate and not section.text.strip():
        return [Problem(f"{spec.title}: the scrutineer's evaluation is empty.", spec.key)]
    if spec.required and not section.text.strip():
        if sources:
            found.append(Problem(f"{spec.title}: it has figures but no words; say what they mean.", spec.key))
        else:
            found.append(Problem(f"{spec.title}: the section is empty.", spec.key))
    if spec.outcomes and not any(source.is_outcome for source in sources):
        found.append(
            Problem(
                f"{spec.title}: it rests only on counts of activity; add evidence of what changed for children "
                "and families (a source marked as evidence of outcomes).",
                spec.key,
                blocking=False,
            )
        )
    if spec.key == SCRUTINY and not any(source.kind == SourceKind.RESPONSE for source in sources):
        found.append(
            Problem(
                f"{spec.title}: no lead partner's response to the scrutineer's evaluation is recorded yet.",
                spec.key,
                blocking=False,
            )
        )
    return found


def problems(report: YearlyReport) -> list[Problem]:
    """Everything the check finds, the whole report's first, then by section in print order."""
    found: list[Problem] = []
    if not report.plain_summary.strip():
        found.append(Problem("The summary for children and families is empty."))
    for section in report.ordered_sections():
        found += _section_problems(report, section)
    return found


def blocking(report: YearlyReport) -> list[Problem]:
    return [problem for problem in problems(report) if problem.blocking]
