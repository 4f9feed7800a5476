"""Every URL, for every role, an outsider and an anonymous visitor, against the permission matrix.

Expected answers come from the matrix itself (scrutiny.partnerships.permissions), never from a
list kept in this test, so the two cannot drift apart. A URL the matrix does not mention fails.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from scrutiny.accounts.models import Invitation, PersonalToken
from scrutiny.actions.models import Action
from scrutiny.actions.services import action_create
from scrutiny.api.urls import api, operation_access
from scrutiny.demo import build_demo
from scrutiny.evidence.models import EvidenceItem, EvidenceKind
from scrutiny.evidence.services import evidence_add_file
from scrutiny.frameworks.models import Framework, Requirement, Theme, ThemeGroup
from scrutiny.mail.models import Delivery, DeliveryStatus
from scrutiny.partnerships.access import Access
from scrutiny.partnerships.models import Agency, Area, Membership
from scrutiny.partnerships.permissions import MATRIX, STAFF_NAMESPACES, THIRD_PARTY_URLS, allows
from scrutiny.partnerships.roles import Role


@dataclass(frozen=True)
class Route:
    pattern: str
    name: str
    namespace: str
    callback: Any


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[Route]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = entry.namespace or namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield Route(prefix + str(entry.pattern), entry.name or "", namespace, entry.callback)


def all_routes() -> list[Route]:
    """Every reachable route: where two share a pattern, Django answers with the first."""
    seen: dict[str, Route] = {}
    for route in _walk(get_resolver().url_patterns):
        seen.setdefault(route.pattern, route)
    return list(seen.values())


def access_of(route: Route) -> Access | None:
    full_name = f"{route.namespace}:{route.name}" if route.namespace else route.name
    if route.namespace in STAFF_NAMESPACES:
        return Access("staff")
    declared = getattr(route.callback, "access", None)
    if declared is not None:
        return declared  # type: ignore[no-any-return]
    if route.namespace == "api" and route.name in operation_access():
        return operation_access()[route.name]
    if full_name in THIRD_PARTY_URLS:
        return Access(THIRD_PARTY_URLS[full_name])  # type: ignore[arg-type]
    return None


def test_every_url_is_in_the_permission_matrix() -> None:
    unmentioned = [r.pattern for r in all_routes() if access_of(r) is None]
    assert unmentioned == [], f"URLs the permission matrix does not mention: {unmentioned}"


def test_every_partnership_view_names_a_room_and_action_the_matrix_has() -> None:
    for route in all_routes():
        access = access_of(route)
        if access and access.kind == "partnership":
            assert access.action in MATRIX[access.room], route.pattern


def test_every_room_of_the_matrix_is_used_by_some_url() -> None:
    used = {a.room for r in all_routes() if (a := access_of(r)) and a.kind == "partnership"}
    assert used == set(MATRIX)


def _fill(route: Route, objects: dict[str, Any], slug: str) -> str:
    """A concrete path for the route, using this partnership's objects for its arguments."""
    path = route.pattern
    path = re.sub(r"\^|\$", "", path)
    path = path.replace("<slug:slug>", slug).replace("<slug>", slug)
    for key, value in objects.items():
        path = path.replace(key, str(value))
    # Library routes with regex groups (password reset keys and so on) get harmless values.
    path = re.sub(r"\(\?P<uidb36>[^)]*\)", "zz", path)
    path = re.sub(r"\(\?P<key>[^)]*\)", "not-a-real-key", path)
    assert "<" not in path, f"cannot fill {route.pattern}"
    assert "(" not in path, f"cannot fill {route.pattern}"
    return "/" + path


