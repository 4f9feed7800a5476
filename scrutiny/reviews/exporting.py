"""The publication version of a local child safeguarding practice review: what the review found
and recommended, and what the partnership is doing about it, with identifying details redacted.

Statutory.md §5.3: the report is written so that it can be published, and the yearly report records
the actions taken on its recommendations. Every free text goes through ``redaction.redact`` with
the review's own list of words, and the page and the document both open with what was redacted and
a reminder that a person must still check it: redaction here is a first pass, not a clearance.

The same ``PublicationVersion`` feeds the HTML page (a template) and the Word document (built here
with python-docx), so the two cannot say different things.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.utils.text import slugify
from docx import Document
from docx.document import Document as WordDocument
from docx.shared import Pt

from scrutiny.actions.models import ActionStatus
from scrutiny.reviews.following_up import statuses_for
from scrutiny.reviews.models import STATUS_COLOURS, Lcspr, LearningKind, LearningPoint, LearningStatus
from scrutiny.reviews.redaction import RedactionKind, describe, redact, terms_from

DOCX_MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

CHECK_BEFORE_PUBLICATION = (
    "Scrutiny replaces only what it can recognise: the case reference, the words listed for this review, and "
    "details shaped like e-mail addresses, phone numbers, postcodes, long numbers and full dates. It cannot "
    "recognise names or descriptions. A person must read all of it and check it before it is published."
)


@dataclass(frozen=True)
class ActionCount:
    status: str
    count: int


@dataclass(frozen=True)
class ExportedPoint:
    """A finding or recommendation as it will be published."""

    label: str
    text: str
    themes: list[str]
    #: Recommendations only: the partnership's response, where it has recorded one, and progress.
    response: str = ""
    status: LearningStatus | None = None
    actions: list[ActionCount] = field(default_factory=list)

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[self.status] if self.status else ""

    @property
    def actions_total(self) -> int:
        return sum(count.count for count in self.actions)


@dataclass(frozen=True)
class ExportedGroup:
    heading: str
    points: list[ExportedPoint]


@dataclass(frozen=True)
class PublicationVersion:
    title: str
    publication_name: str
    partnership: str
    decided_on: date
    reviewer: str
    reviewer_organisation: str
    terms_of_reference: str
    groups: list[ExportedGroup]
    redactions: Counter[RedactionKind]

    @property
    def recommendations(self) -> list[ExportedPoint]:
        return [point for group in self.groups if group.heading == "Recommendations" for point in group.points]

    @property
    def redaction_summary(self) -> str:
        return describe(self.redactions)

    @property
    def filename(self) -> str:
        return f"{slugify(self.title) or 'review'}-publication.docx"


def publication_version(lcspr: Lcspr) -> PublicationVersion:
    """Build the redacted publication version of ``lcspr`` (a few queries whatever its length: the
    learning, its themes and the actions made from it)."""
    terms = terms_from(lcspr.redaction_terms)
    reference = lcspr.rapid_review.incident.reference if lcspr.rapid_review else ""
    redactions: Counter[RedactionKind] = Counter()

    def clean(text: str) -> str:
        done = redact(text, terms=terms, reference=reference, publication_name=lcspr.publication_name)
        redactions.update(done.counts)
        return done.text

    points = list(lcspr.learning_points.prefetch_related("themes").order_by("kind", "number", "pk"))
    statuses = statuses_for(points)
    groups = []
    for kind, heading in ((LearningKind.FINDING, "Findings"), (LearningKind.RECOMMENDATION, "Recommendations")):
        chosen = [point for point in points if point.kind == kind]
        if chosen:
            exported = [_exported(point, clean, *statuses[point.pk]) for point in chosen]
            groups.append(ExportedGroup(heading, exported))
    return PublicationVersion(
        title=clean(lcspr.title),
        publication_name=lcspr.publication_name,
        partnership=lcspr.partnership.name,
        decided_on=lcspr.decided_on,
        reviewer=clean(lcspr.reviewer),
        reviewer_organisation=clean(lcspr.reviewer_organisation),
        terms_of_reference=clean(lcspr.terms_of_reference),
        groups=groups,
        redactions=redactions,
    )


def _exported(
    point: LearningPoint, clean: Callable[[str], str], status: LearningStatus | None, action_statuses: list[str]
) -> ExportedPoint:
    label = f"{point.get_kind_display()} {point.number}".strip()
    themes = sorted(theme.label for theme in point.themes.all())
    if not point.is_recommendation:
        return ExportedPoint(label, clean(point.text), themes)
    counted = Counter(action_statuses)
    return ExportedPoint(
        label,
        clean(point.text),
        themes,
        response=clean(point.local_response),
        status=status,
        actions=[ActionCount(str(choice.label), counted[choice.value]) for choice in ActionStatus],
    )


def publication_docx(version: PublicationVersion) -> bytes:
    """The publication version as a Word document, to finish and publish outside Scrutiny."""
    document = Document()
    document.core_properties.title = version.title
    document.core_properties.author = version.partnership
    document.core_properties.comments = "Draft for publication: check before publishing."
    document.add_heading(version.title, level=0)

    notice = document.add_paragraph()
    notice.add_run("Check before publication. ").bold = True
    notice.add_run(f"{version.redaction_summary}. {CHECK_BEFORE_PUBLICATION}")

    details = [
        ("Partnership", version.partnership),
        ("Name used in this report", version.publication_name or "the child"),
        ("Decision to start the review", f"{version.decided_on:%-d %B %Y}"),
        ("Lead reviewer", ", ".join(part for part in (version.reviewer, version.reviewer_organisation) if part)),
    ]
    for key, value in details:
        line = document.add_paragraph()
        line.add_run(f"{key}: ").bold = True
        line.add_run(value or "Not recorded")

    document.add_heading("Terms of reference", level=1)
    _paragraphs(document, version.terms_of_reference or "Not recorded.")

    for group in version.groups:
        document.add_heading(group.heading, level=1)
        for point in group.points:
            document.add_heading(point.label, level=2)
            _paragraphs(document, point.text)
            if point.themes:
                document.add_paragraph().add_run(f"Themes: {', '.join(point.themes)}").italic = True

    document.add_heading("The partnership's response", level=1)
    recommendations = version.recommendations
    if not recommendations:
        document.add_paragraph("No recommendations have been recorded from this review.")
    else:
        statuses = [str(choice.label) for choice in ActionStatus]
        table = document.add_table(rows=1, cols=3 + len(statuses))
        table.style = "Table Grid"
        for cell, heading in zip(table.rows[0].cells, ["Recommendation", "Response", "Status", *statuses], strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(heading).bold = True
        for point in recommendations:
            cells = table.add_row().cells
            cells[0].text = point.label
            cells[1].text = point.response or "No response recorded yet"
            cells[2].text = point.status.label if point.status else ""
            for cell, count in zip(cells[3:], point.actions, strict=True):
                cell.text = str(count.count)
        for row in table.rows:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        run.font.size = Pt(9)

    out = BytesIO()
    document.save(out)
    return out.getvalue()


def _paragraphs(document: WordDocument, text: str) -> None:
    """One Word paragraph for each paragraph of ``text`` (lines within one kept as line breaks)."""
    for block in text.replace("\r\n", "\n").split("\n\n"):
        if block.strip():
            document.add_paragraph(block.strip())
