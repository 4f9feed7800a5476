"""The data-quality summary of a CIN census import in the API: records that cannot be true, by
rule, with the indicators each rule leaves them out of, and each problem by line and child
position (never the child's ID)."""

from django.conf import settings
from ninja import Schema

from scrutiny.performance.models import ReturnImport


class QualityRuleOut(Schema):
    rule: str
    label: str
    records: int
    left_out_of: list[str]


class QualityOut(Schema):
    """The data-quality summary of a CIN census import: records that cannot be true, by rule,
    and the indicators each rule leaves them out of."""

    children: int
    children_with_problems: int
    children_with_problems_pct: float | None
    refused_above_pct: int
    rules: list[QualityRuleOut]


class ProblemOut(Schema):
    line: int | None
    record: str
    element: str
    reason: str


def quality_out(record: ReturnImport) -> QualityOut | None:
    if not record.quality:
        return None
    return QualityOut(
        children=int(record.quality.get("children") or 0),
        children_with_problems=int(record.quality.get("children_with_problems") or 0),
        children_with_problems_pct=record.children_with_problems_pct,
        refused_above_pct=settings.SCRUTINY_CIN_MAX_CHILDREN_WITH_PROBLEMS_PERCENT,
        rules=[
            QualityRuleOut(rule=row.rule, label=row.label, records=row.records, left_out_of=row.left_out_of)
            for row in record.quality_rows
        ],
    )


def problems_out(record: ReturnImport) -> list[ProblemOut]:
    return [
        ProblemOut(line=item.get("line"), record=item["record"], element=item["element"], reason=item["reason"])
        for item in record.problems
    ]
