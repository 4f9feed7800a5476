"""Section 11 and s175 rounds: self-assessment, carry-forward, challenge, moderation beside the
self-score, reopening, one return shared between partnerships, the dashboard, and who may see what."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.audits import returns as workflow
from scrutiny.audits.dashboard import round_dashboard
from scrutiny.audits.loading import StandardsDataError, load_shipped_standards
from scrutiny.audits.models import (
    AuditReturn,
    ChallengeQuestion,
    ModeratedScore,
    PeerReviewer,
    ReturnAnswer,
    ReturnStatus,
    RoundStatus,
    StandardsFramework,
)
from scrutiny.audits.tests.conftest import POLICE, agency_of, make_round
from scrutiny.partnerships.access import Seat, seat_for
from scrutiny.partnerships.models import Agency, AgencyKind

pytestmark = pytest.mark.django_db


def _complete(audit_return: AuditReturn, score: int = 2) -> None:
    for answer in audit_return.answers.all():
        workflow.answer_save(answer=answer, self_score=score, narrative="How we meet it", evidence="E1 Policy")


def _submitted(audit_round, agency, user, score: int = 2) -> AuditReturn:
    audit_return = workflow.return_start(audit_round=audit_round, agency=agency, started_by=user, carry_forward=False)
    _complete(audit_return, score)
    workflow.return_submit(audit_return=audit_return, submitted_by=user)
    return audit_return


def _seat(user, partnership) -> Seat:
    seat = seat_for(user, partnership)
    assert seat is not None
    return seat


def _url(audit_round, agency, tail: str = "") -> str:
    return f"/p/{audit_round.partnership.slug}/audits/rounds/{audit_round.pk}/agencies/{agency.pk}/{tail}"


def test_the_shipped_section_11_and_schools_standards_and_case_file_tool_are_loaded(cast):
    kinds = {f.key: (f.kind, f.standards.count()) for f in StandardsFramework.objects.filter(partnership=None)}
    assert kinds == {"section-11": ("s11", 11), "section-175": ("s175", 10), "case-file-audit": ("case_file", 6)}
    unverified = StandardsFramework.objects.get(key="section-11").standards.filter(verified=False)
    assert set(unverified.values_list("ref", flat=True)) == {"4", "5", "7"}


def test_a_shipped_version_whose_file_changed_is_refused(cast, tmp_path):
    from scrutiny.audits.loading import DATA_DIR

    text = (DATA_DIR / "section-11.yaml").read_text().replace("Information sharing", "Sharing information")
    (tmp_path / "section-11.yaml").write_text(text)
    with pytest.raises(StandardsDataError, match="give the changed file a new version number"):
        load_shipped_standards(tmp_path)


def test_the_agency_completes_and_submits_its_return_page_by_page(cast, client_for, audit_round, school):
    client = client_for(cast.contributor)
    response = client.post(_url(audit_round, school, "start/"))
    audit_return = AuditReturn.objects.get(round=audit_round, agency=school)
    assert response.status_code == 302
    answer = audit_return.answers.all()[0]
    response = client.post(
        _url(audit_round, school, f"answers/{answer.pk}/"),
        {"self_score": "3", "narrative": "A named lead", "evidence": ""},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert (answer.self_score, answer.narrative) == (3, "A named lead")
    # Not every standard answered: the submission is refused and says which standards.
    page = client.post(_url(audit_round, school, "submit/"), follow=True).content.decode()
    assert "Standard 2 needs a score and a narrative" in page
    _complete(audit_return)
    client.post(_url(audit_round, school, "submit/"))
    audit_return.refresh_from_db()
    assert audit_return.status == ReturnStatus.SUBMITTED
    assert audit_return.submitted_on_time()


def test_a_score_outside_the_scale_is_refused_and_the_typing_is_kept(cast, client_for, audit_round, school):
    audit_return = workflow.return_start(
        audit_round=audit_round, agency=school, started_by=cast.contributor, carry_forward=False
    )
    answer = audit_return.answers.all()[0]
    response = client_for(cast.contributor).post(
        _url(audit_round, school, f"answers/{answer.pk}/"), {"self_score": "5", "narrative": "Typed words"}
    )
    assert response.status_code == 200
    assert "Typed words" in response.content.decode()
    assert "Select a valid choice" in response.content.decode()
    with pytest.raises(ValidationError, match="not on this round's scale"):
        workflow.answer_save(answer=answer, self_score=5, narrative="x", evidence="")
    answer.refresh_from_db()
    assert answer.self_score is None


def test_a_return_after_the_round_closed_is_refused_and_changes_nothing(cast, audit_round, school):
    audit_return = workflow.return_start(
        audit_round=audit_round, agency=school, started_by=cast.contributor, carry_forward=False
    )
    _complete(audit_return)
    workflow.round_close(audit_round)
    with pytest.raises(ValidationError, match="is closed"):
        workflow.return_submit(audit_return=audit_return, submitted_by=cast.contributor)
    audit_return.refresh_from_db()
    assert audit_return.status == ReturnStatus.IN_PROGRESS


def test_last_rounds_answers_carry_forward_and_must_be_reconfirmed(cast, audit_round, school):
    earlier = make_round(
        cast.riverbank, title="Section 11 audit 2024", deadline=timezone.localdate() - timedelta(days=700)
    )
    _submitted(earlier, school, cast.contributor, score=1)
    audit_round.previous_round = earlier
    audit_round.save()
    audit_return = workflow.return_start(
        audit_round=audit_round, agency=school, started_by=cast.contributor, carry_forward=True
    )
    assert set(audit_return.answers.values_list("self_score", "carried_forward")) == {(1, True)}
    with pytest.raises(ValidationError, match="re-confirming"):
        workflow.return_submit(audit_return=audit_return, submitted_by=cast.contributor)
    _complete(audit_return, score=2)
    workflow.return_submit(audit_return=audit_return, submitted_by=cast.contributor)
    # The earlier return is untouched.
    assert set(ReturnAnswer.objects.filter(audit_return__round=earlier).values_list("self_score", flat=True)) == {1}


def test_moderation_keeps_the_self_score_and_needs_a_reason_for_a_change(cast, audit_round, school):
    audit_return = _submitted(audit_round, school, cast.contributor, score=3)
    standard = audit_round.framework.standards.get(ref="5")
    with pytest.raises(ValidationError) as refused:
        workflow.moderate(
            audit_round=audit_round,
            audit_return=audit_return,
            scores={standard: 1},
            reasons={},
            moderated_by=cast.manager,
        )
    assert "say why moderation changed" in str(refused.value)
    assert not ModeratedScore.objects.exists()
    workflow.moderate(
        audit_round=audit_round,
        audit_return=audit_return,
        scores={standard: 1},
        reasons={standard: "No training impact evaluation was shown"},
        moderated_by=cast.manager,
    )
    assert audit_return.answers.get(standard=standard).self_score == 3
    assert ModeratedScore.objects.get().score == 1


def test_a_score_outside_the_scale_is_refused_at_moderation(cast, audit_round, school):
    audit_return = _submitted(audit_round, school, cast.contributor)
    standard = audit_round.framework.standards.first()
    with pytest.raises(ValidationError, match="not on this round's scale"):
        workflow.moderate(
            audit_round=audit_round,
            audit_return=audit_return,
            scores={standard: 7},
            reasons={standard: "x"},
            moderated_by=cast.manager,
        )


def test_changes_requested_reopen_the_return_even_after_the_round_closed(cast, client_for, audit_round, school):
    audit_return = _submitted(audit_round, school, cast.contributor)
    client_for(cast.manager).post(_url(audit_round, school, "changes/"), {"reason": "Add the training figures"})
    workflow.round_close(audit_round)
    audit_return.refresh_from_db()
    assert audit_return.status == ReturnStatus.CHANGES_REQUESTED
    answer = audit_return.answers.all()[0]
    workflow.answer_save(answer=answer, self_score=1, narrative="With figures", evidence="E9")
    workflow.return_submit(audit_return=audit_return, submitted_by=cast.contributor)
    audit_return.refresh_from_db()
    assert audit_return.status == ReturnStatus.SUBMITTED


def test_the_partnership_questions_and_the_agency_answers(cast, client_for, audit_round, school):
    audit_return = _submitted(audit_round, school, cast.contributor)
    standard = audit_round.framework.standards.get(ref="6")
    client_for(cast.scrutineer).post(
        _url(audit_round, school, "questions/add/"),
        {"standard": standard.pk, "question": "How many DBS checks lapsed?"},
    )
    question = ChallengeQuestion.objects.get()
    client_for(cast.contributor).post(
        _url(audit_round, school, f"questions/{question.pk}/answer/"), {"answer": "None in the year"}
    )
    question.refresh_from_db()
    assert (question.answer, question.answered_by) == ("None in the year", cast.contributor)
    assert question.asked_for is None
    assert audit_return.questions.count() == 1


def test_another_agencys_contributor_cannot_see_a_return_unless_named_its_peer(cast, client_for, audit_round, school):
    council = agency_of(cast.riverbank, AgencyKind.LOCAL_AUTHORITY)
    council_return = _submitted(audit_round, council, cast.manager)
    contributor = client_for(cast.contributor)
    assert contributor.get(_url(audit_round, council)).status_code == 404
    assert contributor.get(_url(audit_round, council, "questions/add/")).status_code == 404
    PeerReviewer.objects.create(round=audit_round, audit_return=council_return, agency=school)
    assert contributor.get(_url(audit_round, council)).status_code == 200
    contributor.post(_url(audit_round, council, "questions/add/"), {"question": "How do you test escalation?"})
    assert ChallengeQuestion.objects.get().asked_for == school
    # A peer reads and questions; it does not answer for the other agency or moderate.
    question = ChallengeQuestion.objects.get()
    assert (
        contributor.post(_url(audit_round, council, f"questions/{question.pk}/answer/"), {"answer": "x"}).status_code
        == 403
    )
    assert contributor.get(_url(audit_round, council, "moderate/")).status_code == 403


def test_the_contributor_sees_only_their_own_agencys_row_on_the_round(cast, client_for, audit_round, school):
    council = agency_of(cast.riverbank, AgencyKind.LOCAL_AUTHORITY)
    _submitted(audit_round, council, cast.manager, score=1)
    page = client_for(cast.contributor).get(f"/p/riverbank/audits/rounds/{audit_round.pk}/").content.decode()
    assert "Start Oakfield" in page
    assert "Self minus moderated" not in page


def test_another_partnerships_round_is_not_found(cast, client_for, audit_round, school):
    _submitted(audit_round, school, cast.contributor)
    outsider = client_for(cast.outsider)
    assert outsider.get(f"/p/riverbank/audits/rounds/{audit_round.pk}/").status_code == 404
    assert outsider.get(f"/p/hillcrest/audits/rounds/{audit_round.pk}/").status_code == 404
    assert outsider.get(f"/p/hillcrest/audits/rounds/{audit_round.pk}/agencies/{school.pk}/").status_code == 404


def test_one_police_return_serves_two_partnerships_each_moderating_separately(cast, client_for, audit_round):
    police = Agency.objects.get(name=POLICE)
    hillcrest_round = make_round(cast.hillcrest, title="Hillcrest Section 11 2026")
    audit_return = _submitted(audit_round, police, cast.police_dsp)
    seat = _seat(cast.police_dsp, cast.riverbank)
    assert workflow.rounds_to_share_into(seat, audit_return) == [hillcrest_round]
    response = client_for(cast.police_dsp).post(
        _url(audit_round, police, "share/"), {"into": hillcrest_round.pk, "consent": "on"}
    )
    assert response.status_code == 302
    assert workflow.return_in_round(hillcrest_round, police.pk) == audit_return
    # Hillcrest's business manager moderates it; Riverbank's view of it is unchanged.
    standard = audit_round.framework.standards.first()
    client_for(cast.outsider).post(
        _url(hillcrest_round, police, "moderate/"), {f"score_{standard.pk}": "1", f"reason_{standard.pk}": "Thin"}
    )
    assert ModeratedScore.objects.get().round == hillcrest_round
    riverbank_page = client_for(cast.manager).get(_url(audit_round, police)).content.decode()
    assert "Thin" not in riverbank_page
    hillcrest_page = client_for(cast.outsider).get(_url(hillcrest_round, police)).content.decode()
    assert "Thin" in hillcrest_page
    assert "shared with this partnership" in hillcrest_page
    # The agency cannot start a second return there.
    with pytest.raises(ValidationError, match="already has a return"):
        workflow.return_start(
            audit_round=hillcrest_round, agency=police, started_by=cast.police_dsp, carry_forward=False
        )


def test_sharing_needs_consent_and_the_same_standards(cast, client_for, audit_round):
    police = Agency.objects.get(name=POLICE)
    schools = StandardsFramework.objects.get(key="section-175")
    other = make_round(cast.hillcrest, title="Hillcrest schools 2026", framework=schools)
    audit_return = _submitted(audit_round, police, cast.police_dsp)
    assert workflow.rounds_to_share_into(_seat(cast.police_dsp, cast.riverbank), audit_return) == []
    same = make_round(cast.hillcrest, title="Hillcrest Section 11 2026")
    response = client_for(cast.police_dsp).post(_url(audit_round, police, "share/"), {"into": same.pk})
    assert "Confirm your agency&#x27;s consent" in response.content.decode()
    assert not audit_return.shares.exists()
    assert other.shared_returns.count() == 0
    # Someone who does not act for the police in both partnerships cannot share it.
    with pytest.raises(ValidationError, match="cannot be shared"):
        workflow.return_share(seat=_seat(cast.scrutineer, cast.riverbank), audit_return=audit_return, into=same)


def test_the_dashboard_counts_outstanding_late_gaps_and_change_since_the_last_round(cast, school):
    today = timezone.localdate()
    earlier = make_round(cast.riverbank, title="Section 11 audit 2024", deadline=today - timedelta(days=700))
    _submitted(earlier, school, cast.contributor, score=1)
    audit_round = make_round(cast.riverbank, deadline=today - timedelta(days=1), previous_round=earlier)
    audit_return = _submitted(audit_round, school, cast.contributor, score=3)
    standard = audit_round.framework.standards.get(ref="1")
    workflow.moderate(
        audit_round=audit_round,
        audit_return=audit_return,
        scores={standard: 2},
        reasons={standard: "Partly"},
        moderated_by=cast.manager,
    )
    board = round_dashboard(audit_round, today)
    assert board.submitted_count == 1
    assert len(board.outstanding) == 3
    assert len(board.late) == 4
    row = next(r for r in board.agencies if r.agency == school)
    assert (row.moderated, row.gap) == (1, 1.0)
    first = board.standards[0]
    assert first.self_counts[3] == 1
    assert first.moderated_counts[2] == 1
    assert (first.mean_now, first.mean_before, first.change) == (2.0, 1.0, 1.0)


def test_a_partnership_makes_its_own_version_and_edits_it_until_a_round_uses_it(cast, client_for):
    shipped = StandardsFramework.objects.get(key="section-11")
    manager = client_for(cast.manager)
    assert manager.get(f"/p/riverbank/audits/standards/{shipped.pk}/add/").status_code == 403
    manager.post(f"/p/riverbank/audits/standards/{shipped.pk}/new-version/", {"version": "2026", "title": "Our s11"})
    own = StandardsFramework.objects.get(partnership=cast.riverbank)
    assert own.standards.count() == 11
    assert own.based_on == shipped
    standard = own.standards.get(ref="4")
    manager.post(
        f"/p/riverbank/audits/standards/{own.pk}/{standard.pk}/",
        {
            "ref": "4",
            "title": "Children's voices shape services",
            "description": "",
            "evidence_hint": "",
            "questions": "",
        },
    )
    standard.refresh_from_db()
    assert standard.title == "Children's voices shape services"
    assert shipped.standards.get(ref="4").title != standard.title
    make_round(cast.riverbank, framework=own)
    assert manager.get(f"/p/riverbank/audits/standards/{own.pk}/{standard.pk}/").status_code == 403
    # Another partnership neither sees nor uses it.
    assert client_for(cast.outsider).get(f"/p/hillcrest/audits/standards/{own.pk}/").status_code == 404


def test_a_round_is_drafted_then_sent_and_only_then_seen_by_agencies(cast, client_for, school):
    manager = client_for(cast.manager)
    today = timezone.localdate()
    response = manager.post(
        "/p/riverbank/audits/rounds/add/",
        {
            "title": "Schools' audit 2026",
            "framework": StandardsFramework.objects.get(key="section-175").pk,
            "scale": "rag",
            "opens_on": today.isoformat(),
            "deadline": (today + timedelta(days=60)).isoformat(),
            "agencies": [school.pk],
        },
    )
    assert response.status_code == 302
    from scrutiny.audits.models import AuditRound

    made = AuditRound.objects.get(title="Schools' audit 2026")
    assert made.status == RoundStatus.DRAFT
    contributor = client_for(cast.contributor)
    assert contributor.get(f"/p/riverbank/audits/rounds/{made.pk}/").status_code == 404
    manager.post(f"/p/riverbank/audits/rounds/{made.pk}/send/")
    made.refresh_from_db()
    assert made.status == RoundStatus.OPEN
    assert "Start Oakfield" in contributor.get(f"/p/riverbank/audits/rounds/{made.pk}/").content.decode()


def test_a_round_whose_deadline_is_before_it_opens_is_refused_with_the_typing_kept(cast, client_for):
    today = timezone.localdate()
    response = client_for(cast.manager).post(
        "/p/riverbank/audits/rounds/add/",
        {
            "title": "Backwards round",
            "framework": StandardsFramework.objects.get(key="section-11").pk,
            "scale": "0-3",
            "opens_on": today.isoformat(),
            "deadline": (today - timedelta(days=1)).isoformat(),
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The deadline must be on or after the day the round opens" in page
    assert "Backwards round" in page


def test_the_action_plan_puts_actions_in_the_tracker(cast, client_for, audit_round, school):
    from scrutiny.actions.models import Action

    _submitted(audit_round, school, cast.contributor)
    client_for(cast.manager).post(
        _url(audit_round, school, "actions/add/"),
        {
            "title": "Evaluate training impact",
            "owner_agency": school.pk,
            "due_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        },
    )
    action = Action.objects.get(title="Evaluate training impact")
    assert action.source_room == "audits"
    assert "Evaluate training impact" in client_for(cast.contributor).get(_url(audit_round, school)).content.decode()


@pytest.mark.parametrize(
    "role", ["business_manager", "scrutineer", "lead_partner", "chair", "viewer", "agency_contributor"]
)
def test_every_role_reads_the_audits_pages_it_may(cast, client_for, audit_round, school, role):
    _submitted(audit_round, school, cast.contributor)
    client = client_for(cast.by_role()[role])
    for path in [
        "/p/riverbank/audits/",
        f"/p/riverbank/audits/rounds/{audit_round.pk}/",
        _url(audit_round, school),
        "/p/riverbank/audits/standards/",
    ]:
        assert client.get(path).status_code == 200, (role, path)


def test_the_agencys_owed_return_and_unanswered_questions_are_on_its_home_page(cast, client_for, audit_round, school):
    page = client_for(cast.contributor).get("/p/riverbank/").content.decode()
    assert f"{school.name}: {audit_round}" in page
    audit_return = _submitted(audit_round, school, cast.contributor)
    ChallengeQuestion.objects.create(
        round=audit_round, audit_return=audit_return, question="Why?", asked_by=cast.scrutineer
    )
    page = client_for(cast.contributor).get("/p/riverbank/").content.decode()
    assert f"{school.name}: {audit_round}" not in page
    assert f"Answer a question on {school.name}" in page
    # Hillcrest's business manager is not told about Riverbank's returns.
    assert str(audit_round) not in client_for(cast.outsider).get("/p/hillcrest/").content.decode()


def test_a_standard_is_removed_from_the_partnerships_own_version_only(cast, client_for):
    shipped = StandardsFramework.objects.get(key="section-11")
    manager = client_for(cast.manager)
    standard = shipped.standards.get(ref="11")
    assert manager.post(f"/p/riverbank/audits/standards/{shipped.pk}/{standard.pk}/delete/").status_code == 403
    manager.post(f"/p/riverbank/audits/standards/{shipped.pk}/new-version/", {"version": "2026", "title": "Ours"})
    own = StandardsFramework.objects.get(partnership=cast.riverbank)
    page = manager.get(f"/p/riverbank/audits/standards/{own.pk}/").content.decode()
    assert "Remove<span" in page
    manager.post(f"/p/riverbank/audits/standards/{own.pk}/{own.standards.get(ref='11').pk}/delete/")
    assert own.standards.count() == 10
    assert shipped.standards.count() == 11
