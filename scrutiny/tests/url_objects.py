"""One object of each kind in a partnership, for the URL walk to fill addresses with."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from scrutiny.accounts.models import Invitation, PersonalToken
from scrutiny.actions.models import Action
from scrutiny.actions.services import action_create
from scrutiny.evidence.models import EvidenceItem, EvidenceKind
from scrutiny.evidence.services import evidence_add_file
from scrutiny.frameworks.models import Framework, Requirement, Theme, ThemeGroup
from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.partnerships.models import Agency, Area, Membership
from scrutiny.partnerships.roles import Role


def objects_in(partnership: Any, cast: Any) -> dict[str, Any]:
    """One object of each kind in ``partnership`` (and only there), made where the demo has none.
    Evidence and actions belong to the partnership's education agency, so its agency contributor
    may see them."""
    school = Agency.objects.get(name=SCHOOLS[partnership.slug])
    manager = Membership.objects.get(partnership=partnership, role=Role.BUSINESS_MANAGER).user
    invitation, raw = Invitation.issue(
        partnership=partnership, email=f"walk.{partnership.slug}@example.org", full_name="Walk", role=Role.VIEWER
    )
    evidence = EvidenceItem.objects.filter(partnership=partnership, kind=EvidenceKind.FILE, agency=school).first()
    if evidence is None:
        evidence = evidence_add_file(
            partnership=partnership,
            title="Walk evidence",
            upload=SimpleUploadedFile("walk.txt", b"Evidence for the walk.\n", content_type="text/plain"),
            added_by=manager,
            agency=school,
        )
    action = Action.objects.filter(partnership=partnership, owner_agency=school).first()
    if action is None:
        action = action_create(
            partnership=partnership,
            title="Walk action",
            owner_agency=school,
            due_date=timezone.localdate() + timedelta(days=30),
            created_by=manager,
        )
    return {
        **_assurance_objects_in(partnership, school, manager),
        **_review_objects_in(partnership, school),
        "return_import": _return_import_in(partnership),
        "return_upload": _return_upload_in(partnership),
        **_agency_return_objects_in(partnership, school),
        **_governance_objects_in(partnership, school),
        **_audit_objects_in(partnership, school),
        **_voice_objects_in(partnership),
        **_report_objects_in(partnership),
        "delivery": _delivery_in(partnership),
        "agency": Agency.objects.get(name=COUNCILS[partnership.slug]),
        "area": Area.objects.get(code=LA_CODES[partnership.slug]),
        "invitation": invitation,
        "invitation_token": raw,
        "membership": Membership.objects.filter(partnership=partnership, role=Role.VIEWER).first(),
        "token": PersonalToken.issue(user=manager, name="walk")[0],
        "framework": Framework.objects.get(partnership=partnership),
        "requirement": Requirement.objects.get(framework__partnership=partnership, ref="LR-01"),
        "priority": Theme.objects.filter(partnership=partnership, group=ThemeGroup.PRIORITY).first(),
        "evidence": evidence,
        "action": action,
    }


def _delivery_in(partnership: Any) -> Any:
    """An e-mail to this partnership's people that could not be sent, so "try again" has one."""
    delivery = Delivery.objects.create(
        kind="invitation",
        recipients=[f"walk.{partnership.slug}@example.org"],
        subject="Walk",
        body="Walk",
        status=DeliveryStatus.FAILED,
        attempts=4,
        last_attempt_at=timezone.now(),
    )
    delivery.partnerships.add(partnership)
    return delivery


def _report_objects_in(partnership: Any) -> dict[str, Any]:
    """The demo's draft for this year (with one of its sources) and last year's published report."""
    from scrutiny.reports.models import ReportSource, ReportStatus, YearlyReport

    draft = YearlyReport.objects.get(partnership=partnership, status=ReportStatus.DRAFT)
    return {
        "yearly_report": draft,
        "report_source": ReportSource.objects.filter(section__report=draft).first(),
        "published_report": YearlyReport.objects.get(partnership=partnership, status=ReportStatus.PUBLISHED),
    }


