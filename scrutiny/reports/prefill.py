"""What each section of a yearly report starts with: the figures, charts and records the rooms hold
for the reporting year, each with the address of the record it came from (printed as a footnote).

Everything here is read, never written; ``workflow.refresh`` stores it. Figures about children
(incidents, reviews, feedback, audited cases) pass through small-number suppression here, so a
draft already shows what the published report will. Figures about agencies (meeting seats,
returns) identify no child and are shown as they are.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Q, Sum
from django.urls import reverse

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.assurance.models import AssuranceStatement, Finding, FindingStatus
from scrutiny.assurance.statements import assemble, statement_responses
from scrutiny.audits.case_auditing import findings as case_findings
from scrutiny.audits.dashboard import round_dashboard
from scrutiny.audits.models import AuditRound, CaseAuditStatus, CaseFileAudit, RoundStatus
from scrutiny.engagement.scorecard import scorecard, totals
from scrutiny.figures import suppression
from scrutiny.figures.provided import ProvidedFigure
from scrutiny.frameworks.models import Theme, ThemeGroup
from scrutiny.partnerships.models import AgencyKind, Partnership, dfe_year, reporting_year_label
from scrutiny.performance.assurance_figures import dataset_in_place
from scrutiny.performance.catalogue import catalogue
from scrutiny.performance.figures import partnership_las, published
from scrutiny.performance.models import IndicatorValue
from scrutiny.reports.sections import spec_for
from scrutiny.reviews.figures import (
    lcsprs_published_on_time,
    rapid_reviews_on_time,
    recommendations_with_impact_shown,
)
from scrutiny.reviews.models import ImpactOutcome, Lcspr, LearningPoint, LearningProduct, NationalReview, ProductKind
from scrutiny.voice.models import Consultation, Feedback, PanelSession, ThemeResponse

#: How many years of an indicator a chart shows, the report's own year last.
CHART_YEARS = 5
#: How many records of one kind a section lists before pointing to the room for the rest.
MAX_RECORDS = 8


@dataclass
class Draft:
    """A source as the rooms give it, before it is stored as a ``ReportSource``."""

    kind: str
    label: str
    url: str
    room: str
    value: str = ""
    text: str = ""
    note: str = ""
    is_outcome: bool = False
    chart: dict[str, Any] | None = None


@dataclass
class Year:
    partnership: Partnership
    year: int
    today: date
    first: date = field(init=False)
    last: date = field(init=False)

    def __post_init__(self) -> None:
        self.first, self.last = date(self.year, 4, 1), date(self.year + 1, 3, 31)

    @property
    def label(self) -> str:
        return reporting_year_label(self.year)

    @functools.cached_property
    def scorecard(self) -> list[Any]:
        """The engagement scorecard for the year, read once: three sections use it."""
        return scorecard(self.partnership, self.year, min(self.today, self.last))

    def url(self, name: str, query: str = "", **kwargs: Any) -> str:
        found = reverse(name, kwargs={"slug": self.partnership.slug, **kwargs})
        return f"{found}?{query}" if query else found


def _about_children(figure: ProvidedFigure | None, room: str, *, outcome: bool = False) -> list[Draft]:
    """A room's figure that counts children or things about them, made fit to publish."""
    if figure is None:
        return []
    shown = suppression.in_text(figure.value)
    note = f"Small numbers withheld ({shown.reason})" if shown.suppressed else ""
    return [Draft("figure", figure.label, figure.url, room, value=shown.text, note=note, is_outcome=outcome)]


def _counted(count: int, label: str, url: str, room: str, *, about_children: bool) -> Draft:
    shown = suppression.count(count) if about_children else suppression.Shown(count, f"{count:,}")
    note = f"Small numbers withheld ({shown.reason})" if shown.suppressed else ""
    return Draft("figure", label, url, room, value=shown.text, note=note)


# --- The difference made (outcomes from early help to care leavers) ---------------------------


def _indicator_series(y: Year, area_id: int, code: str) -> dict[int, dict[str, Any]]:
    rows = IndicatorValue.objects.filter(
        source__partnership=y.partnership,
        source__area_id=area_id,
        source__status="current",
        source__year__lte=dfe_year(y.year),
        source__year__gt=dfe_year(y.year) - CHART_YEARS,
        code=code,
        dimension="",
    ).select_related("source")
    return {
        row.source.year: {
            "value": row.value,
            "numerator": row.numerator,
            "denominator": row.denominator,
            "status": row.status,
        }
        for row in rows
    }


