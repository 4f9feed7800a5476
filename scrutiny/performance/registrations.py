"""What the performance room offers others: figures beside the assurance room's duty assessments,
the agency returns still owed on home pages and in the daily digest, and its imports, local
measures and agency returns on the partnership's History page. Called from
``PerformanceConfig.ready()``; registering again replaces, so running twice is harmless."""

from __future__ import annotations

from scrutiny.figures.provided import register_figure_provider
from scrutiny.figures.registry import register_due_provider
from scrutiny.partnerships.history import model_source, register_history_source
from scrutiny.partnerships.models import reporting_year_label
from scrutiny.performance.agency_returns import returns_due_items
from scrutiny.performance.assurance_figures import FIGURES
from scrutiny.performance.models import AgencySubmission, LocalMeasure, MeasureValue, ReturnImport

ROOM = "performance"


def register() -> None:
    for code, provider in FIGURES:
        register_figure_provider(code, provider)
    register_due_provider(ROOM, returns_due_items)
    sources = {
        "performance_imports": model_source(
            ReturnImport,
            "Return imported",
            lambda row: (
                f"{row.get_kind_display()} {reporting_year_label(row.year - 1)} for {row.area.name}"
                f" ({row.get_status_display().lower()})"
            ),
            ["area"],
        ),
        "performance_measures": model_source(LocalMeasure, "Local measure", lambda row: f"{row.title} ({row.code})"),
        "performance_submissions": model_source(
            AgencySubmission,
            "Agency return",
            lambda row: f"{row.agency}" + (" (submitted)" if row.submitted_at else ""),
            ["agency"],
        ),
        # A figure has no partnership of its own: it reaches it through its agency's return.
        "performance_values": model_source(
            MeasureValue,
            "Local measure figure",
            lambda row: f"{row.measure.title} = {row.value if row.value is not None else '—'}",
            ["measure"],
            scope="measure__partnership",
        ),
    }
    for name, source in sources.items():
        register_history_source(name, source, room=ROOM)
