"""Each agency writes its own contribution to a rapid review through Scrutiny and sees no other
agency's; once submitted it is read-only; the business manager reads every one."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from scrutiny.reviews import rapid_reviewing
from scrutiny.reviews.models import AgencyContribution, ContributionStatus
from scrutiny.reviews.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/reviews/contributions"

WRITTEN = {
    "involvement": "The older sibling attends Oakfield; attendance fell to 70% in the spring term.",
    "analysis": "Attendance concerns were logged but not shared with social care.",
    "actions_taken": "The attendance policy now asks staff to share concerns after five days.",
}


def _review_with_two_contributions(cast: Any) -> tuple[AgencyContribution, AgencyContribution]:
    incident = make.incident(cast.riverbank, summary="The baby was admitted with a head injury after a fall at home.")
    review = make.rapid_review(cast.riverbank, incident=incident, facts="Known to three agencies since birth.")
    return make.contribution(review, "Oakfield"), make.contribution(review, "Capital Police")


def test_an_agency_contributor_sees_only_their_own_agencys_contributions(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    page = client_for(cast.contributor).get(f"{BASE}/").content.decode()
    assert "Oakfield Academies Trust (demo)" in page
    assert "Capital Police South Area (demo)" not in page
    assert "For your agency to write" in page
    assert f"{BASE}/{ours.pk}/edit/" in page


def test_a_contributor_sees_only_the_reference_age_band_what_happened_and_the_due_date(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    page = client_for(cast.contributor).get(f"{BASE}/{ours.pk}/").content.decode()
    assert "RB-2025-01" in page
    assert "Under 1" in page
    assert "Serious harm" in page
    assert "13 June 2025" in page
    assert "head injury" not in page  # the incident's summary
    assert "Known to three agencies" not in page  # the review's facts
    assert "/rapid-reviews/" not in page  # no link into the review they cannot read


def test_a_contributor_cannot_open_or_write_another_agencys_contribution(cast, client_for):
    _, theirs = _review_with_two_contributions(cast)
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert contributor.get(f"{BASE}/{theirs.pk}/edit/").status_code == 404
    assert contributor.post(f"{BASE}/{theirs.pk}/edit/", {**WRITTEN, "action": "submit"}).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.involvement, theirs.status) == ("", ContributionStatus.REQUESTED)


def test_the_agency_saves_a_draft_then_submits_and_history_names_who(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    contributor = client_for(cast.contributor)
    response = contributor.post(f"{BASE}/{ours.pk}/edit/", {**WRITTEN, "analysis": "", "action": "draft"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert ours.status == ContributionStatus.DRAFT
    assert ours.involvement == WRITTEN["involvement"]
    response = contributor.post(f"{BASE}/{ours.pk}/edit/", {**WRITTEN, "action": "submit"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.submitted_on, ours.submitted_by) == (
        ContributionStatus.SUBMITTED,
        timezone.localdate(),
        cast.contributor,
    )
    assert ours.history.first().history_user == cast.contributor
    page = contributor.get(f"{BASE}/{ours.pk}/").content.decode()
    assert "Agency Contributor" in page  # the History tab names them


def test_submitting_without_the_analysis_is_refused_and_the_text_is_kept(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    response = client_for(cast.contributor).post(
        f"{BASE}/{ours.pk}/edit/", {**WRITTEN, "analysis": "", "action": "submit"}
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "before submitting" in page
    assert "attendance fell to 70%" in page
    ours.refresh_from_db()
    assert (ours.status, ours.involvement) == (ContributionStatus.REQUESTED, "")


def test_a_date_of_birth_in_a_contribution_is_refused(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    data = {**WRITTEN, "involvement": "Pupil, date of birth 4 May 2016, attends the school.", "action": "draft"}
    response = client_for(cast.contributor).post(f"{BASE}/{ours.pk}/edit/", data)
    assert "mentions a date of birth" in response.content.decode()
    ours.refresh_from_db()
    assert ours.involvement == ""


def test_a_submitted_contribution_is_read_only(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    rapid_reviewing.contribution_save(contribution=ours, submit=True, by=cast.contributor, **WRITTEN)
    contributor = client_for(cast.contributor)
    page = contributor.get(f"{BASE}/{ours.pk}/edit/").content.decode()
    assert "it can no longer be changed" in page
    assert "<textarea" not in page
    response = contributor.post(f"{BASE}/{ours.pk}/edit/", {**WRITTEN, "involvement": "Changed", "action": "draft"})
    assert response.status_code == 403
    ours.refresh_from_db()
    assert ours.involvement == WRITTEN["involvement"]
    with pytest.raises(ValidationError, match="can no longer be changed"):
        rapid_reviewing.contribution_save(contribution=ours, submit=False, by=cast.contributor, **WRITTEN)


def test_the_business_manager_reads_every_contribution_but_does_not_write_them(cast, client_for):
    ours, theirs = _review_with_two_contributions(cast)
    rapid_reviewing.contribution_save(contribution=ours, submit=True, by=cast.contributor, **WRITTEN)
    manager = client_for(cast.manager)
    listing = manager.get(f"{BASE}/?show=submitted").content.decode()
    assert "Oakfield Academies Trust (demo)" in listing
    assert "Capital Police South Area (demo)" not in listing
    assert WRITTEN["analysis"] in manager.get(f"{BASE}/{ours.pk}/").content.decode()
    page = manager.get(f"{BASE}/{theirs.pk}/edit/")
    assert page.status_code == 200
    assert "Only Capital Police South Area (demo)&#x27;s own people write its contribution." in page.content.decode()
    assert manager.post(f"{BASE}/{theirs.pk}/edit/", {**WRITTEN, "action": "draft"}).status_code == 403
    theirs.refresh_from_db()
    assert theirs.involvement == ""


def test_a_police_partner_writes_the_polices_contribution(cast, client_for):
    _, theirs = _review_with_two_contributions(cast)
    response = client_for(cast.police_dsp).post(f"{BASE}/{theirs.pk}/edit/", {**WRITTEN, "action": "submit"})
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.submitted_by == cast.police_dsp


def test_the_overdue_filter_lists_contributions_past_their_date(cast, client_for):
    _, theirs = _review_with_two_contributions(cast)
    theirs.due_on = timezone.localdate() + timedelta(days=5)
    theirs.save()
    page = client_for(cast.manager).get(f"{BASE}/?show=overdue").content.decode()
    assert "Oakfield Academies Trust (demo)" in page
    assert "Capital Police South Area (demo)" not in page


def test_a_viewer_reads_contributions_on_the_rapid_review_not_on_the_contribution_pages(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    viewer = client_for(cast.viewer)
    assert viewer.get(f"{BASE}/").status_code == 403
    assert viewer.get(f"{BASE}/{ours.pk}/").status_code == 403
    assert viewer.post(f"{BASE}/{ours.pk}/edit/", {**WRITTEN, "action": "submit"}).status_code == 403
    ours.refresh_from_db()
    assert ours.status == ContributionStatus.REQUESTED


def test_an_outsider_finds_no_contribution_page(cast, client_for):
    ours, _ = _review_with_two_contributions(cast)
    outsider = client_for(cast.outsider)
    for path in ("", f"{ours.pk}/", f"{ours.pk}/edit/"):
        assert outsider.get(f"{BASE}/{path}").status_code == 404, path
    assert outsider.post(f"{BASE}/{ours.pk}/edit/", {**WRITTEN, "action": "submit"}).status_code == 404
    ours.refresh_from_db()
    assert ours.status == ContributionStatus.REQUESTED


def test_another_partnerships_contribution_is_not_found_under_this_partnerships_address(cast, client_for):
    theirs = make.contribution(make.rapid_review(cast.hillcrest, "HC-2025-01"), "Capital Police")
    police = client_for(cast.police_dsp)  # police DSP in both partnerships
    assert police.get(f"{BASE}/{theirs.pk}/").status_code == 404
    assert police.post(f"{BASE}/{theirs.pk}/edit/", {**WRITTEN, "action": "submit"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ContributionStatus.REQUESTED
    assert "HC-2025-01" not in police.get(f"{BASE}/").content.decode()
