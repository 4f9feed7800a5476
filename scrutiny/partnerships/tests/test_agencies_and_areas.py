"""A business manager manages the agencies and areas their partnership covers."""

from __future__ import annotations

import pytest

from scrutiny.partnerships.models import Agency, Area, Membership, PartnershipAgency, PartnershipArea
from scrutiny.partnerships.roles import Role

pytestmark = pytest.mark.django_db


def test_a_business_manager_adds_a_new_agency_to_their_partnership(cast, client_for):
    response = client_for(cast.manager).post(
        "/p/riverbank/agencies/add/", {"new-name": "Riverbank Hospice (demo)", "new-kind": "health", "new": "1"}
    )
    assert response.status_code == 302
    agency = Agency.objects.get(name="Riverbank Hospice (demo)")
    assert PartnershipAgency.objects.filter(partnership=cast.riverbank, agency=agency).exists()
    assert not PartnershipAgency.objects.filter(partnership=cast.hillcrest, agency=agency).exists()


def test_an_agency_serving_another_partnership_is_linked_not_copied(cast, client_for):
    shared = Agency.objects.get(name="Hillcrest Schools Partnership (demo)")
    client_for(cast.manager).post("/p/riverbank/agencies/add/", {"link-agency": shared.pk, "link": "1"})
    assert Agency.objects.filter(name=shared.name).count() == 1
    assert set(shared.partnership_links.values_list("partnership__slug", flat=True)) == {"riverbank", "hillcrest"}


