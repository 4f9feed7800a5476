"""The agency engagement scorecard: for each agency and reporting year, the evidence of how it
comes to the table and does what it agreed — meeting attendance and the seniority of who came,
returns on time (Section 11 and schools' audits, local data returns, rapid review contributions),
actions completed by their due date, case file audit parts completed, and challenges answered on
time (statutory.md §2.4: "assess how well organisations come together to cooperate … and hold
each other to account").

It reads the rooms' records and stores nothing of its own. Each measure is a count ("7 of 9"),
never a score: the judgement stays the scrutineer's. A measure with nothing due that year shows as
not applicable rather than as 100%.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from scrutiny.actions.models import Action, ActionStatus
from scrutiny.assurance.models import Challenge
from scrutiny.audits.models import AuditReturn, AuditRound, CaseAgencyPart, PartStatus, RoundStatus
from scrutiny.figures.provided import ProvidedFigure
from scrutiny.governance.models import Attendance, AttendanceStatus, MeetingStatus, Seniority
from scrutiny.partnerships.models import Agency, Partnership, reporting_year_label
from scrutiny.performance.models import AgencySubmission
from scrutiny.reviews.models import AgencyContribution

#: Seniorities that count as "senior enough" at the partnership's table (the Wood review named
#: insufficiently senior representation as a barrier, statutory.md §9.2).
SENIOR = frozenset({Seniority.EXECUTIVE, Seniority.SENIOR})


@dataclass
class Tally:
    """How many of the things due were done (on time)."""

    done: int = 0
    due: int = 0

    def add(self, ok: bool) -> None:
        self.due += 1
        self.done += int(ok)

    @property
    def share(self) -> float | None:
        return self.done / self.due if self.due else None

    def __str__(self) -> str:
        if not self.due:
            return "None due"
        return f"{self.done} of {self.due} ({round(100 * self.done / self.due)}%)"


@dataclass
class AgencyEngagement:
    agency: Agency
    attendance: Tally = field(default_factory=Tally)  # seats at held meetings filled (member or deputy)
    senior: Tally = field(default_factory=Tally)  # of those present, how many were senior or executive
    audit_returns: Tally = field(default_factory=Tally)
    data_returns: Tally = field(default_factory=Tally)
    review_contributions: Tally = field(default_factory=Tally)
    actions: Tally = field(default_factory=Tally)
    case_audit_parts: Tally = field(default_factory=Tally)
    challenges: Tally = field(default_factory=Tally)

    @property
    def returns_on_time(self) -> Tally:
        total = Tally()
        for tally in (self.audit_returns, self.data_returns, self.review_contributions):
            total.done += tally.done
            total.due += tally.due
        return total

    def measures(self) -> list[tuple[str, Tally]]:
        return [
            ("Meeting seats filled", self.attendance),
            ("Senior or executive when present", self.senior),
            ("Section 11 and schools' returns on time", self.audit_returns),
            ("Data returns on time", self.data_returns),
            ("Rapid review contributions on time", self.review_contributions),
            ("Actions completed by their due date", self.actions),
            ("Case file audit parts completed", self.case_audit_parts),
            ("Challenges answered on time", self.challenges),
        ]


def year_bounds(year: int) -> tuple[date, date]:
    """The reporting year starting 1 April ``year``: first and last day."""
    return date(year, 4, 1), date(year + 1, 3, 31)


def scorecard(partnership: Partnership, year: int, today: date) -> list[AgencyEngagement]:
    """Every agency working with the partnership, with its measures for the reporting year. What
    falls due after ``today`` is not yet counted."""
    first, last = year_bounds(year)
    last = min(last, today)
    rows = {
        agency.pk: AgencyEngagement(agency=agency)
        for agency in Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")
    }

    def row(agency_id: int | None) -> AgencyEngagement | None:
        return rows.get(agency_id) if agency_id is not None else None

    attendance = Attendance.objects.filter(
        meeting__series__partnership=partnership,
        meeting__status=MeetingStatus.HELD,
        meeting__starts_at__date__range=(first, last),
    ).select_related("member")
    for record in attendance:
        if (found := row(record.member.agency_id)) is None:
            continue
        present = record.status in (AttendanceStatus.ATTENDED, AttendanceStatus.DEPUTY)
        found.attendance.add(present)
        if present:
            seniority = record.deputy_seniority if record.status == AttendanceStatus.DEPUTY else record.member.seniority
            found.senior.add(seniority in SENIOR)

    for agency_id, on_time in audit_returns_due(partnership, first, last):
        if (found := row(agency_id)) is not None:
            found.audit_returns.add(on_time)

    for submission in AgencySubmission.objects.filter(
        round__partnership=partnership, round__due_on__range=(first, last)
    ).select_related("round"):
        if (found := row(submission.agency_id)) is not None:
            submitted = submission.submitted_on
            found.data_returns.add(submitted is not None and submitted <= submission.round.due_on)

    for contribution in AgencyContribution.objects.filter(
        rapid_review__partnership=partnership, due_on__range=(first, last)
    ):
        if (found := row(contribution.agency_id)) is not None:
            found.review_contributions.add(
                contribution.submitted_on is not None and contribution.submitted_on <= contribution.due_on
            )

    for action in Action.objects.filter(partnership=partnership, due_date__range=(first, last)):
        if (found := row(action.owner_agency_id)) is not None:
            on_time = action.completed_on is not None and action.completed_on <= action.due_date
            found.actions.add(on_time or (action.status == ActionStatus.CLOSED and action.completed_on is not None))

    for part in CaseAgencyPart.objects.filter(
        case__audit__partnership=partnership, case__audit__deadline__range=(first, last)
    ):
        if (found := row(part.agency_id)) is not None:
            found.case_audit_parts.add(part.status == PartStatus.SUBMITTED)

    for challenge in Challenge.objects.filter(partnership=partnership, response_due__range=(first, last)):
        if (found := row(challenge.addressed_to_id)) is not None:
            found.challenges.add(
                challenge.responded_on is not None and challenge.responded_on <= challenge.response_due
            )

    return list(rows.values())


def audit_returns_due(partnership: Partnership, first: date, last: date) -> list[tuple[int, bool]]:
    """(agency, on time) for each Section 11 or schools' return due from ``first`` to ``last``:
    one per agency a sent round asked, whether it answered with its own return or one shared in.
    Two queries, however many rounds."""
    rounds = AuditRound.objects.filter(partnership=partnership, deadline__range=(first, last)).exclude(
        status=RoundStatus.DRAFT
    )
    asked = AuditRound.agencies.through.objects.filter(auditround__in=rounds).values_list(
        "auditround_id", "agency_id", "auditround__deadline"
    )
    answered: dict[tuple[int, int], bool] = {}
    returns = AuditReturn.objects.filter(Q(round__in=rounds) | Q(shares__round__in=rounds)).values_list(
        "round_id", "shares__round_id", "agency_id", "submitted_at"
    )
    deadlines = {round_id: deadline for round_id, _agency, deadline in asked}
    for own_round, shared_round, agency_id, submitted_at in returns:
        for round_id in (own_round, shared_round):
            if round_id in deadlines:
                on_time = submitted_at is not None and timezone.localdate(submitted_at) <= deadlines[round_id]
                answered[(round_id, agency_id)] = on_time
    return [(agency_id, answered.get((round_id, agency_id), False)) for round_id, agency_id, _deadline in asked]


def totals(rows: Iterable[AgencyEngagement]) -> dict[str, Tally]:
    """The partnership's totals per measure, across agencies."""
    summed: dict[str, Tally] = defaultdict(Tally)
    for each in rows:
        for label, tally in each.measures():
            summed[label].done += tally.done
            summed[label].due += tally.due
    return dict(summed)


