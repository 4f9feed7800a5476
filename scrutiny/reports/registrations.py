"""What the reports room offers the other rooms through the registries: its statutory clocks
(statutory.md §5.4 C9, C10 and C11) to the deadlines page and calendar feed, what is due to the
business manager's and lead partners' home pages and digest, and figures beside the yearly report
duties in the assurance room. Registering again replaces, so running twice is harmless."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from django.urls import reverse
from django.utils import timezone

from scrutiny.clocks.catalogue import rule_for
from scrutiny.clocks.deadlines import register_clock_provider
from scrutiny.clocks.tracking import Clock, on_time_rate
from scrutiny.figures.provided import ProvidedFigure, register_figure_provider
from scrutiny.figures.registry import DueItem, register_due_provider
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.history import LogSource, register_history_source
from scrutiny.partnerships.models import Partnership, reporting_year_label
from scrutiny.partnerships.roles import Role
from scrutiny.reports.models import ROOM, ReportSignOff, ReportStatus, YearlyReport

INTERVAL = "yearly-report-interval"
COPIES = "yearly-report-copies"
AFTER_YEAR_END = "yearly-report-after-year-end"


def _home(partnership: Partnership) -> str:
    return reverse("reports_home", kwargs={"slug": partnership.slug})


def report_clocks(partnership: Partnership) -> list[Clock]:
    """Every clock of the partnership's yearly reports: each year's report due 6 months after the
    year ends (C11), the next report due within 12 months of the last (C9), and each published
    version's copies to the Panel and to Foundations (C10)."""
    reports = list(YearlyReport.objects.filter(partnership=partnership).order_by("year", "version"))
    first_published: dict[int, date] = {}
    for report in reports:
        if report.published_on and report.year not in first_published:
            first_published[report.year] = report.published_on
    clocks: list[Clock] = []
    for year in sorted({r.year for r in reports}):
        draft = next((r for r in reports if r.year == year and r.is_draft), None)
        url = draft.get_absolute_url() if draft else _home(partnership)
        clocks.append(
            Clock(
                AFTER_YEAR_END,
                "Yearly report published",
                start=date(year + 1, 3, 31),
                met_on=first_published.get(year),
                url=url,
                record=f"Yearly report {reporting_year_label(year)}",
                partnership=partnership,
            )
        )
    dates = sorted(first_published.items(), key=lambda item: item[1])
    for index, (year, published_on) in enumerate(dates):
        following = dates[index + 1][1] if index + 1 < len(dates) else None
        clocks.append(
            Clock(
                INTERVAL,
                "Next yearly report published",
                start=published_on,
                met_on=following,
                url=_home(partnership),
                record=f"Yearly report {reporting_year_label(year)}",
                partnership=partnership,
            )
        )
    for report in reports:
        if not report.published_on:
            continue
        for label, sent in (
            ("Copy to the Panel", report.panel_copy_sent_on),
            ("Copy to Foundations", report.foundations_copy_sent_on),
        ):
            clocks.append(
                Clock(
                    COPIES,
                    label,
                    start=report.published_on,
                    met_on=sent,
                    url=report.get_absolute_url(),
                    record=str(report),
                    partnership=partnership,
                )
            )
    return clocks


def clocks_of(report: YearlyReport) -> list[Clock]:
    """The clocks about one version: its year's deadline and the next report (recorded against the
    year) and its own copies."""
    return [
        c for c in report_clocks(report.partnership) if c.record == str(report) or c.record.endswith(report.year_label)
    ]


def reports_clocks(seat: Seat) -> list[Clock]:
    return report_clocks(seat.partnership) if seat.can(ROOM, "view") else []