def _voice_objects_in(partnership: Any) -> dict[str, Any]:
    """An open safety concern (so the page to close it opens), a designated contact and an answer
    to a theme, made here."""
    from scrutiny.voice.models import Consultation, DesignatedContact, Feedback, PanelSession, ThemeResponse

    manager = Membership.objects.get(partnership=partnership, role=Role.BUSINESS_MANAGER).user
    feedback = Feedback.objects.filter(partnership=partnership, safety_flagged=True, safety_closed_at=None).first()
    if feedback is None:
        feedback = Feedback.objects.create(
            partnership=partnership,
            audience="young_person",
            what_could_be_better="Walk words",
            feels_safe="no",
            safety_flagged=True,
            safety_reasons="says they do not feel safe",
        )
    contact, _ = DesignatedContact.objects.get_or_create(partnership=partnership, person=manager)
    theme = Theme.objects.filter(partnership__isnull=True).order_by("code")[0]
    response = ThemeResponse.objects.filter(partnership=partnership).first() or ThemeResponse.objects.create(
        partnership=partnership, theme=theme, you_said="Walk", we_did="Walk", published=True
    )
    today = timezone.localdate()
    consultation = Consultation.objects.filter(partnership=partnership, title="Walk consultation").first()
    if consultation is None:
        consultation = Consultation.objects.create(
            partnership=partnership,
            title="Walk consultation",
            introduction="Walk",
            audience="young_person",
            opens_on=today,
            closes_on=today + timedelta(days=30),
        )
        consultation.questions.create(text="Walk question", kind="choice", choices="Yes\nNo")
    session = PanelSession.objects.filter(partnership=partnership).first() or PanelSession.objects.create(
        partnership=partnership, held_on=today, topic="Walk session"
    )
    # Asked of the education agency, so its contributor may answer it.
    school = Agency.objects.get(name=SCHOOLS[partnership.slug])
    question = session.questions.filter(addressed_to=school).first() or session.questions.create(
        question="Walk?", addressed_to=school
    )
    from scrutiny.voice.models import SafetyTerm

    term, _ = SafetyTerm.objects.get_or_create(partnership=partnership, phrase="walk words", category="missing")
    return {
        "voice_feedback": feedback,
        "safety_term_entry": f"local:{term.pk}",
        "designated_contact": contact,
        "theme_response": response,
        "consultation": consultation,
        "panel_session": session,
        "panel_question": question,
    }


def _audit_objects_in(partnership: Any, school: Agency) -> dict[str, Any]:
    """An open Section 11 round with the education agency's return and a question on it, the
    partnership's own (still editable) version of the standards, and a case file audit the agency
    takes part in with a case: made here, so that every audits page has its records."""
    from scrutiny.audits import case_auditing
    from scrutiny.audits import returns as workflow
    from scrutiny.audits.models import AuditRound, CaseFileAudit, ChallengeQuestion, StandardsFramework

    manager = Membership.objects.get(partnership=partnership, role=Role.BUSINESS_MANAGER).user
    shipped = StandardsFramework.objects.get(key="section-11", partnership__isnull=True)
    own = StandardsFramework.objects.filter(partnership=partnership, key="walk").first()
    if own is None:
        own = StandardsFramework.objects.create(
            kind="s11", key="walk", version="1", title="Walk standards", partnership=partnership
        )
        own.standards.create(ref="1", title="Walk standard")
    today = timezone.localdate()
    audit_round = AuditRound.objects.filter(partnership=partnership, title="Walk round").first()
    if audit_round is None:
        audit_round = AuditRound.objects.create(
            partnership=partnership,
            framework=shipped,
            title="Walk round",
            opens_on=today,
            deadline=today + timedelta(days=30),
            status="open",
        )
        audit_round.agencies.set([school])
        workflow.return_start(audit_round=audit_round, agency=school, started_by=manager, carry_forward=False)
    audit_return = audit_round.returns.get(agency=school)
    question = ChallengeQuestion.objects.filter(round=audit_round).first() or ChallengeQuestion.objects.create(
        round=audit_round, audit_return=audit_return, question="Walk question", asked_by=manager
    )
    audit = CaseFileAudit.objects.filter(partnership=partnership, title="Walk audit").first()
    if audit is None:
        audit = CaseFileAudit.objects.create(
            partnership=partnership,
            title="Walk audit",
            tool=StandardsFramework.objects.get(key="case-file-audit", partnership__isnull=True),
            planned_for=today,
            deadline=today + timedelta(days=30),
        )
        audit.agencies.set([school])
        case_auditing.case_add(audit=audit, reference="WALK-1")
        case_auditing.audit_advance(audit)
    case = audit.cases.get()
    return {
        "audit_standards": own,
        "audit_standard": own.standards.get(),
        "audit_round": audit_round,
        "audit_agency": school,
        "audit_answer": audit_return.answers.first(),
        "audit_question": question,
        "case_file_audit": audit,
        "audited_case": case,
        "case_part": case.parts.get(agency=school),
    }