def engagement_figure(partnership: Partnership, year: int) -> ProvidedFigure | None:
    """For the assurance room: meeting seats filled and Section 11 and schools' returns on time,
    across the partnership's agencies, in three queries (the full scorecard is a link away)."""
    first, last = year_bounds(year)
    last = min(last, timezone.localdate())
    seats = Attendance.objects.filter(
        meeting__series__partnership=partnership,
        meeting__status=MeetingStatus.HELD,
        meeting__starts_at__date__range=(first, last),
    ).aggregate(
        due=Count("pk"), done=Count("pk", filter=Q(status__in=[AttendanceStatus.ATTENDED, AttendanceStatus.DEPUTY]))
    )
    attendance = Tally(done=seats["done"], due=seats["due"])
    returns = Tally()
    for _agency_id, on_time in audit_returns_due(partnership, first, last):
        returns.add(on_time)
    if not attendance.due and not returns.due:
        return None
    return ProvidedFigure(
        label=f"Agency engagement {reporting_year_label(year)}: meeting seats filled; Section 11 and schools' "
        "returns on time",
        value=f"{attendance}; {returns}",
        url=reverse("engagement_scorecard", kwargs={"slug": partnership.slug}) + f"?year={year}",
        source="Agency engagement scorecard (meetings and audits)",
    )
