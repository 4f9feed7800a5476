"""The report's three outputs from one content (``content.document``): the web page (HTML), the
PDF (WeasyPrint, tagged as PDF/UA-1) and the Word file (python-docx, with Word's built-in Title and
Heading styles so its navigation pane and accessibility checker work). Charts are SVG in the web
page and PDF and PNG in Word, which cannot embed SVG, each with the same text alternative.

``freeze`` stores the files of a version when it is published; what the public reads afterwards is
those bytes, never a fresh rendering.
"""

from __future__ import annotations

import functools
import hashlib
import io

from django.template.loader import render_to_string
from docx import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Inches, Pt, RGBColor
from docx.text.paragraph import Paragraph

from scrutiny.figures.suppression import suppress_up_to
from scrutiny.reports.charts import png_bytes
from scrutiny.reports.content import Document, Item, document
from scrutiny.reports.models import FileFormat, ReportFile, YearlyReport


def html(doc: Document) -> str:
    """The report's content as an HTML fragment (an ``<article>``) for a page to wrap."""
    return render_to_string("reports/document.html", {"doc": doc, "suppress_up_to": suppress_up_to()})


def pdf(doc: Document) -> bytes:
    page = render_to_string("reports/print.html", {"doc": doc, "suppress_up_to": suppress_up_to()})
    return _pdf_of(page, doc.base_url)


# The same page always makes the same PDF, and a PDF takes a second or two: keep the last few, so
# a draft downloaded by several people, or previewed and then published unchanged, is made once.
@functools.lru_cache(maxsize=8)
def _pdf_of(page: str, base_url: str) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment nobody else needs

    result: bytes = HTML(string=page, base_url=base_url).write_pdf(pdf_variant="pdf/ua-1")
    return result


# --- Word ------------------------------------------------------------------------------------------


def _note_mark(paragraph: Paragraph, number: int) -> None:
    run = paragraph.add_run(str(number))
    run.font.superscript = True


def _hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    """python-docx has no hyperlink API: add the relationship and the w:hyperlink by hand."""
    rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    props.append(style)
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "1D70B8")
    props.append(colour)
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    props.append(underline)
    run.append(props)
    text_element = OxmlElement("w:t")
    text_element.text = text
    run.append(text_element)
    link.append(run)
    paragraph._p.append(link)


def _header_row(table: object) -> None:
    """Mark a table's first row as its header, repeated on each page and read as such."""
    row = table.rows[0]  # type: ignore[attr-defined]
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _figures_table(word: WordDocument, title: str, items: list[Item]) -> None:  # type: ignore[valid-type]
    caption = word.add_paragraph(style="Caption")  # type: ignore[attr-defined]
    caption.add_run(f"Figures for {title.lower()}")
    table = word.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "What it counts"
    table.rows[0].cells[1].text = "Figure"
    _header_row(table)
    for item in items:
        cells = table.add_row().cells
        first = cells[0].paragraphs[0]
        first.add_run(item.label)
        _note_mark(first, item.number)
        for extra in ([item.note] if item.note else []) + item.paragraphs:
            note = cells[0].add_paragraph(extra)
            for run in note.runs:
                run.font.size = Pt(9)
        cells[1].text = item.value


def _chart(word: WordDocument, item: Item, year_label: str) -> None:  # type: ignore[valid-type]
    assert item.chart is not None
    word.add_picture(io.BytesIO(png_bytes(item.chart)), width=Inches(6.2))  # type: ignore[attr-defined]
    # The picture's alternative text (Word's "Alt Text"), read by screen readers and the checker.
    shape = word.inline_shapes[-1]  # type: ignore[attr-defined]
    shape._inline.docPr.set("descr", item.alt)
    shape._inline.docPr.set("title", item.label)
    caption = word.add_paragraph(style="Caption")  # type: ignore[attr-defined]
    caption.add_run(f"{item.label}: {item.value} in {year_label} ({item.note})")
    _note_mark(caption, item.number)
    table = word.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.rows[0].cells[0].text = "Reporting year"
    table.rows[0].cells[1].text = str(item.chart.get("unit", "Value")).capitalize()
    _header_row(table)
    for label, text in item.rows:
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = text


def docx(doc: Document) -> bytes:
    """The Word file. Its content is the web page's, so the web page's HTML (every word, figure,
    chart and address) identifies it: the same content is not built twice in a row."""
    key = hashlib.sha256(html(doc).encode("utf-8")).hexdigest()
    if key not in _docx_made:
        _docx_made[key] = _docx(doc)
        while len(_docx_made) > 8:
            _docx_made.pop(next(iter(_docx_made)))
    return _docx_made[key]


