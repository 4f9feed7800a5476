"""The demo's audits: a completed Section 11 round with challenge and moderation, the police's one
return shared between the two partnerships, a schools' round in progress and two case file audits."""

from __future__ import annotations

import pytest
from django.utils import timezone

from scrutiny.audits.dashboard import round_dashboard
from scrutiny.audits.models import (
    AuditedCase,
    AuditReturn,
    AuditRound,
    CaseAuditStatus,
    CaseFileAudit,
    CaseGrade,
    ChallengeQuestion,
    ModeratedScore,
    ReturnShare,
    RoundStatus,
)
from scrutiny.demo import build_demo
from scrutiny.privacy import identifying_details_problem, reference_problem

# What the demo builder makes; see the "demo" marker in pyproject.toml.
pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_each_demo_partnership_has_its_audits_and_building_twice_changes_nothing():
    build_demo()
    counts = (AuditRound.objects.count(), AuditReturn.objects.count(), CaseFileAudit.objects.count())
    build_demo()
    assert (AuditRound.objects.count(), AuditReturn.objects.count(), CaseFileAudit.objects.count()) == counts
    today = timezone.localdate()
    for slug in ("riverbank", "hillcrest"):
        rounds = AuditRound.objects.filter(partnership__slug=slug)
        completed = rounds.get(title=f"Section 11 audit {today.year - 1}")
        assert completed.status == RoundStatus.CLOSED
        assert completed.previous_round is not None
        assert ChallengeQuestion.objects.filter(round=completed, answered_at__isnull=False).exists()
        moderated = ModeratedScore.objects.filter(round=completed)
        assert moderated.exists()
        assert moderated.exclude(reason="").exists()  # moderation changed some self-ratings, with reasons
        board = round_dashboard(completed, today)
        assert not board.outstanding
        assert any(row.gap and row.gap > 0 for row in board.agencies)
        assert all(row.change is not None for row in board.standards)
        schools = rounds.get(framework__key="section-175")
        assert schools.status == RoundStatus.OPEN
        assert schools.scale == "rag"
        assert round_dashboard(schools, today).outstanding
        audits = CaseFileAudit.objects.filter(partnership__slug=slug)
        assert {a.status for a in audits} == {CaseAuditStatus.COMPLETE, CaseAuditStatus.AUDITING}
        done = audits.get(status=CaseAuditStatus.COMPLETE)
        assert done.feedback.count() == 3
        assert all(case.moderated_at for case in done.cases.all())
    # The police answered once, in Riverbank; Hillcrest moderates the same return separately.
    share = ReturnShare.objects.get(round__title=f"Section 11 audit {today.year - 1}")
    assert share.audit_return.round.partnership.slug == "riverbank"
    assert ModeratedScore.objects.filter(round=share.round, audit_return=share.audit_return).exists()
    # Nothing in the demo's case records looks identifying.
    for case in AuditedCase.objects.all():
        assert reference_problem(case.reference) == ""
        assert identifying_details_problem(f"{case.context} {case.moderation_notes} {case.learning}") == ""
    assert all(identifying_details_problem(grade.notes) == "" for grade in CaseGrade.objects.all())