def test_an_agency_with_a_missing_name_is_refused_and_what_was_typed_is_kept(cast, client_for):
    response = client_for(cast.manager).post(
        "/p/riverbank/agencies/add/",
        {"new-name": "", "new-kind": "police", "new-website": "https://x.example", "new": "1"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert 'value="https://x.example"' in body
    assert Agency.objects.count() == 9


def test_an_agency_shared_with_another_partnership_cannot_be_renamed_by_one_of_them(cast, client_for):
    police = Agency.objects.get(name="Capital Police South Area (demo)")
    response = client_for(cast.manager).post(
        f"/p/riverbank/agencies/{police.pk}/edit/", {"name": "Renamed", "kind": "police"}
    )
    assert response.status_code == 302
    police.refresh_from_db()
    assert police.name == "Capital Police South Area (demo)"


def test_an_agency_used_by_people_cannot_be_removed_until_their_roles_are(cast, client_for):
    school = Agency.objects.get(name="Oakfield Academies Trust (demo)")
    client_for(cast.manager).post(f"/p/riverbank/agencies/{school.pk}/remove/")
    assert PartnershipAgency.objects.filter(partnership=cast.riverbank, agency=school).exists()


def test_removing_an_agency_unlinks_it_and_keeps_it_for_other_partnerships(cast, client_for):
    probation = Agency.objects.get(name="South London Probation Delivery Unit (demo)")
    client_for(cast.manager).post(f"/p/riverbank/agencies/{probation.pk}/remove/")
    assert not PartnershipAgency.objects.filter(partnership=cast.riverbank, agency=probation).exists()
    assert PartnershipAgency.objects.filter(partnership=cast.hillcrest, agency=probation).exists()
    # The removal is kept in the partnership's history.
    history = client_for(cast.manager).get("/p/riverbank/history/").content.decode()
    assert "Deleted" in history
    assert "South London Probation Delivery Unit (demo)" in history


def test_a_viewer_sees_agencies_but_cannot_add_one(cast, client_for):
    viewer = client_for(cast.viewer)
    assert viewer.get("/p/riverbank/agencies/").status_code == 200
    assert "Add an agency" not in viewer.get("/p/riverbank/agencies/").content.decode()
    assert (
        viewer.post("/p/riverbank/agencies/add/", {"new-name": "X", "new-kind": "other", "new": "1"}).status_code == 403
    )
    assert not Agency.objects.filter(name="X").exists()


def test_an_area_is_added_with_its_official_codes(cast, client_for):
    response = client_for(cast.manager).post(
        "/p/riverbank/areas/add/", {"kind": "la", "name": "Greenwich", "code": "e09000011", "old_la_code": "203"}
    )
    assert response.status_code == 302
    area = Area.objects.get(code="E09000011")
    assert area.old_la_code == "203"
    assert PartnershipArea.objects.filter(partnership=cast.riverbank, area=area).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"kind": "la", "name": "Nowhere", "code": "X123", "old_la_code": ""}, "9-character ONS code"),
        ({"kind": "la", "name": "Nowhere", "code": "E09000099", "old_la_code": "12"}, "3-digit DfE code"),
        ({"kind": "police", "name": "A force", "code": "E23000099", "old_la_code": "303"}, "Only a local authority"),
        ({"kind": "police", "name": "Bexley", "code": "E09000004", "old_la_code": ""}, "already known as Bexley"),
    ],
)
def test_a_bad_area_code_says_what_is_wrong_and_stores_nothing(cast, client_for, data, message):
    before = Area.objects.count()
    response = client_for(cast.manager).post("/p/riverbank/areas/add/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Area.objects.count() == before


def test_an_area_already_known_is_reused_when_another_partnership_covers_it(cast, client_for):
    client_for(cast.manager).post("/p/riverbank/areas/add/", {"kind": "la", "name": "Bromley", "code": "E09000006"})
    assert Area.objects.filter(code="E09000006").count() == 1
    assert PartnershipArea.objects.filter(partnership=cast.riverbank, area__code="E09000006").exists()


def test_changes_to_an_agency_are_on_its_history_tab_with_who_and_what(cast, client_for):
    client = client_for(cast.manager)
    client.post("/p/riverbank/agencies/add/", {"new-name": "Local Hospice (demo)", "new-kind": "health", "new": "1"})
    hospice = Agency.objects.get(name="Local Hospice (demo)")
    client.post(f"/p/riverbank/agencies/{hospice.pk}/edit/", {"name": "Riverside Hospice (demo)", "kind": "other"})
    page = client.get(f"/p/riverbank/agencies/{hospice.pk}/").content.decode()
    assert "Local Hospice (demo) → Riverside Hospice (demo)" in page
    assert str(cast.manager) in page
    assert "Created" in page


def test_a_role_must_match_its_agency(cast):
    from django.core.exceptions import ValidationError

    school = Agency.objects.get(name="Oakfield Academies Trust (demo)")
    with pytest.raises(ValidationError, match="not a statutory partner"):
        Membership(user=cast.viewer, partnership=cast.riverbank, role=Role.LEAD_PARTNER, agency=school).full_clean()
    with pytest.raises(ValidationError, match="does not act for one agency"):
        Membership(user=cast.viewer, partnership=cast.riverbank, role=Role.VIEWER, agency=school).full_clean()


def test_a_scrutineer_who_also_chairs_is_flagged_as_an_independence_risk(cast, client_for):
    risks = cast.hillcrest.independence_risks()
    assert [m.user for m in risks] == [cast.scrutineer]
    assert cast.riverbank.independence_risks() == []
    page = client_for(cast.scrutineer).get("/p/hillcrest/").content.decode()
    assert "Independence risk" in page
    assert "Independence risk" not in client_for(cast.scrutineer).get("/p/riverbank/").content.decode()


def test_the_agency_list_costs_the_same_number_of_queries_however_many_agencies(
    cast, client_for, django_assert_max_num_queries
):
    client = client_for(cast.manager)
    client.get("/p/riverbank/agencies/")
    for n in range(20):
        agency = Agency.objects.create(name=f"Extra agency {n}", kind="other")
        PartnershipAgency.objects.create(partnership=cast.riverbank, agency=agency)
    with django_assert_max_num_queries(12):
        client.get("/p/riverbank/agencies/")


def test_the_switcher_moves_between_a_persons_partnerships_only(cast, client_for):
    client = client_for(cast.police_dsp)
    assert client.get("/switch/?to=hillcrest")["Location"] == "/p/hillcrest/"
    assert client_for(cast.manager).get("/switch/?to=hillcrest").status_code == 404