#: URL-name prefixes (longest first) and the kind of object their ``<int:pk>`` is.
PK_KINDS = [
    ("report_", "yearly_report"),
    ("delivery", "delivery"),
    ("section_edit", "yearly_report"),
    ("voice_consultation", "consultation"),
    ("consultation", "consultation"),
    ("panel", "panel_session"),
    ("voice_feedback", "voice_feedback"),
    ("voice_concern", "voice_feedback"),
    ("voice_contact", "designated_contact"),
    ("voice_response", "theme_response"),
    ("theme_response", "theme_response"),
    ("audit_standard", "audit_standards"),
    ("audit_round", "audit_round"),
    ("audit_return", "audit_round"),
    ("case_audit", "case_file_audit"),
    ("series", "meeting_series"),
    ("meeting", "meeting"),
    ("import", "return_import"),
    ("upload", "return_upload"),
    ("measure", "local_measure"),
    ("round", "return_round"),
    ("submission", "agency_submission"),
    ("incident", "incident"),
    ("rapid_review", "rapid_review"),
    ("contribution", "contribution"),
    ("lcspr", "lcspr"),
    ("milestone", "milestone"),
    ("national_review", "national_review"),
    ("learning_product", "learning_product"),
    ("learning", "learning_point"),
    ("finding", "finding"),
    ("recommendation", "recommendation"),
    ("challenge", "challenge"),
    ("disagreement", "disagreement"),
    ("escalation_stage", "escalation_stage"),
    ("assessment", "assessment"),
    ("activity", "activity"),
    ("appointment", "appointment"),
    ("innovation", "innovation"),
    ("local_requirement", "requirement"),
    ("requirement", "requirement"),
    ("framework_detail", "framework"),
    ("priority", "priority"),
    ("evidence", "evidence"),
    ("action", "action"),
    ("agency", "agency"),
    ("area", "area"),
    ("invitation", "invitation"),
    ("membership", "membership"),
    ("token", "token"),
]
#: API path parameters and the kind of object each is.
PARAM_KINDS = {
    "<agency_id>": "agency",
    "<framework_id>": "framework",
    "<requirement_id>": "requirement",
    "<evidence_id>": "evidence",
    "<action_id>": "action",
    "<finding_id>": "finding",
    "<recommendation_id>": "recommendation",
    "<challenge_id>": "challenge",
    "<disagreement_id>": "disagreement",
    "<assessment_id>": "assessment",
    "<activity_id>": "activity",
    "<appointment_id>": "appointment",
    "<innovation_id>": "innovation",
    "<incident_id>": "incident",
    "<rapid_review_id>": "rapid_review",
    "<contribution_id>": "contribution",
    "<lcspr_id>": "lcspr",
    "<milestone_id>": "milestone",
    "<national_review_id>": "national_review",
    "<learning_point_id>": "learning_point",
    "<product_id>": "learning_product",
    "<import_id>": "return_import",
    "<submission_id>": "agency_submission",
    "<measure_id>": "local_measure",
    "<upload_id>": "return_upload",
    "<int:member>": "expected_member",
    "<int:item>": "agenda_item",
    "<meeting_id>": "meeting",
    "<int:agency>": "audit_agency",
    "<int:panel_question>": "panel_question",
    "<return_agency_id>": "audit_agency",
    "<round_id>": "audit_round",
    "<int:answer>": "audit_answer",
    "<int:question>": "audit_question",
    "<int:standard>": "audit_standard",
    "<int:case>": "audited_case",
    "<int:part>": "case_part",
    "<int:source_pk>": "report_source",
    "<report_id>": "yearly_report",
    "<feedback_id>": "voice_feedback",
}
FIXED_PARAMS = {
    "<rule_id>": "rapid-review",
    # A clock a partnership may set: one not yet confirmed (verified: false in clocks.yaml).
    "<slug:rule_id>": "rapid-review-agency-contribution",
    "<number>": "1",
    "<int:number>": "1",
    "<year>": "2025",
    "<str:code>": "cin.referrals_per_10k",
    "<code>": "cin.referrals_per_10k",
    "<standard_ref>": "1",
    "<str:audience>": "children",
    # A draft's Word file: its PDF takes seconds to make for each visitor, and is tested in the room.
    "<str:fmt>": "docx",
    "<str:key>": "impact",
    "<section_key>": "impact",
}


def _objects_for(route: Route, own: dict[str, Any]) -> dict[str, Any]:
    """Map the route's placeholders to objects of the kind its name is about."""
    values: dict[str, Any] = {"<str:token>": own["invitation_token"], **FIXED_PARAMS}
    values.update({param: own[kind].pk for param, kind in PARAM_KINDS.items()})
    # The public pages show the version published for last year.
    values["<entry>"] = own["safety_term_entry"]
    values["<int:year>"] = own["published_report"].year
    values["<int:version>"] = own["published_report"].version
    for prefix, kind in PK_KINDS:
        if route.name.startswith(prefix):
            values["<int:pk>"] = own[kind].pk
            break
    return values


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


def api_methods() -> dict[str, set[str]]:
    """The HTTP methods each API URL name answers."""
    found: dict[str, set[str]] = {}
    for _prefix, api_router in api._routers:
        for path_view in api_router.path_operations.values():
            for operation in path_view.operations:
                found.setdefault(operation.url_name or "", set()).update(operation.methods)
    return found


QUERY = {
    "api:clock_due": "?start=2025-12-15",
    "api:workdays_add": "?start=2025-12-19&days=5",
    "api:workdays_between": "?start=2025-12-15&end=2026-01-08",
    "api:assurance_plan_coverage": "?year=2025",
    "api:performance_figures": "?year=2025",
}


