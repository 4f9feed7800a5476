"""The demo's yearly reports, read as the public reads them: last year's published report is
assembled from every room, its charts have text alternatives in each format, its footnotes point
at records that exist, and no small number of children is published."""

from __future__ import annotations

import io
import re
import zlib

import pytest
from django.urls import Resolver404, resolve
from docx import Document as WordDocument

from scrutiny.demo import build_demo
from scrutiny.reports.models import FileFormat, ReportStatus, SourceKind, YearlyReport

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]


@pytest.fixture
def report(cast):
    build_demo()
    return YearlyReport.objects.get(partnership=cast.riverbank, status=ReportStatus.PUBLISHED)


def test_the_published_report_is_assembled_from_every_room_and_its_footnotes_point_at_records(report):
    """One build of the demo for both, as each build takes seconds."""
    rooms = set(report.sections.values_list("sources__room", flat=True))
    assert {"performance", "reviews", "voice", "engagement", "audits", "assurance", "actions"} <= rooms
    charts = [s for s in report.sections.get(key="impact").sources.all() if s.kind == SourceKind.CHART]
    assert len(charts) >= 4
    assert all(len(c.chart["labels"]) == len(c.chart["values"]) == len(c.chart["texts"]) for c in charts)
    assert report.sign_offs.count() == 3
    for source in report.sections.values_list("sources__url", flat=True):
        if not source or source.startswith("https://"):
            continue
        path = source.split("?")[0]
        assert path.startswith("/p/riverbank/"), source
        try:
            resolve(path)
        except Resolver404:
            pytest.fail(f"{source} is not an address in Scrutiny")


def test_charts_have_text_alternatives_in_every_format_and_no_small_count_is_published(report):
    """Figures from the rooms that count children (incidents, reviews, feedback, audited cases) are
    shown as c when small; the demo's rapid reviews are few, so they must be withheld."""
    page = report.files.get(format=FileFormat.HTML).as_bytes().decode()
    alts = re.findall(r'<img src="data:image/svg\+xml;base64,[^"]+" alt="([^"]+)"', page)
    assert len(alts) >= 4
    assert all(alt.startswith("Line chart of ") for alt in alts)
    pdf = report.files.get(format=FileFormat.PDF).as_bytes()
    inflated = b"".join(
        zlib.decompress(m.group(1))
        for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.S)
        if m.group(1)[:1] == b"x"
    )
    assert (pdf + inflated).count(b"/Alt") >= len(alts)
    word = WordDocument(io.BytesIO(report.files.get(format=FileFormat.DOCX).as_bytes()))
    described = [shape._inline.docPr.get("descr") for shape in word.inline_shapes]
    assert len(described) == len(alts)
    assert all(text and text.startswith("Line chart of ") for text in described)
    reviews = report.sections.get(key="reviews").sources.filter(room="reviews", kind=SourceKind.FIGURE)
    rapid = reviews.get(label__startswith="Rapid reviews")
    assert "c" in rapid.value.split()
    for source in report.sections.filter(key__in=["reviews", "voice"]).values_list("sources__value", flat=True):
        for number in re.findall(r"(?<![\d.,])\d+(?![\d.,%])", source or ""):
            assert not 1 <= int(number) <= 5, f"{source!r} publishes a small count"
