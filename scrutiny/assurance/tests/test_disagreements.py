"""Disagreements between leaders move through the partnership's own escalation policy, with the
scrutineer's independent advice, and their themes are counted across disagreements."""

from __future__ import annotations

from datetime import date

import pytest

from scrutiny.assurance.models import Disagreement, EscalationStage, StageChange
from scrutiny.assurance.models.disagreements import escalation_policy
from scrutiny.assurance.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance"


def test_a_default_three_stage_policy_is_seeded_on_first_use_and_only_once(cast):
    first = escalation_policy(cast.riverbank)
    again = escalation_policy(cast.riverbank)
    assert [s.order for s in first] == [1, 2, 3]
    assert [s.pk for s in again] == [s.pk for s in first]
    assert EscalationStage.objects.filter(partnership=cast.hillcrest).count() == 0


def test_a_disagreement_starts_at_the_first_stage_and_is_escalated_with_its_stage_history(cast, client_for):
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    response = client_for(cast.lead_partner).post(
        f"{BASE}/disagreements/add/",
        {
            "title": "Hub funding",
            "issue": "Split of costs",
            "parties": [council.pk, police.pk],
            "raised_on": "2025-10-06",
        },
    )
    assert response.status_code == 302
    disagreement = Disagreement.objects.get()
    assert disagreement.current_stage.order == 1
    assert disagreement.stage_due() == date(2025, 10, 13)
    client_for(cast.police_dsp).post(
        f"{BASE}/disagreements/{disagreement.pk}/progress/",
        {"escalate": "1", "escalate-entered_on": "2025-10-20", "escalate-note": "No agreement at stage 1"},
    )
    disagreement.refresh_from_db()
    assert disagreement.current_stage.order == 2
    assert [c.stage.order for c in StageChange.objects.order_by("entered_on")] == [1, 2]


def test_a_disagreement_at_the_last_stage_cannot_be_escalated_further(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    )
    client = client_for(cast.scrutineer)
    for day in ("2025-10-20", "2025-11-03"):
        client.post(f"{BASE}/disagreements/{d.pk}/progress/", {"escalate": "1", "escalate-entered_on": day})
    response = client.post(
        f"{BASE}/disagreements/{d.pk}/progress/", {"escalate": "1", "escalate-entered_on": "2025-12-01"}, follow=True
    )
    assert "already at the last stage" in response.content.decode()
    d.refresh_from_db()
    assert d.current_stage.order == 3


def test_the_scrutineer_gives_independent_advice_and_a_partner_cannot(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    )
    data = {"scrutineer_advice": "Share costs by population.", "advice_given_on": "2025-10-21"}
    assert client_for(cast.police_dsp).post(f"{BASE}/disagreements/{d.pk}/advice/", data).status_code == 403
    client_for(cast.scrutineer).post(f"{BASE}/disagreements/{d.pk}/advice/", data)
    d.refresh_from_db()
    assert d.scrutineer_advice == "Share costs by population."
    assert d.advice_given_on == date(2025, 10, 21)


def test_a_resolution_with_a_date_in_the_wrong_format_is_refused_and_nothing_changes(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    )
    response = client_for(cast.lead_partner).post(
        f"{BASE}/disagreements/{d.pk}/progress/",
        {"resolve": "1", "resolve-resolution": "Agreed", "resolve-resolved_on": "next week"},
    )
    assert "Enter the date as YYYY-MM-DD" in response.content.decode()
    d.refresh_from_db()
    assert d.resolved_on is None


def test_a_party_records_the_resolution(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    )
    client_for(cast.lead_partner).post(
        f"{BASE}/disagreements/{d.pk}/progress/",
        {"resolve": "1", "resolve-resolution": "Costs shared 40/30/30", "resolve-resolved_on": "2025-11-14"},
    )
    d.refresh_from_db()
    assert (d.resolution, d.resolved_on) == ("Costs shared 40/30/30", date(2025, 11, 14))


def test_someone_not_a_party_cannot_move_a_disagreement_on(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Riverbank Community Health Trust")
    )
    response = client_for(cast.police_dsp).post(
        f"{BASE}/disagreements/{d.pk}/progress/", {"escalate": "1", "escalate-entered_on": "2025-10-20"}
    )
    assert response.status_code == 403
    d.refresh_from_db()
    assert d.current_stage.order == 1


