"""How long the yearly report takes to make, for the largest demo partnership, in each format.

Run: uv run python bench/reports.py

It builds the demo (at the real LAs' volumes) in a throwaway SQLite database, takes the
partnership whose published report has the most sources, and times, as the median of REPEATS runs:
assembling a draft from every room, then the web page, the PDF and the Word file of the published
report, with its charts drawn afresh each time. The baseline, measured in the same run, is the
same three formats for a report with one paragraph and no sources, so the figures also show what
the content costs beyond the fixed cost of each library. The drawings kept by content (charts,
PDFs, Word files) are forgotten before each run, so every run makes everything afresh. Issue 8 sets
the budget: each format in under BUDGET_SECONDS for the largest demo partnership. The script exits
1 if any format fails.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scrutiny.settings")
os.environ["SCRUTINY_VAR_DIR"] = tempfile.mkdtemp(prefix="scrutiny-bench-")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from scrutiny.demo import build_demo  # noqa: E402
from scrutiny.partnerships.access import seat_for  # noqa: E402
from scrutiny.partnerships.models import Membership, reporting_year_starting  # noqa: E402
from scrutiny.partnerships.roles import Role  # noqa: E402
from scrutiny.reports import charts, rendering, workflow  # noqa: E402
from scrutiny.reports.content import document  # noqa: E402
from scrutiny.reports.models import ReportSection, ReportStatus, YearlyReport  # noqa: E402

REPEATS = 3
BUDGET_SECONDS = 10.0


def forget_drawings() -> None:
    """Charts, PDFs and Word files are kept by content once made; measure them made afresh."""
    charts._svg_data_uri.cache_clear()
    charts._png_bytes.cache_clear()
    rendering._pdf_of.cache_clear()
    rendering._docx_made.clear()


def median_seconds(make: Callable[[], object]) -> float:
    times = []
    for _ in range(REPEATS):
        forget_drawings()
        started = time.perf_counter()
        make()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def formats(report: YearlyReport) -> dict[str, Callable[[], object]]:
    """Each output made from scratch, as publication makes it (content and charts included)."""

    def fresh() -> YearlyReport:
        return YearlyReport.objects.prefetch_related("sections__sources", "sign_offs__partner_body").get(pk=report.pk)

    return {
        "web page": lambda: rendering.html(document(fresh())),
        "PDF": lambda: rendering.pdf(document(fresh())),
        "Word": lambda: rendering.docx(document(fresh())),
    }


def main() -> int:
    call_command("migrate", verbosity=0)
    print("Building the demo (about a minute)…", flush=True)
    build_demo()
    largest = (
        YearlyReport.objects.filter(status=ReportStatus.PUBLISHED)
        .annotate(sources=Count("sections__sources"))
        .order_by("-sources")
        .first()
    )
    assert largest is not None, "the demo publishes a report in each partnership"
    partnership = largest.partnership
    manager = Membership.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER).first()
    assert manager is not None
    seat = seat_for(manager.user, partnership)
    assert seat is not None
    today = timezone.localdate()
    charts = sum(1 for s in largest.sections.get(key="impact").sources.all() if s.chart)
    print(f"Largest partnership: {partnership.name}: {largest.sources} sources, {charts} charts")  # type: ignore[attr-defined]

    def assemble() -> None:
        YearlyReport.objects.filter(partnership=partnership, year=reporting_year_starting(today) - 2).delete()
        workflow.report_start(partnership=partnership, year=reporting_year_starting(today) - 2, seat=seat, today=today)

    baseline = YearlyReport.objects.create(partnership=partnership, year=2019)
    ReportSection.objects.create(report=baseline, key="impact", text="One paragraph.")

    print(f"\n{'step':<26}{'baseline s':>12}{'report s':>10}{'budget s':>10}  result")
    failures = 0
    assembled = median_seconds(assemble)
    print(f"{'assemble from the rooms':<26}{'':>12}{assembled:>10.2f}{'':>10}  (measured, no budget)")
    base = formats(baseline)
    for name, make in formats(largest).items():
        took = median_seconds(make)
        floor = median_seconds(base[name])
        ok = took < BUDGET_SECONDS
        failures += not ok
        print(f"{name:<26}{floor:>12.2f}{took:>10.2f}{BUDGET_SECONDS:>10.1f}  {'ok' if ok else 'OVER BUDGET'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
