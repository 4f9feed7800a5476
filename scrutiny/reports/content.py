"""One report's content as every output reads it: the web page, the PDF and the Word file are all
drawn from this, so they say the same thing. Sources are numbered in print order and printed as
footnotes (notes at the end, linked both ways on the web page and in the PDF)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from scrutiny.reports.charts import alt_text, svg_data_uri
from scrutiny.reports.models import ReportSignOff, SourceKind, YearlyReport
from scrutiny.reports.sections import SCRUTINY

ROOM_LABELS = {
    "performance": "Performance",
    "reviews": "Reviews and learning",
    "actions": "Action tracker",
    "voice": "Voice of children and families",
    "engagement": "Agency engagement",
    "audits": "Audits",
    "assurance": "Independent scrutiny",
    "": "Added by the partnership",
}


@dataclass
class Note:
    number: int
    label: str
    url: str
    room: str


@dataclass
class Item:
    """A source in its section: ``number`` is its footnote."""

    number: int
    kind: str
    label: str
    value: str
    paragraphs: list[str]
    note: str
    chart: dict[str, Any] | None = None
    svg: str = ""
    alt: str = ""

    @property
    def rows(self) -> list[tuple[str, str]]:
        return list(zip(self.chart["labels"], self.chart["texts"], strict=True)) if self.chart else []


@dataclass
class SectionOut:
    key: str
    title: str
    paragraphs: list[str]
    figures: list[Item] = field(default_factory=list)
    charts: list[Item] = field(default_factory=list)
    records: list[Item] = field(default_factory=list)
    responses: list[Item] = field(default_factory=list)
    #: For the scrutineer's section published separately: where it is.
    elsewhere: str = ""


@dataclass
class Document:
    report: YearlyReport
    title: str
    summary: list[str]
    sections: list[SectionOut]
    notes: list[Note]
    sign_offs: list[ReportSignOff]
    published_on: date | None
    statement_only: bool = False
    base_url: str = ""

    @property
    def period(self) -> str:
        first, last = self.report.period
        return f"{first:%-d %B %Y} to {last:%-d %B %Y}"


def _paragraphs(text: str) -> list[str]:
    return [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]


def _absolute(url: str) -> str:
    if not url or url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def document(report: YearlyReport, *, statement_only: bool = False, with_charts: bool = True) -> Document:
    """The report (or, ``statement_only``, the scrutineer's evaluation and the lead partners'
    response as a document of its own)."""
    sections = report.ordered_sections()
    if statement_only:
        sections = [s for s in sections if s.key == SCRUTINY]
    notes: list[Note] = []
    out: list[SectionOut] = []
    for section in sections:
        spec = section.spec
        shown = SectionOut(spec.key, spec.title, _paragraphs(section.text))
        if spec.key == SCRUTINY and report.scrutiny_separate and not statement_only:
            shown.paragraphs = []
            shown.elsewhere = _absolute(report.public_url("statement"))
            out.append(shown)
            continue
        for source in section.sources.all():
            number = len(notes) + 1
            notes.append(Note(number, source.label, _absolute(source.url), ROOM_LABELS.get(source.room, source.room)))
            item = Item(number, source.kind, source.label, source.value, _paragraphs(source.text), source.note)
            if source.kind == SourceKind.CHART and source.chart:
                item.chart = source.chart
                item.alt = alt_text(source.chart)
                if with_charts:
                    item.svg = svg_data_uri(source.chart)
                shown.charts.append(item)
            elif source.kind == SourceKind.RESPONSE:
                shown.responses.append(item)
            elif source.kind == SourceKind.FIGURE:
                shown.figures.append(item)
            else:
                shown.records.append(item)
        out.append(shown)
    title = (
        report.title
        if not statement_only
        else (f"{report.partnership.name}: the independent scrutineer's evaluation {report.year_label}")
    )
    return Document(
        report=report,
        title=title,
        summary=[] if statement_only else _paragraphs(report.plain_summary),
        sections=out,
        notes=notes,
        sign_offs=list(report.sign_offs.select_related("partner_body")),
        published_on=report.published_on,
        statement_only=statement_only,
        base_url=settings.SITE_URL.rstrip("/"),
    )