def reports_due(seat: Seat, today: date) -> Iterable[DueItem]:
    """The business manager's open report clocks; each lead partner's sign-off still to give."""
    if seat.has_role(Role.BUSINESS_MANAGER):
        for clock in report_clocks(seat.partnership):
            if clock.due is not None and clock.status(today).is_open:
                yield DueItem(
                    title=f"{clock.label}: {clock.record}",
                    due=clock.due,
                    url=clock.url,
                    room=ROOM,
                    detail=clock.rule.title,
                    clock_rule=clock.rule_id,
                )
    if seat.has_role(Role.LEAD_PARTNER):
        from scrutiny.reports.workflow import signing_bodies

        bodies = signing_bodies(seat)
        drafts = YearlyReport.objects.filter(partnership=seat.partnership, status=ReportStatus.DRAFT)
        for draft in drafts.prefetch_related("sign_offs"):
            signed = {s.partner_body_id for s in draft.sign_offs.all()}
            for body in bodies:
                if body.pk not in signed:
                    yield DueItem(
                        title=f"Sign off {draft} for {body}",
                        due=_c11_due(seat.partnership, draft.year),
                        url=draft.get_absolute_url(),
                        room=ROOM,
                        detail="Read the draft and its completeness check, then sign it off",
                        clock_rule=AFTER_YEAR_END,
                    )


def _c11_due(partnership: Partnership, year: int) -> date:
    return rule_for(partnership, AFTER_YEAR_END).due(date(year + 1, 3, 31))


def published_within_interval(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-05: each yearly report published within 12 months of the one before, up to this year."""
    today = timezone.localdate()
    clocks = [c for c in report_clocks(partnership) if c.rule_id == INTERVAL and c.start and c.start.year <= year + 2]
    on_time, decided = on_time_rate(clocks, today)
    if not decided:
        return None
    return ProvidedFigure(
        label="Yearly reports published within 12 months of the one before",
        value=f"{on_time} of {decided}",
        url=_home(partnership),
        source="Yearly report room",
    )


def copies_on_time(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """SD-06: copies of the year's report sent to the Panel and Foundations in time."""
    today = timezone.localdate()
    clocks = [
        c
        for c in report_clocks(partnership)
        if c.rule_id == COPIES and c.record.startswith(f"Yearly report {reporting_year_label(year)}")
    ]
    on_time, decided = on_time_rate(clocks, today)
    if not decided:
        return None
    return ProvidedFigure(
        label=f"Copies of the {reporting_year_label(year)} report sent to the Panel and Foundations in time",
        value=f"{on_time} of {decided}",
        url=_home(partnership),
        source="Yearly report room",
    )


def report_state(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """D8: where the year's report has got to, for the scrutineer's contribution to it."""
    report = YearlyReport.objects.filter(partnership=partnership, year=year).order_by("-version").first()
    if report is None:
        return None
    state = f"published on {report.published_on:%-d %B %Y}" if report.published_on else "in draft"
    return ProvidedFigure(
        label=f"Yearly report {reporting_year_label(year)}",
        value=f"Version {report.version}, {state}",
        url=report.get_absolute_url(),
        source="Yearly report room",
    )


def _log_sources() -> list[Callable[[Partnership], LogSource]]:
    """The partnership's History page: each version's changes and every sign-off given or withdrawn."""

    def reports_log_versions(partnership: Partnership) -> LogSource:
        rows = YearlyReport.history.filter(partnership_id=partnership.pk)
        return (
            rows,
            [],
            lambda row: f"Yearly report {reporting_year_label(row.year)}, version {row.version}: {row.status}",
        )

    def reports_log_sign_offs(partnership: Partnership) -> LogSource:
        rows = ReportSignOff.history.filter(report__partnership_id=partnership.pk)
        return (
            rows,
            ["partner_body"],
            lambda row: f"Yearly report signed off for {row.partner_body} by {row.signer_name}",
        )

    return [reports_log_versions, reports_log_sign_offs]


def register() -> None:
    for source in _log_sources():
        register_history_source(source.__name__, source, room=ROOM)
    register_clock_provider(ROOM, reports_clocks)
    register_due_provider(ROOM, reports_due)
    register_figure_provider("statutory-duties:SD-05", published_within_interval)
    register_figure_provider("statutory-duties:SD-06", copies_on_time)
    register_figure_provider("founding-duties:D8", report_state)
