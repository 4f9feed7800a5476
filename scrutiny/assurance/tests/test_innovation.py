"""The innovation register: initiatives in relationship-based practice from idea to adoption, with
the scrutineer's observations, citable by findings."""

from __future__ import annotations

from typing import Any

import pytest

from scrutiny.assurance.models import Innovation, InnovationStage
from scrutiny.assurance.tests import factories as make

pytestmark = pytest.mark.django_db

BASE = "/p/riverbank/assurance/innovation"


def _innovation(partnership: Any, owner: str, title: str = "Family group conferencing expansion") -> Innovation:
    return Innovation.objects.create(
        partnership=partnership, title=title, owner_agency=make.agency(owner), problem="Too many children enter care."
    )


def test_a_partner_adds_an_initiative_with_its_theory_of_change_and_measures(cast, client_for):
    council = make.agency("Riverbank Borough Council")
    item = make.evidence(cast.riverbank, "Pilot evaluation")
    response = client_for(cast.lead_partner).post(
        f"{BASE}/add/",
        {
            "title": "Family group conferencing expansion",
            "owner_agency": council.pk,
            "problem": "Families are not involved early.",
            "theory_of_change": "Families plan, fewer children enter care.",
            "measures": "Rate of children entering care; re-audit of plans",
            "stage": "pilot",
            "evidence": [item.pk],
        },
    )
    assert response.status_code == 302
    innovation = Innovation.objects.get()
    assert (innovation.stage, innovation.owner_agency, innovation.partnership) == ("pilot", council, cast.riverbank)


def test_an_initiative_without_its_problem_is_refused(cast, client_for):
    response = client_for(cast.lead_partner).post(
        f"{BASE}/add/", {"title": "X", "owner_agency": make.agency("Riverbank Borough Council").pk, "stage": "idea"}
    )
    assert "There is a problem" in response.content.decode()
    assert not Innovation.objects.exists()


def test_the_scrutineer_records_observations_and_a_partner_cannot(cast, client_for):
    innovation = _innovation(cast.riverbank, "Riverbank Borough Council")
    data = {"scrutineer_observations": "Promising; measure re-referrals."}
    assert client_for(cast.lead_partner).post(f"{BASE}/{innovation.pk}/observations/", data).status_code == 403
    client_for(cast.scrutineer).post(f"{BASE}/{innovation.pk}/observations/", data)
    innovation.refresh_from_db()
    assert innovation.scrutineer_observations == "Promising; measure re-referrals."
    assert innovation.history.count() == 2


def test_an_agency_contributor_changes_only_their_own_agencys_initiatives(cast, client_for):
    ours = _innovation(cast.riverbank, "Oakfield Academies Trust", title="Relational practice in schools")
    theirs = _innovation(cast.riverbank, "Riverbank Borough Council")
    contributor = client_for(cast.contributor)
    assert contributor.get(f"{BASE}/").status_code == 403
    assert contributor.get(f"{BASE}/{ours.pk}/edit/").status_code == 200
    assert contributor.get(f"{BASE}/{theirs.pk}/edit/").status_code == 404
    refused = contributor.post(
        f"{BASE}/add/",
        {"title": "X", "owner_agency": make.agency("Riverbank Borough Council").pk, "problem": "P", "stage": "idea"},
    )
    assert "Select a valid choice" in refused.content.decode()
    assert Innovation.objects.count() == 2


def test_a_partner_of_another_agency_cannot_change_an_initiative(cast, client_for):
    innovation = _innovation(cast.riverbank, "Riverbank Borough Council")
    response = client_for(cast.police_dsp).post(f"{BASE}/{innovation.pk}/edit/", {"title": "Renamed"})
    assert response.status_code == 403
    innovation.refresh_from_db()
    assert innovation.stage == InnovationStage.IDEA


def test_an_initiative_of_another_partnership_is_not_found(cast, client_for):
    theirs = _innovation(cast.hillcrest, "Hillcrest Borough Council")
    assert client_for(cast.scrutineer).get(f"{BASE}/{theirs.pk}/").status_code == 404


def test_a_finding_cites_an_initiative(cast, client_for):
    innovation = _innovation(cast.riverbank, "Riverbank Borough Council")
    finding = make.finding(cast.riverbank)
    finding.innovations.set([innovation])
    page = client_for(cast.viewer).get(f"{BASE}/{innovation.pk}/").content.decode()
    assert finding.title in page


def test_a_viewer_reads_the_register_but_cannot_add(cast, client_for):
    _innovation(cast.riverbank, "Riverbank Borough Council")
    viewer = client_for(cast.viewer)
    page = viewer.get(f"{BASE}/").content.decode()
    assert "Family group conferencing expansion" in page
    assert "Add an initiative" not in page
    assert viewer.post(f"{BASE}/add/", {}).status_code == 403