def _expected(access: Access, who: str, roles: set[str], route: Route) -> set[int]:
    """The answers the matrix allows for this visitor: who is 'anonymous', 'outsider' or 'member'."""
    is_api = route.namespace == "api"
    if is_api and route.name in api_methods() and "GET" not in api_methods()[route.name]:
        return {405}  # the API framework answers a wrong method before it checks who is asking
    post_only = getattr(route.callback, "post_only", False)
    ok = {405} if post_only else set(access.answers)
    if access.row_rules and not post_only:
        ok |= {403}
    full_name = f"{route.namespace}:{route.name}" if route.namespace else route.name
    library = full_name in THIRD_PARTY_URLS
    sign_in = {401} if is_api else {302}
    if access.kind == "disabled":
        return {302, 403, 404}  # a library page for a feature switched off here
    if access.kind == "staff":
        return {302}  # nobody in the cast is platform staff: Django's admin sends them to its login
    if library:
        # Sign-in and two-factor pages from allauth may send people on (302) or, for a factor
        # not set up or a key that is not real, answer 404; they must never be forbidden or fail.
        # The API's root answers 404 with a reason.
        if access.kind == "public" or who != "anonymous":
            return {200, 302, 404}
        return sign_in
    if access.kind == "public":
        return ok
    if who == "anonymous":
        return sign_in
    if access.kind == "signed_in":
        return ok
    if who == "outsider":
        return {404}
    return ok if allows(roles, access.room, access.action) else {403}


@pytest.fixture
def own_objects(cast) -> dict[str, Any]:
    build_demo()  # every room's records, so every page has something to show
    return objects_in(cast.riverbank, cast)


def _visitors(cast) -> list[tuple[str, Any, set[str]]]:
    visitors: list[tuple[str, Any, set[str]]] = [("anonymous", None, set())]
    for user in {*cast.by_role().values()}:
        roles = set(Membership.objects.filter(user=user, partnership=cast.riverbank).values_list("role", flat=True))
        visitors.append(("member", user, roles))
    visitors.append(("outsider", cast.outsider, set()))
    return visitors


@pytest.mark.django_db
def test_every_url_answers_every_visitor_as_the_matrix_says(cast, own_objects, client_for) -> None:
    failures = []
    routes = [r for r in all_routes() if r.namespace not in STAFF_NAMESPACES or r.name == "index"]
    for who, user, roles in _visitors(cast):
        client = client_for(user)
        if user is not None:
            # Each visitor revokes only their own token, so every visitor gets one.
            own_objects["token"], _ = PersonalToken.issue(user=user, name="walk")
        for route in routes:
            access = access_of(route)
            assert access is not None
            if route.name == "account_logout":
                continue  # signing out would end the walk for this visitor
            path = _fill(route, _objects_for(route, own_objects), cast.riverbank.slug)
            path += QUERY.get(f"{route.namespace}:{route.name}" if route.namespace else route.name, "")
            response = client.get(path)
            expected = _expected(access, who, roles, route)
            if response.status_code not in expected:
                label = user.email if user else "anonymous"
                failures.append(f"{label} GET {path}: {response.status_code}, expected {sorted(expected)}")
            if response.status_code == 302 and who == "anonymous" and access.kind != "public":
                assert "/accounts/login/" in response["Location"] or "/admin/login/" in response["Location"]
    assert failures == [], "\n".join(failures)


@pytest.mark.django_db
def test_another_partnerships_object_is_not_found_at_every_object_url(cast, client_for) -> None:
    """Riverbank's business manager, scrutineer or lead partner (whichever the matrix lets in) asks Riverbank's
    addresses for each of Hillcrest's records: each is a 404, never a 403."""
    build_demo()
    theirs = objects_in(cast.hillcrest, cast)
    # For each address, a Riverbank member whom the matrix lets in, so the answer is about the
    # object (404), not the role (403).
    members = [
        (
            client_for(user),
            set(Membership.objects.filter(user=user, partnership=cast.riverbank).values_list("role", flat=True)),
        )
        # The council's lead partner for what only lead partners do (signing the yearly report off).
        for user in (cast.manager, cast.scrutineer, cast.lead_partner)
    ]
    checked = 0
    for route in all_routes():
        access = access_of(route)
        needs_object = any(k in route.pattern for k in ("<int:pk>", *PARAM_KINDS))
        if access is None or not needs_object:
            continue
        if route.namespace == "api" and "GET" not in api_methods().get(route.name, set()):
            continue  # write-only API paths are checked by each room's own tests
        path = _fill(route, _objects_for(route, theirs), cast.riverbank.slug)
        client = next(
            (c for c, roles in members if access.kind != "partnership" or allows(roles, access.room, access.action)),
            members[0][0],
        )
        response = client.post(path) if getattr(route.callback, "post_only", False) else client.get(path)
        assert response.status_code == 404, f"{path} answered {response.status_code}"
        checked += 1
    assert checked >= 30
    # Nothing of Hillcrest's was changed by those requests.
    assert Invitation.objects.get(pk=theirs["invitation"].pk).revoked_at is None
    assert Membership.objects.filter(pk=theirs["membership"].pk).exists()
    assert Delivery.objects.get(pk=theirs["delivery"].pk).status == DeliveryStatus.FAILED