def impact(y: Year) -> list[Draft]:
    drafts: list[Draft] = []
    items = catalogue()
    for area in partnership_las(y.partnership):
        for code in spec_for("impact").indicators:
            item = items.get(code)
            if item is None:
                continue
            series = _indicator_series(y, area.pk, code)
            if not series:
                continue
            years = sorted(series)
            shown = {year: published(code, series[year]) for year in years}
            this_year = shown.get(dfe_year(y.year))
            title = f"{item.title}, {area.name}"
            drafts.append(
                Draft(
                    "chart",
                    title,
                    y.url("indicator_detail", f"la={area.old_la_code or area.code}", code=code),
                    "performance",
                    value=this_year.text if this_year else suppression.NOTHING,
                    note=f"{item.unit_label}; {item.polarity_label.lower()}; from the {item.source_label}",
                    is_outcome=item.polarity in {"higher", "lower"},
                    chart={
                        "title": title,
                        "unit": item.unit_label,
                        "labels": [reporting_year_label(year - 1) for year in years],
                        "values": [shown[year].value for year in years],
                        "texts": [shown[year].text for year in years],
                    },
                )
            )
    assessed = (
        Action.objects.filter(partnership=y.partnership, impact_assessed_on__range=(y.first, y.last))
        .exclude(impact_summary="")
        .order_by("impact_assessed_on")
    )
    for action in assessed[:MAX_RECORDS]:
        drafts.append(
            Draft(
                "record",
                f"Impact of an action: {action.title}",
                y.url("action_detail", pk=action.pk),
                "actions",
                text=action.impact_summary,
                note=f"Impact assessed on {action.impact_assessed_on:%-d %B %Y}",
                is_outcome=True,
            )
        )
    return drafts


# --- Training and what changed -------------------------------------------------------------------


def training(y: Year) -> list[Draft]:
    products = LearningProduct.objects.filter(partnership=y.partnership, delivered_on__range=(y.first, y.last))
    drafts: list[Draft] = []
    summary = products.aggregate(
        courses=Count("pk", filter=Q(kind=ProductKind.TRAINING)),
        events=Count("pk"),
        reached=Sum("people_reached"),
    )
    if summary["events"]:
        drafts.append(
            Draft(
                "figure",
                f"Training courses, briefings and learning events delivered in {y.label} (training courses; all)",
                y.url("learning_product_list"),
                "reviews",
                value=f"{summary['courses']}; {summary['events']}",
            )
        )
        drafts.append(
            Draft(
                "figure",
                "People reached by training and learning events",
                y.url("learning_product_list"),
                "reviews",
                value=f"{summary['reached'] or 0:,}",
            )
        )
    drafts += _about_children(recommendations_with_impact_shown(y.partnership, y.year), "reviews", outcome=True)
    return drafts


# --- Priorities with little or no progress -------------------------------------------------------


def progress(y: Year) -> list[Draft]:
    drafts: list[Draft] = []
    priorities = Theme.objects.filter(partnership=y.partnership, group=ThemeGroup.PRIORITY, retired=False)
    for priority in priorities.annotate(
        due=Count("actions", filter=Q(actions__due_date__lte=y.last)),
        done=Count(
            "actions",
            filter=Q(actions__due_date__lte=y.last, actions__status=ActionStatus.COMPLETED),
        ),
    ):
        if not priority.due:  # type: ignore[attr-defined]
            continue
        drafts.append(
            Draft(
                "figure",
                f"Priority '{priority.label}': actions due by 31 March {y.year + 1} that were completed",
                y.url("action_list", f"theme={priority.pk}"),
                "actions",
                value=f"{priority.done} of {priority.due}",  # type: ignore[attr-defined]
            )
        )
    overdue = Action.objects.filter(partnership=y.partnership, due_date__range=(y.first, y.last)).exclude(
        status__in=[ActionStatus.COMPLETED, ActionStatus.CLOSED]
    )
    drafts.append(
        _counted(
            overdue.count(),
            f"Actions due in {y.label} and still open",
            y.url("action_list", "status=open"),
            "actions",
            about_children=False,
        )
    )
    return drafts


# --- Learning from local and national reviews ----------------------------------------------------