def _governance_objects_in(partnership: Any, school: Agency) -> dict[str, Any]:
    """A meeting series with the education agency's contributor in a seat, so they may open it: the
    demo's executive (with a meeting held) where it exists, else one made here."""
    from scrutiny.governance.models import ExpectedMember, Meeting, MeetingSeries

    contributor = (
        Membership.objects.filter(partnership=partnership, role=Role.AGENCY_CONTRIBUTOR, agency=school)
        .values_list("user", flat=True)
        .first()
    )
    series = MeetingSeries.objects.filter(partnership=partnership, members__person=contributor).first()
    if series is None:
        series = MeetingSeries.objects.create(partnership=partnership, name="Walk executive")
        ExpectedMember.objects.create(series=series, agency=school, job_title="Head teacher", person_id=contributor)
    member = series.members.filter(person=contributor).first()
    meeting = (
        Meeting.objects.filter(
            series=series, attendance__member__person=contributor, attendance__status="attended"
        ).first()
        or Meeting.objects.filter(series=series, attendance__isnull=False).first()
        or Meeting.objects.filter(series=series).first()
        or Meeting.objects.create(series=series, starts_at=timezone.now())
    )
    item = meeting.agenda.first() or meeting.agenda.create(order=1, title="Walk item")
    return {"meeting_series": series, "expected_member": member, "meeting": meeting, "agenda_item": item}


def _assurance_objects_in(partnership: Any, school: Agency, manager: Any) -> dict[str, Any]:
    """The scrutineer's records: the demo's for Riverbank, made here for Hillcrest. Those that can
    be addressed to an agency are addressed to (or owned by) the partnership's education agency."""
    from scrutiny.assurance.models import (
        Assessment,
        Challenge,
        Disagreement,
        EscalationStage,
        Innovation,
        Recommendation,
        ScrutineerAppointment,
        ScrutinyActivity,
    )
    from scrutiny.assurance.tests import factories

    recommendation = Recommendation.objects.filter(partnership=partnership, addressed_to=school).first()
    if recommendation is None:
        recommendation = factories.recommendation(partnership, school)
    challenge = Challenge.objects.filter(partnership=partnership, addressed_to=school).first()
    disagreement = Disagreement.objects.filter(partnership=partnership, parties=school).first()
    year = recommendation.finding.year
    requirement = Requirement.objects.get(framework__partnership=partnership, ref="LR-01")
    return {
        "finding": recommendation.finding,
        "recommendation": recommendation,
        "challenge": challenge or factories.challenge(partnership, school),
        "disagreement": disagreement
        or factories.disagreement(partnership, school, Agency.objects.get(name=COUNCILS[partnership.slug])),
        "escalation_stage": EscalationStage.objects.filter(partnership=partnership).first()
        or EscalationStage.objects.create(
            partnership=partnership, name="Walk stage", order=9, timescale_working_days=5
        ),
        "assessment": Assessment.objects.filter(partnership=partnership).first()
        or Assessment.objects.create(partnership=partnership, year=year, requirement=requirement),
        "activity": ScrutinyActivity.objects.filter(partnership=partnership).first()
        or ScrutinyActivity.objects.create(partnership=partnership, year=year, title="Walk activity", method="other"),
        "appointment": ScrutineerAppointment.objects.filter(partnership=partnership).first()
        or ScrutineerAppointment.objects.create(
            partnership=partnership, person=manager, appointed_on=timezone.localdate(), funded_by="The partners"
        ),
        "innovation": Innovation.objects.filter(partnership=partnership, owner_agency=school).first()
        or Innovation.objects.create(
            partnership=partnership, title="Walk pilot", owner_agency=school, problem="A problem", measures="Measures"
        ),
    }