def test_a_contributor_reaches_only_disagreements_their_agency_is_party_to(cast, client_for):
    school = make.agency("Oakfield Academies Trust")
    ours = make.disagreement(cast.riverbank, school, make.agency("Riverbank Borough Council"))
    other = make.disagreement(
        cast.riverbank, make.agency("Capital Police South Area"), make.agency("Riverbank Borough Council")
    )
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/disagreements/").status_code == 403
    assert contributor.get(f"{BASE}/disagreements/{ours.pk}/progress/").status_code == 200
    assert contributor.get(f"{BASE}/disagreements/{other.pk}/progress/").status_code == 404


def test_a_disagreement_of_another_partnership_is_not_found(cast, client_for):
    theirs = make.disagreement(
        cast.hillcrest, make.agency("Hillcrest Borough Council"), make.agency("Capital Police South Area")
    )
    assert client_for(cast.police_dsp).get(f"{BASE}/disagreements/{theirs.pk}/").status_code == 404
    assert client_for(cast.scrutineer).post(f"{BASE}/disagreements/{theirs.pk}/advice/", {}).status_code == 404


def test_themes_across_disagreements_are_counted(cast, client_for):
    exploitation = make.theme("criminal-exploitation", "Criminal exploitation")
    neglect = make.theme("neglect", "Neglect")
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    make.disagreement(cast.riverbank, council, police, title="A", themes=[exploitation])
    make.disagreement(cast.riverbank, council, police, title="B", themes=[exploitation, neglect])
    make.disagreement(cast.hillcrest, police, make.agency("Hillcrest Borough Council"), title="C", themes=[neglect])
    page = client_for(cast.viewer).get(f"{BASE}/disagreements/themes/").content.decode()
    assert page.index("Criminal exploitation") < page.index("Neglect")
    from scrutiny.assurance.services import disagreement_themes

    assert [(t.label, total, open_) for t, total, open_ in disagreement_themes(cast.riverbank)] == [
        ("Criminal exploitation", 2, 2),
        ("Neglect", 1, 1),
    ]


def test_the_business_manager_configures_the_stages_and_a_viewer_cannot(cast, client_for):
    escalation_policy(cast.riverbank)
    data = {"order": "4", "name": "Independent chair", "timescale_working_days": "10", "description": ""}
    assert client_for(cast.viewer).post(f"{BASE}/escalation-policy/add/", data).status_code == 403
    client_for(cast.manager).post(f"{BASE}/escalation-policy/add/", data)
    assert [s.order for s in escalation_policy(cast.riverbank)] == [1, 2, 3, 4]
    duplicate = client_for(cast.manager).post(f"{BASE}/escalation-policy/add/", {**data, "name": "Again"})
    assert "Stage 4 already exists" in duplicate.content.decode()


def test_a_stage_used_by_a_disagreement_cannot_be_removed(cast, client_for):
    d = make.disagreement(
        cast.riverbank, make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    )
    client_for(cast.manager).post(f"{BASE}/escalation-policy/{d.current_stage.pk}/remove/")
    assert EscalationStage.objects.filter(pk=d.current_stage.pk).exists()


def test_the_disagreements_list_costs_the_same_however_many(cast, client_for, django_assert_max_num_queries):
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    for n in range(6):
        make.disagreement(cast.riverbank, council, police, title=f"Issue {n}")
    client = client_for(cast.viewer)
    with django_assert_max_num_queries(12):
        response = client.get(f"{BASE}/disagreements/")
    assert response.content.decode().count("Issue ") == 6


def test_a_contributor_records_a_disagreement_only_where_their_agency_is_a_party(cast, client_for):
    council, police = make.agency("Riverbank Borough Council"), make.agency("Capital Police South Area")
    school = make.agency("Oakfield Academies Trust")
    contributor = client_for(cast.contributor)
    refused = contributor.post(
        f"{BASE}/disagreements/add/",
        {"title": "Not ours", "issue": "I", "parties": [council.pk, police.pk], "raised_on": "2025-10-06"},
    )
    assert "Your own agency must be one of the parties" in refused.content.decode()
    assert not Disagreement.objects.exists()
    contributor.post(
        f"{BASE}/disagreements/add/",
        {"title": "Ours", "issue": "I", "parties": [council.pk, school.pk], "raised_on": "2025-10-06"},
    )
    assert Disagreement.objects.get().title == "Ours"
