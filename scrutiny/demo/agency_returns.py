"""A year of agency returns of locally defined measures for the Riverbank demo partnership:
four measures from four agencies, monthly and quarterly rounds, most returns on time, some late,
and the latest round still open. The figures are fictional."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from scrutiny.clocks.workdays import add_months
from scrutiny.partnerships.models import Agency, Membership, Partnership
from scrutiny.partnerships.roles import Role
from scrutiny.performance.agency_returns import measures_for, round_open
from scrutiny.performance.models import AgencySubmission, LocalMeasure, MeasureValue, ReturnRound

#: (code, title, definition, owner, frequency, unit, typical value, spread)
MEASURES = [
    ("police.missing_children", "Children reported missing", "Distinct children reported missing in the month",
     "Capital Police South Area (demo)", "monthly", "count", 38, 7),
    ("education.suspensions", "Suspensions", "Suspensions from Riverbank schools in the quarter",
     "Oakfield Academies Trust (demo)", "quarterly", "count", 410, 45),
    ("health.hv_new_birth_visit_14d_pct", "New birth visits within 14 days",
     "Health visitor new birth visits made within 14 days of birth", "Riverbank Community Health Trust (demo)",
     "quarterly", "percent", 88, 4),
    ("early_help.assessments_started", "Early help assessments started", "Assessments started in the quarter",
     "Riverbank Borough Council (demo)", "quarterly", "count", 265, 30),
]  # fmt: skip


def build_agency_returns_demo() -> None:
    partnership = Partnership.objects.get(slug="riverbank")
    if ReturnRound.objects.filter(partnership=partnership).exists():
        return
    rng = random.Random("riverbank-agency-returns")  # noqa: S311 - fictional figures, not secrets
    manager = Membership.objects.filter(partnership=partnership, role=Role.BUSINESS_MANAGER).first()
    for code, title, definition, owner, frequency, unit, _typical, _spread in MEASURES:
        LocalMeasure.objects.create(
            partnership=partnership,
            code=code,
            title=title,
            definition=definition,
            owner=Agency.objects.get(name=owner),
            frequency=frequency,
            unit=unit,
            agreed_by="Partnership executive, April 2025",
            first_collected=date(2025, 4, 1),
        )
    typical = {code: (value, spread) for code, *_rest, value, spread in MEASURES}
    today = timezone.localdate()
    starts = [("monthly", add_months(date(2025, 4, 1), n), 1) for n in range(19)]
    starts += [("quarterly", add_months(date(2025, 4, 1), 3 * n), 3) for n in range(6)]
    periods = [(kind, start, months) for kind, start, months in starts if start <= today]
    for kind, start, months in periods:
        end = add_months(start, months) - timedelta(days=1)
        opened = round_open(
            partnership=partnership, frequency=kind, period_start=start, period_end=end, due_on=end + timedelta(days=20)
        )
        for submission in opened.submissions.all():
            if opened.due_on >= today:
                continue  # the rounds still open: not yet due
            late = rng.random() < 0.15
            when = opened.due_on + timedelta(days=rng.randint(1, 12) if late else -rng.randint(0, 10))
            _fill(submission, typical, rng, manager.user if manager else None, min(when, today))


def _fill(
    submission: AgencySubmission, typical: dict[str, tuple[int, int]], rng: random.Random, user: object, when: date
) -> None:
    for measure in measures_for(submission):
        centre, spread = typical[measure.code]
        if measure.unit == "percent":
            denominator = rng.randint(190, 230)
            numerator = min(denominator, round(denominator * rng.gauss(centre, spread) / 100))
            value = (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"))
            MeasureValue.objects.create(
                submission=submission, measure=measure, value=value, numerator=numerator, denominator=denominator
            )
        else:
            MeasureValue.objects.create(
                submission=submission, measure=measure, value=max(0, round(rng.gauss(centre, spread)))
            )
    submission.submitted_at = timezone.make_aware(datetime.combine(when, time(10, 30)))
    submission.save(update_fields=["submitted_at"])