def reviews(y: Year) -> list[Draft]:
    drafts = _about_children(rapid_reviews_on_time(y.partnership, y.year), "reviews")
    drafts += _about_children(lcsprs_published_on_time(y.partnership, y.year), "reviews")
    drafts += _about_children(recommendations_with_impact_shown(y.partnership, y.year), "reviews", outcome=True)
    for lcspr in Lcspr.objects.filter(partnership=y.partnership, published_on__range=(y.first, y.last))[:MAX_RECORDS]:
        drafts.append(
            Draft(
                "record",
                f"Published review: {lcspr.title}",
                y.url("lcspr_detail", pk=lcspr.pk),
                "reviews",
                note=f"Published on {lcspr.published_on:%-d %B %Y}",
            )
        )
    for national in NationalReview.objects.filter(partnership=y.partnership, considered_on__range=(y.first, y.last))[
        :MAX_RECORDS
    ]:
        drafts.append(
            Draft(
                "record",
                f"National review considered: {national.title}",
                y.url("national_review_detail", pk=national.pk),
                "reviews",
                text=national.response,
                note=f"Considered on {national.considered_on:%-d %B %Y}",
            )
        )
    changed = LearningPoint.objects.filter(
        partnership=y.partnership,
        impact_checked_on__range=(y.first, y.last),
        impact_outcome__in=[ImpactOutcome.CHANGED, ImpactOutcome.PARTLY],
    ).exclude(impact_summary="")
    for point in changed[:MAX_RECORDS]:
        drafts.append(
            Draft(
                "record",
                f"What changed after a recommendation ({point.get_impact_outcome_display().lower()})",
                y.url("learning_detail", pk=point.pk),
                "reviews",
                text=point.impact_summary,
                note=point.impact_method,
                is_outcome=True,
            )
        )
    return drafts


# --- Hearing from children and families ----------------------------------------------------------


def voice(y: Year) -> list[Draft]:
    received = Feedback.objects.filter(partnership=y.partnership, received_at__date__range=(y.first, y.last)).count()
    drafts = [
        _counted(
            received,
            f"Pieces of feedback from children, young people and families in {y.label}",
            y.url("voice_home"),
            "voice",
            about_children=True,
        )
    ]
    consultations = Consultation.objects.filter(partnership=y.partnership, closes_on__range=(y.first, y.last)).annotate(
        answered=Count("responses")
    )
    for consultation in consultations[:MAX_RECORDS]:
        draft = _counted(
            consultation.answered,
            f"Consultation '{consultation.title}': responses",
            y.url("consultation_detail", pk=consultation.pk),
            "voice",
            about_children=True,
        )
        drafts.append(draft)
    for session in PanelSession.objects.filter(partnership=y.partnership, held_on__range=(y.first, y.last))[
        :MAX_RECORDS
    ]:
        drafts.append(
            Draft(
                "record",
                f"Young scrutineers' panel: {session.topic}",
                y.url("panel_session", pk=session.pk),
                "voice",
                text=session.notes,
                note=f"Held on {session.held_on:%-d %B %Y}",
            )
        )
    answered = ThemeResponse.objects.filter(partnership=y.partnership, published=True).exclude(we_did="")
    for response in answered.select_related("theme")[:MAX_RECORDS]:
        drafts.append(
            Draft(
                "record",
                f"You said, we did: {response.theme.label}",
                y.url("theme_response", pk=response.pk),
                "voice",
                text=f"You said: {response.you_said}\n\nWe did: {response.we_did}",
                is_outcome=True,
            )
        )
    return drafts


# --- How the partners and agencies took part -----------------------------------------------------


def agencies(y: Year) -> list[Draft]:
    url = y.url("engagement_scorecard", f"year={y.year}")
    return [
        Draft("figure", f"{label}, across all agencies", url, "engagement", value=str(tally))
        for label, tally in totals(y.scorecard).items()
        if tally.due
    ]


# --- Audit and quality assurance -----------------------------------------------------------------


