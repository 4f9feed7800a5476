"""The partnership's published yearly reports, open to everyone: the list, each version's web
page, PDF and Word file, and the scrutineer's evaluation where it is published apart. What is
served is what was frozen when the version was published, never a fresh rendering."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from scrutiny.partnerships.access import public_view
from scrutiny.partnerships.models import Partnership
from scrutiny.reports.models import FileFormat, ReportFile, ReportStatus, YearlyReport


def _version(slug: str, year: int, version: int | None = None) -> YearlyReport:
    """A published version (the one the public reads now when ``version`` is None)."""
    partnership = get_object_or_404(Partnership, slug=slug)
    found = (
        YearlyReport.objects.published()
        .filter(partnership=partnership, year=year)
        .select_related("partnership", "corrects")
    )
    found = found.filter(version=version) if version is not None else found.filter(status=ReportStatus.PUBLISHED)
    report = found.first()
    if report is None:
        raise Http404("No published report")
    return report


def _file(report: YearlyReport, fmt: str) -> ReportFile:
    stored = ReportFile.objects.filter(report=report, format=fmt).first()
    if stored is None:
        raise Http404("No such file")
    return stored


def _page(request: HttpRequest, report: YearlyReport, fmt: str, pdf_fmt: str, statement: bool) -> HttpResponse:
    stored = _file(report, fmt)
    newer = (
        YearlyReport.objects.filter(corrects=report).exclude(status=ReportStatus.DRAFT).first()
        if report.status == ReportStatus.SUPERSEDED
        else None
    )
    return render(
        request,
        "reports/public/report.html",
        {
            "partnership": report.partnership,
            "report": report,
            "newer": newer,
            "statement": statement,
            # Our own template's output, stored at publication: it was escaped when it was made.
            "body": mark_safe(stored.as_bytes().decode("utf-8")),  # noqa: S308
            "pdf_url": report.public_url(pdf_fmt),
            "docx_url": "" if statement else report.public_url("docx"),
            "versions": YearlyReport.objects.published()
            .filter(partnership=report.partnership, year=report.year)
            .exclude(pk=report.pk),
        },
    )


def _download(report: YearlyReport, fmt: str, name: str) -> HttpResponse:
    stored = _file(report, fmt)
    response = HttpResponse(stored.as_bytes(), content_type=stored.content_type)
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


def _name(report: YearlyReport, what: str, ext: str) -> str:
    version = f"-v{report.version}" if report.version > 1 else ""
    return f"{report.partnership.slug}-{what}-{report.year_label}{version}.{ext}"


@public_view
def reports_public(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_object_or_404(Partnership, slug=slug)
    current = YearlyReport.objects.current().filter(partnership=partnership)
    return render(request, "reports/public/list.html", {"partnership": partnership, "reports": current})


@public_view
def report_public(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _page(request, _version(slug, year), FileFormat.HTML, "pdf", statement=False)


@public_view
def report_public_version(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    return _page(request, _version(slug, year, version), FileFormat.HTML, "pdf", statement=False)


@public_view
def report_public_pdf(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    report = _version(slug, year, version)
    return _download(report, FileFormat.PDF, _name(report, "yearly-report", "pdf"))


@public_view
def report_public_docx(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    report = _version(slug, year, version)
    response = _download(report, FileFormat.DOCX, _name(report, "yearly-report", "docx"))
    response["Content-Disposition"] = response["Content-Disposition"].replace("inline", "attachment")
    return response


#: Where the partnership publishes the scrutineer's evaluation inside the report, there is no
#: separate document and these answer 404.
SEPARATE_ONLY = frozenset({200, 404})


@public_view(answers=SEPARATE_ONLY)
def report_public_statement(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    return _page(request, _version(slug, year, version), FileFormat.STATEMENT_HTML, "statement_pdf", statement=True)


@public_view(answers=SEPARATE_ONLY)
def report_public_statement_pdf(request: HttpRequest, slug: str, year: int, version: int) -> HttpResponse:
    report = _version(slug, year, version)
    return _download(report, FileFormat.STATEMENT_PDF, _name(report, "scrutineer-evaluation", "pdf"))
