"""The yearly report in each demo partnership: last year's report, written, signed off by the three
lead safeguarding partners and published (with the copy to the Panel recorded and the copy to
Foundations still to record, so the business manager is reminded), and this year's draft, started
from the record with its first sections written. Every word is invented and no child is described."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.demo.foundation import PARTNERSHIPS
from scrutiny.partnerships.access import Seat, seat_for
from scrutiny.partnerships.models import Partnership, reporting_year_starting
from scrutiny.partnerships.roles import Role
from scrutiny.reports import workflow
from scrutiny.reports.models import ReportSource, YearlyReport
from scrutiny.reports.sections import SCRUTINY

SUMMARY = (
    "Every year the council, the health service and the police tell everyone what they did together to keep "
    "children safe, and whether it worked.\n\n"
    "This year more children got help early, before things got worse. Fewer families needed help again within a "
    "year. Young people told us they did not like having lots of different social workers, so we changed how "
    "workers are given to families.\n\n"
    "We still need to do better at helping young people leaving care find a safe place to live. That is one of "
    "our jobs for next year."
)

TEXTS = {
    "impact": (
        "More families were offered early help in time, and fewer children came back to children's social care "
        "within a year of an earlier referral. Long-term placement stability for children in care held steady.\n\n"
        "Care leavers in education, employment or training stayed close to the England figure, but suitable "
        "accommodation for 19 to 21 year olds fell. The partners have made it a priority for next year."
    ),
    "training": (
        "The partnership ran learning events on neglect and on hearing the child, reaching practitioners from "
        "every agency. We asked whether practice changed, not only whether people liked the training: the "
        "re-audit of neglect cases found more plans that described the child's daily life."
    ),
    "progress": (
        "Two priorities made little progress. Actions on information sharing with GP practices slipped because "
        "of changes in the health service's systems, and the work on transitions to adult services was paused "
        "while a new lead was appointed. Both have new owners and dates."
    ),
    "reviews": (
        "Rapid reviews were completed and sent to the Panel, and each recommendation was tracked to actions. "
        "Where the 12-month impact check was done, the partners looked for evidence that practice changed, "
        "such as a re-audit, rather than counting completed actions."
    ),
    "voice": (
        "Children, young people and families told us what they think through the partnership's feedback pages, a "
        "consultation and the young scrutineers' panel. Their main messages were about changes of worker and "
        "about being asked before meetings. The 'you said, we did' answers show what changed."
    ),
    "agencies": (
        "Agencies attended most of the partnership's meetings, usually at a senior level. Returns were mostly on "
        "time, though Section 11 returns were often late and two challenges were answered after their deadline."
    ),
    "quality": (
        "The Section 11 audit was returned by every agency and moderated by the scrutineer with the business "
        "manager. Agencies rated themselves a little higher than moderation did, mostly on training evaluation."
    ),
    "education": (
        "Schools and the academy trust took part in the partnership's meetings and rapid reviews, and the "
        "schools' safeguarding audit was run with the education partners."
    ),
    "data": (
        "The partners agreed a data set built from the local authority's statutory returns and the agencies' own "
        "measures, and looked at it at every performance meeting."
    ),
    "funding": (
        "The three statutory partners funded the partnership's budget in the shares agreed in the published "
        "arrangements. It paid for the business unit, independent scrutiny, training and reviews."
    ),
    "arrangements": (
        "The published arrangements were reviewed in the year. The changes added the education partners as "
        "relevant agencies and updated the escalation policy."
    ),
}

REAUDIT = {
    "label": "Re-audit of neglect cases, February 2026",
    "value": "14 of 20 cases graded good or better (8 of 20 a year before)",
    "text": "The re-audit looked again at the plans of children on child protection plans for neglect.",
    "is_outcome": True,
}


def _seat(partnership: Partnership, email: str) -> Seat:
    seat = seat_for(User.objects.get(email=email), partnership)
    if seat is None:  # the foundation builds every demo membership first
        raise LookupError(f"{email} holds no role in {partnership}")
    return seat


def _write(report: YearlyReport, manager: Seat, scrutineer: Seat) -> None:
    for section in report.sections.all():
        if section.key == SCRUTINY:
            if not section.text:
                workflow.section_save(section=section, seat=scrutineer, text="The scrutineer's evaluation of the year.")
            continue
        if section.key in TEXTS:
            workflow.section_save(section=section, seat=manager, text=TEXTS[section.key])
    quality = report.sections.get(key="quality")
    if not quality.sources.filter(added_by_hand=True).exists():
        workflow.source_add(
            section=quality,
            seat=manager,
            source=ReportSource(**REAUDIT, url=f"/p/{report.partnership.slug}/audits/"),
        )


def build_reports_demo() -> None:
    today = timezone.localdate()
    this_year = reporting_year_starting(today)
    last_year = this_year - 1
    for spec in PARTNERSHIPS:
        partnership = Partnership.objects.get(slug=spec["slug"])
        if YearlyReport.objects.filter(partnership=partnership).exists():
            continue
        manager = _seat(partnership, f"manager.{spec['slug']}@demo.example.org")
        scrutineer = _seat(partnership, "scrutineer@demo.example.org")
        published_on = min(date(last_year + 1, 9, 18), today - timedelta(days=30))

        report = workflow.report_start(partnership=partnership, year=last_year, seat=manager, today=published_on)
        workflow.details_save(report=report, seat=manager, plain_summary=SUMMARY, scrutiny_placement="inside")
        _write(report, manager, scrutineer)
        signed_on = published_on - timedelta(days=10)
        for membership in partnership.memberships.filter(role=Role.LEAD_PARTNER).select_related("user", "agency"):
            seat = _seat(partnership, membership.user.email)
            if membership.agency in workflow.signing_bodies(seat):
                workflow.sign_off(report=report, seat=seat, body=membership.agency, on=signed_on)
        report = workflow.publish(report=report, seat=manager, on=published_on)
        workflow.copies_record(
            report=report, seat=manager, panel_on=published_on + timedelta(days=3), foundations_on=None, today=today
        )

        draft = workflow.report_start(partnership=partnership, year=this_year, seat=manager, today=today)
        for key in ("impact", "voice"):
            workflow.section_save(section=draft.sections.get(key=key), seat=manager, text=TEXTS[key])