def quality(y: Year) -> list[Draft]:
    drafts: list[Draft] = []
    rounds = AuditRound.objects.filter(partnership=y.partnership, deadline__range=(y.first, y.last)).exclude(
        status=RoundStatus.DRAFT
    )
    for audit_round in rounds.select_related("framework")[:MAX_RECORDS]:
        board = round_dashboard(audit_round, y.today)
        gaps = [row.gap for row in board.agencies if row.gap is not None]
        value = f"{board.submitted_count} of {len(board.agencies)} returned"
        if gaps:
            value += f"; self-assessment {sum(gaps) / len(gaps):+.1f} points against moderation on average"
        drafts.append(
            Draft(
                "figure",
                f"{audit_round.title}: returns",
                y.url("audit_round", pk=audit_round.pk),
                "audits",
                value=value,
            )
        )
    audits = CaseFileAudit.objects.filter(
        partnership=y.partnership, planned_for__range=(y.first, y.last), status=CaseAuditStatus.COMPLETE
    )
    for audit in audits.select_related("tool")[:MAX_RECORDS]:
        found = case_findings(audit)
        grades = [count for domain in found.by_domain.values() for count in domain.values()]
        good = [count for domain in found.by_domain.values() for grade, count in domain.items() if grade >= 3]
        cases = suppression.count(found.cases)
        nothing = suppression.Shown(None, suppression.NOTHING)
        share = suppression.share(sum(good), sum(grades)) if sum(grades) else nothing
        value = f"{cases.text} cases; {share.text} of agreed grades good or outstanding"
        drafts.append(
            Draft(
                "figure",
                f"Case file audit: {audit.title}",
                y.url("case_audit", pk=audit.pk),
                "audits",
                value=value,
                text=audit.summary,
                note="Small numbers withheld" if cases.suppressed or share.suppressed else "",
                is_outcome=True,
            )
        )
    return drafts


# --- The role of education ------------------------------------------------------------------------


def education(y: Year) -> list[Draft]:
    url = y.url("engagement_scorecard", f"year={y.year}")
    drafts: list[Draft] = []
    for row in y.scorecard:
        if row.agency.kind != AgencyKind.EDUCATION:
            continue
        for label, tally in row.measures():
            if tally.due:
                drafts.append(
                    Draft("figure", f"{row.agency.name}: {label.lower()}", url, "engagement", value=str(tally))
                )
    return drafts


# --- Data and information sharing -----------------------------------------------------------------


def data(y: Year) -> list[Draft]:
    drafts: list[Draft] = []
    dataset = dataset_in_place(y.partnership, y.year)
    if dataset is not None:
        drafts.append(Draft("figure", dataset.label, dataset.url, "performance", value=dataset.value))
    data_returns = totals(y.scorecard).get("Data returns on time")
    if data_returns and data_returns.due:
        drafts.append(
            Draft(
                "figure",
                "Agencies' data returns of local measures on time",
                y.url("engagement_scorecard", f"year={y.year}"),
                "engagement",
                value=str(data_returns),
            )
        )
    return drafts


# --- Independent scrutiny -------------------------------------------------------------------------


def scrutiny(y: Year) -> list[Draft]:
    statement = AssuranceStatement.objects.filter(partnership=y.partnership, year=y.year).first()
    url = y.url("statement", f"year={y.year}")
    findings = Finding.objects.filter(partnership=y.partnership, year=y.year, status=FindingStatus.ISSUED)
    drafts = [
        Draft(
            "figure",
            f"Findings the scrutineer issued for {y.label} (recommendations among them)",
            url,
            "assurance",
            value=f"{findings.count()}; {findings.filter(kind='recommendation').count()}",
        )
    ]
    for response in statement_responses(statement):
        drafts.append(
            Draft(
                "response",
                f"Response of {response.agency.name}",
                url,
                "assurance",
                text=response.text,
                note=f"Given on {response.responded_on:%-d %B %Y}",
            )
        )
    return drafts


def scrutiny_text(partnership: Partnership, year: int) -> str:
    """The scrutineer's evaluation as the assurance statement puts it: the overall summary, then
    each function's or step's statement, as the section's first draft."""
    assembled = assemble(partnership, year)
    if assembled.statement is None:
        return ""
    parts = [assembled.statement.summary.strip()]
    parts += [f"{part.requirement.title}: {part.text.strip()}" for part in assembled.parts if part.text.strip()]
    return "\n\n".join(part for part in parts if part)


READERS: dict[str, Callable[[Year], list[Draft]]] = {
    "impact": impact,
    "training": training,
    "progress": progress,
    "reviews": reviews,
    "voice": voice,
    "agencies": agencies,
    "quality": quality,
    "education": education,
    "data": data,
    "scrutiny": scrutiny,
}


def drafts_for(partnership: Partnership, year: int, today: date, keys: Iterable[str]) -> dict[str, list[Draft]]:
    """Per section key, what the rooms hold for the year. Sections with no reader (funding, the
    arrangements) have nothing in the record to start from and are written by hand."""
    y = Year(partnership, year, today)
    return {key: READERS[key](y) if key in READERS else [] for key in keys}