def _review_objects_in(partnership: Any, school: Agency) -> dict[str, Any]:
    """The reviews room's records: the demo's for Riverbank, made here where the demo has none.
    The contribution is the education agency's, so its agency contributor may open it."""
    from scrutiny.reviews.models import (
        AgencyContribution,
        ContributionStatus,
        LcsprMilestone,
        LearningPoint,
        LearningProduct,
        RapidReview,
    )
    from scrutiny.reviews.tests import factories

    # One still to write where there is one, so its agency's contributor sees the form.
    contributions = AgencyContribution.objects.filter(rapid_review__partnership=partnership, agency=school)
    contribution = contributions.exclude(status=ContributionStatus.SUBMITTED).first() or contributions.first()
    if contribution is None:
        review = RapidReview.objects.filter(partnership=partnership).first() or factories.rapid_review(
            partnership, f"WALK-{partnership.pk}"
        )
        contribution = factories.contribution(review, school.name)
    review = contribution.rapid_review
    milestone = LcsprMilestone.objects.filter(lcspr__partnership=partnership).select_related("lcspr").first()
    if milestone is None:
        lcspr = factories.lcspr(partnership, "Walk review")
        milestone = LcsprMilestone.objects.create(lcspr=lcspr, title="Terms agreed", due_on=lcspr.decided_on)
    point = LearningPoint.objects.filter(partnership=partnership).first() or factories.recommendation(
        review, made_on=timezone.localdate()
    )
    national = factories.national_review(partnership) if not partnership.national_reviews.exists() else None
    return {
        "incident": review.incident,
        "rapid_review": review,
        "contribution": contribution,
        "lcspr": milestone.lcspr,
        "milestone": milestone,
        "national_review": national or partnership.national_reviews.first(),
        "learning_point": point,
        "learning_product": LearningProduct.objects.filter(partnership=partnership).first()
        or LearningProduct.objects.create(
            partnership=partnership, title="Walk briefing", kind="briefing", delivered_on=timezone.localdate()
        ),
    }


def _return_import_in(partnership: Any) -> Any:
    from scrutiny.performance.models import ReturnImport

    return ReturnImport.objects.filter(partnership=partnership).first() or ReturnImport.objects.create(
        partnership=partnership,
        area=Area.objects.get(code=LA_CODES[partnership.slug]),
        kind="cin",
        year=2025,
        files="walk.xml",
        sha256="0" * 64,
    )


def _return_upload_in(partnership: Any) -> Any:
    from scrutiny.performance.models import ReturnUpload

    return ReturnUpload.objects.filter(partnership=partnership).first() or ReturnUpload.objects.create(
        partnership=partnership, kind="cin", names=["walk.xml"], folder="walk", status="failed", message="Walk."
    )


def _agency_return_objects_in(partnership: Any, school: Agency) -> dict[str, Any]:
    """A local measure supplied by the education agency, a round, and that agency's return (so its
    agency contributor may open it)."""
    from scrutiny.performance.agency_returns import round_open
    from scrutiny.performance.models import AgencySubmission, LocalMeasure

    measure = LocalMeasure.objects.filter(partnership=partnership, owner=school).first()
    if measure is None:
        measure = LocalMeasure.objects.create(
            partnership=partnership,
            code="education.suspensions",
            title="Suspensions",
            definition="Walk",
            owner=school,
            frequency=measure_frequency(partnership),
        )
    submission = AgencySubmission.objects.filter(round__partnership=partnership, agency=school).first()
    if submission is None:
        opened = round_open(
            partnership=partnership,
            frequency=measure.frequency,
            period_start=timezone.localdate().replace(day=1),
            period_end=timezone.localdate().replace(day=1) + timedelta(days=27),
            due_on=timezone.localdate() + timedelta(days=40),
        )
        submission = opened.submissions.get(agency=school)
    return {"local_measure": measure, "return_round": submission.round, "agency_submission": submission}


def measure_frequency(partnership: Any) -> str:
    return "monthly"


COUNCILS = {"riverbank": "Riverbank Borough Council (demo)", "hillcrest": "Hillcrest Borough Council (demo)"}
SCHOOLS = {"riverbank": "Oakfield Academies Trust (demo)", "hillcrest": "Hillcrest Schools Partnership (demo)"}
LA_CODES = {"riverbank": "E09000004", "hillcrest": "E09000006"}
