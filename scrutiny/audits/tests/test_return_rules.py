"""Who changes a return, what an answer needs, naming peer reviewers and the API's names for
moderation's refusals: one rule each in scrutiny.audits.returns, for the pages and the API alike."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from scrutiny.audits import returns as workflow
from scrutiny.audits.models import AuditReturn, PeerReviewer
from scrutiny.audits.tests.conftest import POLICE, agency_of, make_round
from scrutiny.partnerships.access import seat_for
from scrutiny.partnerships.models import Agency, AgencyKind

pytestmark = pytest.mark.django_db

API = "/api/v1/partnerships/{slug}/audits/rounds/{round}/returns/{agency}"


def _url(audit_round, agency: Agency, tail: str = "") -> str:
    return API.format(slug=audit_round.partnership.slug, round=audit_round.pk, agency=agency.pk) + tail


def _started(audit_round, agency: Agency, user) -> AuditReturn:
    return workflow.return_start(audit_round=audit_round, agency=agency, started_by=user, carry_forward=False)


def _submitted(audit_round, agency: Agency, user, score: int = 2) -> AuditReturn:
    audit_return = _started(audit_round, agency, user)
    for answer in audit_return.answers.all():
        workflow.answer_save(answer=answer, self_score=score, narrative="Met", evidence="")
    workflow.return_submit(audit_return=audit_return, submitted_by=user)
    return audit_return


def test_an_answer_needs_a_narrative(cast, client_for, audit_round, school):
    audit_return = _started(audit_round, school, cast.contributor)
    answer = audit_return.answers.get(standard__ref="1")
    with pytest.raises(ValidationError) as refused:
        workflow.answer_save(answer=answer, self_score=2, narrative="  ", evidence="")
    assert refused.value.message_dict == {"narrative": ["Say how the agency meets the standard."]}
    through_api = client_for(cast.contributor).put(
        _url(audit_round, school, "/answers/1"), {"self_score": 2, "narrative": " "}, content_type="application/json"
    )
    assert through_api.status_code == 400
    assert through_api.json()["detail"] == "narrative: Say how the agency meets the standard."
    answer.refresh_from_db()
    assert answer.self_score is None


def test_only_the_agencys_own_people_change_its_return_and_only_where_it_was_written(
    cast, client_for, audit_round, school
):
    _started(audit_round, school, cast.contributor)
    manager = client_for(cast.manager)
    answered = manager.put(
        _url(audit_round, school, "/answers/1"), {"self_score": 2, "narrative": "x"}, content_type="application/json"
    )
    assert answered.status_code == 403
    assert answered.json()["detail"] == f"Only {school}'s own people complete its return."
    assert manager.post(_url(audit_round, school, "/submit")).status_code == 403
    # A return shared into another partnership's round is changed where it was written.
    police = Agency.objects.get(name=POLICE)
    hillcrest_round = make_round(cast.hillcrest, title="Hillcrest Section 11 2026")
    police_return = _submitted(audit_round, police, cast.police_dsp)
    seat = seat_for(cast.police_dsp, cast.riverbank)
    assert seat is not None
    workflow.return_share(seat=seat, audit_return=police_return, into=hillcrest_round)
    shared = client_for(cast.police_dsp).post(_url(hillcrest_round, police, "/submit"))
    assert shared.status_code == 403
    assert "is shared here: change it there" in shared.json()["detail"]
    assert client_for(cast.police_dsp).get(_url(hillcrest_round, police)).status_code == 200


def test_a_peer_reviewer_is_another_agency_of_the_round_named_once(cast, client_for, audit_round, school):
    council = agency_of(cast.riverbank, AgencyKind.LOCAL_AUTHORITY)
    council_return = _submitted(audit_round, council, cast.manager)
    with pytest.raises(ValidationError) as own:
        workflow.peer_name(audit_round=audit_round, audit_return=council_return, agency=council)
    assert own.value.message_dict == {"reviewer": ["An agency cannot peer review its own return."]}
    elsewhere = Agency.objects.exclude(pk__in=audit_round.agencies.all()).first()
    assert elsewhere is not None
    with pytest.raises(ValidationError, match="is not one of the agencies"):
        workflow.peer_name(audit_round=audit_round, audit_return=council_return, agency=elsewhere)
    workflow.peer_name(audit_round=audit_round, audit_return=council_return, agency=school)
    page = client_for(cast.manager).post(
        f"/p/riverbank/audits/rounds/{audit_round.pk}/peers/add/",
        {"reviewer": school.pk, "reviewed": council_return.pk},
    )
    assert "already reviews" in page.content.decode()
    own_page = client_for(cast.manager).post(
        f"/p/riverbank/audits/rounds/{audit_round.pk}/peers/add/",
        {"reviewer": council.pk, "reviewed": council_return.pk},
    )
    assert "An agency cannot peer review its own return." in own_page.content.decode()
    assert PeerReviewer.objects.count() == 1


def test_moderations_refusals_are_named_as_the_api_names_its_fields(cast, client_for, audit_round, school):
    _submitted(audit_round, school, cast.contributor, score=3)
    manager = client_for(cast.manager)
    url = _url(audit_round, school, "/moderation")
    no_reason = manager.put(url, [{"standard_ref": "1", "score": 1}], content_type="application/json")
    assert no_reason.status_code == 400
    assert list(no_reason.json()["errors"]) == ["reason"]
    off_scale = manager.put(
        url,
        [{"standard_ref": "1", "score": 9, "reason": "x"}, {"standard_ref": "2", "score": 1}],
        content_type="application/json",
    )
    assert set(off_scale.json()["errors"]) == {"score", "reason"}
    unknown = manager.put(url, [{"standard_ref": "12", "score": 1}], content_type="application/json")
    assert unknown.json()["detail"] == "standard_ref: this round has no standard 12."