_docx_made: dict[str, bytes] = {}


def _docx(doc: Document) -> bytes:
    word = WordDocument()
    word.core_properties.title = doc.title
    word.core_properties.author = doc.report.partnership.name
    word.core_properties.language = "en-GB"
    word.core_properties.subject = f"Reporting year {doc.period}"
    word.add_heading(doc.title, level=0)
    intro = f"Reporting year {doc.period}."
    if doc.published_on:
        intro += f" Published on {doc.published_on:%-d %B %Y}."
    if doc.report.version > 1:
        intro += f" Version {doc.report.version}."
    word.add_paragraph(intro)
    if not doc.published_on:
        word.add_paragraph("Draft: not published. Figures may still change.", style="Intense Quote")
    if doc.report.corrects_id:
        word.add_paragraph(
            f"This version corrects version {doc.report.corrects.version}. What was corrected, and why: "  # type: ignore[union-attr]
            f"{doc.report.correction_reason}",
            style="Intense Quote",
        )
    if doc.summary:
        word.add_heading("In short, for children and families", level=1)
        for paragraph in doc.summary:
            word.add_paragraph(paragraph)
    for section in doc.sections:
        word.add_heading(section.title, level=1)
        for paragraph in section.paragraphs:
            word.add_paragraph(paragraph)
        if section.elsewhere:
            line = word.add_paragraph(
                "The independent scrutineer's evaluation of the year, with the lead safeguarding partners' response, "
                "is published as a separate document: "
            )
            _hyperlink(line, section.elsewhere, section.elsewhere)
        if section.figures:
            _figures_table(word, section.title, section.figures)
        for item in section.charts:
            _chart(word, item, doc.report.year_label)
        for item in section.records:
            heading = word.add_heading(item.label, level=2)
            _note_mark(heading, item.number)
            for paragraph in item.paragraphs:
                word.add_paragraph(paragraph)
            if item.note:
                word.add_paragraph(item.note).runs[0].font.color.rgb = RGBColor(0x50, 0x5A, 0x5F)
        if section.responses:
            word.add_heading("The lead safeguarding partners' response", level=2)
            for item in section.responses:
                heading = word.add_heading(item.label, level=3)
                _note_mark(heading, item.number)
                for paragraph in item.paragraphs:
                    word.add_paragraph(paragraph)
    if doc.sign_offs and not doc.statement_only:
        word.add_heading("Signed off by the lead safeguarding partners", level=1)
        for signed in doc.sign_offs:
            title = f", {signed.signer_title}" if signed.signer_title else ""
            word.add_paragraph(
                f"{signed.signer_name}{title}, for {signed.partner_body.name}, on {signed.signed_on:%-d %B %Y}",
                style="List Bullet",
            )
    word.add_heading("Sources", level=1)
    word.add_paragraph(
        "Each number in the text points to the record in Scrutiny it comes from. Figures about 1 to "
        f"{suppress_up_to()} children are shown as c, as in DfE's statistics, so that no child can be identified; "
        "a dash means there is no figure."
    )
    for note in doc.notes:
        line = word.add_paragraph(style="List Number")
        line.add_run(f"{note.label} ({note.room}). ")
        if note.url:
            _hyperlink(line, note.url, "The record")
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT
    out = io.BytesIO()
    word.save(out)
    return out.getvalue()


# --- Freezing a published version --------------------------------------------------------------


def freeze(report: YearlyReport) -> None:
    """Store the published version's files (and the scrutineer's separate statement, where the
    partnership publishes it apart)."""
    report = YearlyReport.objects.prefetch_related("sections__sources", "sign_offs__partner_body").get(pk=report.pk)
    ReportFile.objects.filter(report=report).delete()
    doc = document(report)
    ReportFile.freeze(report, FileFormat.HTML, html(doc).encode("utf-8"))
    ReportFile.freeze(report, FileFormat.PDF, pdf(doc))
    ReportFile.freeze(report, FileFormat.DOCX, docx(doc))
    if report.scrutiny_separate:
        statement = document(report, statement_only=True)
        ReportFile.freeze(report, FileFormat.STATEMENT_HTML, html(statement).encode("utf-8"))
        ReportFile.freeze(report, FileFormat.STATEMENT_PDF, pdf(statement))
