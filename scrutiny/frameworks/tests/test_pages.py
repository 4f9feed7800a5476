"""The frameworks pages: what every member reads, and what the scrutineer and business manager
manage (local requirements and priorities). Shipped requirements are never editable here."""

from __future__ import annotations

import pytest

from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.frameworks.models import Framework, Requirement, Theme, ThemeGroup

pytestmark = pytest.mark.django_db

LIST = "/p/riverbank/frameworks/"


def _local(partnership, ref="LR-01") -> Requirement:
    return Requirement.objects.get(framework__partnership=partnership, ref=ref)


def _priority(partnership, label) -> Theme:
    return Theme.objects.get(partnership=partnership, label=label)


@pytest.mark.parametrize(
    "role",
    ["business_manager", "scrutineer", "delegated_partner", "lead_partner", "chair", "agency_contributor", "viewer"],
)
def test_every_member_reads_the_frameworks_pages(demo, client_for, role):
    client = client_for(demo.by_role()[role])
    page = client.get(LIST).content.decode()
    assert "Statutory duties of the safeguarding partners" in page
    assert "Neglect, including of older children" in page  # a Riverbank priority
    assert "Early help assessments are started" not in page  # Hillcrest's local requirement
    statutory = Framework.objects.get(key="statutory-duties", is_current=True)
    assert client.get(f"/p/riverbank/frameworks/{statutory.pk}/").status_code == 200
    f3 = requirement_by_code("wt2023-scrutiny-functions:F3")
    assert client.get(f"/p/riverbank/frameworks/requirements/{f3.pk}/").status_code == 200


def test_someone_outside_the_partnership_gets_not_found(demo, client_for):
    assert client_for(demo.outsider).get(LIST).status_code == 404


def test_the_list_flags_unverified_items_and_shows_the_taxonomy_and_priorities(demo, client_for):
    page = client_for(demo.viewer).get(LIST).content.decode()
    assert "3 not yet confirmed" in page  # six steps: step 4 (in part), 5 and 6
    assert "JTAI deep-dive theme" in page
    assert "Criminal exploitation" in page
    assert "Response when concerns are first identified" in page
    assert "Every school returns the section 175/157 safeguarding audit each year" in page
    assert "Add a priority" not in page  # a viewer does not manage


def test_the_list_shows_manage_buttons_to_the_scrutineer(demo, client_for):
    page = client_for(demo.scrutineer).get(LIST).content.decode()
    assert "Add a local requirement" in page
    assert "Add a priority" in page


def test_the_list_costs_the_same_however_many_priorities_and_local_requirements(
    demo, client_for, django_assert_max_num_queries
):
    client = client_for(demo.manager)
    client.get(LIST)
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200
    for n in range(5):
        client.post("/p/riverbank/frameworks/priorities/add/", {"label": f"Priority {n}"})
        client.post("/p/riverbank/frameworks/requirements/add/", {"title": f"Local {n}", "source": "Minutes"})
    with django_assert_max_num_queries(12):
        assert client.get(LIST).status_code == 200


def test_a_framework_page_shows_refs_sources_evidence_hints_and_unverified_flags(demo, client_for):
    framework = Framework.objects.get(key="statutory-duties", is_current=True)
    page = client_for(demo.viewer).get(f"/p/riverbank/frameworks/{framework.pk}/").content.decode()
    assert "SD-01.5" in page
    assert "https://www.legislation.gov.uk/ukpga/2004/31/section/16C" in page
    assert "Notification log with the date of awareness" in page
    assert "Not yet confirmed</strong>" in page


def test_a_framework_page_costs_the_same_however_many_requirements(demo, client_for, django_assert_max_num_queries):
    big = Framework.objects.get(key="statutory-duties", is_current=True)
    small = Framework.objects.get(key="six-steps", is_current=True)
    client = client_for(demo.viewer)
    with django_assert_max_num_queries(14):
        client.get(f"/p/riverbank/frameworks/{small.pk}/")
    with django_assert_max_num_queries(14):
        client.get(f"/p/riverbank/frameworks/{big.pk}/")


def test_the_founding_duties_page_shows_what_each_duty_serves(demo, client_for):
    framework = Framework.objects.get(key="founding-duties", is_current=True)
    page = client_for(demo.viewer).get(f"/p/riverbank/frameworks/{framework.pk}/").content.decode()
    assert "Serves:" in page
    assert "wt2023-scrutiny-functions:F6" in page
    assert "six-steps:STEP-6" in page


def test_a_function_page_shows_the_duties_and_local_requirements_that_serve_it(demo, client_for):
    f2 = requirement_by_code("wt2023-scrutiny-functions:F2")
    page = client_for(demo.viewer).get(f"/p/riverbank/frameworks/requirements/{f2.pk}/").content.decode()
    assert "founding-duties:P1" in page
    assert "local:LR-01" in page  # Riverbank's neglect tool requirement serves F2
    # Hillcrest's local requirement also serves F2, but is Hillcrest's own.
    assert "Early help assessments" not in page


def test_older_versions_are_listed_and_open(demo, client_for, rewrite, data_copy):
    from scrutiny.frameworks.loading import load_shipped

    def bump(content):
        content["version"] = "3"
        content["description"] += " Revised."

    rewrite("six-steps.yaml", bump)
    load_shipped(data_copy)
    old = Framework.objects.get(key="six-steps", version="2")
    new = Framework.objects.get(key="six-steps", version="3")
    client = client_for(demo.viewer)
    page = client.get(f"/p/riverbank/frameworks/{new.pk}/").content.decode()
    assert "Other versions" in page
    assert f"/p/riverbank/frameworks/{old.pk}/" in page
    older = client.get(f"/p/riverbank/frameworks/{old.pk}/").content.decode()
    assert "This is an older version" in older
    # The list shows current versions only.
    listed = client.get(LIST).content.decode()
    assert f"/p/riverbank/frameworks/{new.pk}/" in listed
    assert f"/p/riverbank/frameworks/{old.pk}/" not in listed


def test_a_requirement_page_has_a_history_tab(demo, client_for):
    f1 = requirement_by_code("wt2023-scrutiny-functions:F1")
    page = client_for(demo.viewer).get(f"/p/riverbank/frameworks/requirements/{f1.pk}/").content.decode()
    assert 'id="history"' in page
    assert "Created" in page
    assert "Shipped with Scrutiny" in page


# --- another partnership's records -------------------------------------------------------------


def test_another_partnerships_local_requirement_is_not_found(demo, client_for):
    theirs = _local(demo.hillcrest)
    client = client_for(demo.manager)
    assert client.get(f"/p/riverbank/frameworks/requirements/{theirs.pk}/").status_code == 404
    assert client.get(f"/p/riverbank/frameworks/requirements/{theirs.pk}/edit/").status_code == 404
    response = client.post(f"/p/riverbank/frameworks/requirements/{theirs.pk}/edit/", {"title": "Mine", "source": "x"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.title.startswith("Early help assessments")
    assert client.get(f"/p/riverbank/frameworks/{theirs.framework_id}/").status_code == 404


def test_another_partnerships_priority_is_not_found(demo, client_for):
    theirs = _priority(demo.hillcrest, "Early help through schools")
    client = client_for(demo.manager)
    assert client.get(f"/p/riverbank/frameworks/priorities/{theirs.pk}/edit/").status_code == 404
    client.post(f"/p/riverbank/frameworks/priorities/{theirs.pk}/edit/", {"label": "Mine", "retired": "on"})
    theirs.refresh_from_db()
    assert (theirs.label, theirs.retired) == ("Early help through schools", False)


# --- local requirements ------------------------------------------------------------------------


def test_the_first_local_requirement_creates_the_partnerships_local_framework(cast, client_for):
    assert not Framework.objects.filter(partnership=cast.riverbank).exists()
    f4 = requirement_by_code("wt2023-scrutiny-functions:F4")
    response = client_for(cast.manager).post(
        "/p/riverbank/frameworks/requirements/add/",
        {"title": "Young people sit on the partnership", "source": "Partnership decision, March", "serves": [f4.pk]},
    )
    requirement = Requirement.objects.get(framework__partnership=cast.riverbank)
    assert response.status_code == 302
    assert response["Location"] == f"/p/riverbank/frameworks/requirements/{requirement.pk}/"
    assert (requirement.ref, requirement.framework.key, requirement.framework.version) == ("LR-01", "local", "local")
    assert [r.code for r in requirement.serves.all()] == ["wt2023-scrutiny-functions:F4"]
    assert requirement.code == "local:LR-01"


def test_local_requirements_get_the_next_reference(demo, client_for):
    client_for(demo.scrutineer).post(
        "/p/riverbank/frameworks/requirements/add/", {"title": "A third requirement", "source": "Minutes"}
    )
    assert _local(demo.riverbank, "LR-03").title == "A third requirement"
    assert Framework.objects.filter(partnership=demo.riverbank).count() == 1


def test_a_local_requirement_without_a_title_says_what_is_missing_and_keeps_what_was_typed(demo, client_for):
    before = Requirement.objects.count()
    response = client_for(demo.manager).post(
        "/p/riverbank/frameworks/requirements/add/", {"title": "  ", "source": "Board minutes, 12 March"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the requirement" in page
    assert 'value="Board minutes, 12 March"' in page
    assert Requirement.objects.count() == before


def test_a_local_requirement_is_changed_and_the_change_is_on_its_history_tab(demo, client_for):
    mine = _local(demo.riverbank)
    client = client_for(demo.manager)
    f1 = requirement_by_code("wt2023-scrutiny-functions:F1")
    response = client.post(
        f"/p/riverbank/frameworks/requirements/{mine.pk}/edit/",
        {"title": "Every agency uses the neglect tool", "source": mine.source, "serves": [f1.pk]},
    )
    assert response.status_code == 302
    page = client.get(f"/p/riverbank/frameworks/requirements/{mine.pk}/").content.decode()
    assert "→ Every agency uses the neglect tool" in page
    assert str(demo.manager) in page
    # Changes to what it serves read as codes (the form replaces the links: removed, then added).
    assert "six-steps:STEP-2, wt2023-scrutiny-functions:F2 → —" in page
    assert "— → wt2023-scrutiny-functions:F1" in page
    assert "to_requirement" not in page
    # And the partnership's History lists it.
    log = client.get("/p/riverbank/history/").content.decode()
    assert "Local requirement: LR-01" in log


def test_a_shipped_requirement_cannot_be_changed(demo, client_for):
    f3 = requirement_by_code("wt2023-scrutiny-functions:F3")
    client = client_for(demo.manager)
    response = client.get(f"/p/riverbank/frameworks/requirements/{f3.pk}/edit/")
    assert response.status_code == 403
    assert "shipped with Scrutiny and cannot be changed here" in response.content.decode()
    response = client.post(f"/p/riverbank/frameworks/requirements/{f3.pk}/edit/", {"title": "Mine", "source": "x"})
    assert response.status_code == 403
    f3.refresh_from_db()
    assert f3.title == "Statutory duties, quality assurance and learning from reviews"
    page = client.get(f"/p/riverbank/frameworks/requirements/{f3.pk}/").content.decode()
    assert "Change this requirement" not in page


@pytest.mark.parametrize("role", ["agency_contributor", "viewer", "chair", "lead_partner", "delegated_partner"])
def test_only_the_scrutineer_and_business_manager_manage_local_requirements(demo, client_for, role):
    client = client_for(demo.by_role()[role])
    mine = _local(demo.riverbank)
    before = Requirement.objects.count()
    assert client.get("/p/riverbank/frameworks/requirements/add/").status_code == 403
    assert client.post("/p/riverbank/frameworks/requirements/add/", {"title": "X", "source": "Y"}).status_code == 403
    assert (
        client.post(f"/p/riverbank/frameworks/requirements/{mine.pk}/edit/", {"title": "X", "source": "Y"}).status_code
        == 403
    )
    assert Requirement.objects.count() == before
    mine.refresh_from_db()
    assert mine.title != "X"


# --- priorities --------------------------------------------------------------------------------


def test_a_priority_is_added_for_the_partnership_only(cast, client_for):
    response = client_for(cast.scrutineer).post(
        "/p/riverbank/frameworks/priorities/add/", {"label": "Neglect", "description": "All ages"}
    )
    assert response.status_code == 302
    theme = _priority(cast.riverbank, "Neglect")
    assert theme.group == ThemeGroup.PRIORITY
    assert theme.code == "priority-neglect"
    assert not Theme.objects.filter(partnership=cast.hillcrest, label="Neglect").exists()
    # The shipped "neglect" theme is a different theme.
    assert Theme.objects.get(code="neglect", partnership=None).group == ThemeGroup.PRACTICE


def test_a_priority_the_partnership_already_has_is_refused(demo, client_for):
    response = client_for(demo.manager).post("/p/riverbank/frameworks/priorities/add/", {"label": "child EXPLOITATION"})
    assert response.status_code == 200
    assert "already has a priority called child EXPLOITATION" in response.content.decode()
    assert Theme.objects.filter(partnership=demo.riverbank, label__iexact="child exploitation").count() == 1


def test_a_priority_without_a_label_is_refused(demo, client_for):
    before = Theme.objects.count()
    response = client_for(demo.manager).post(
        "/p/riverbank/frameworks/priorities/add/", {"label": "", "description": "Something typed"}
    )
    page = response.content.decode()
    assert "Enter the priority" in page
    assert "Something typed" in page
    assert Theme.objects.count() == before


def test_a_priority_is_retired_not_deleted_and_the_change_is_kept(demo, client_for):
    voice = _priority(demo.riverbank, "Voice of children and families")
    client = client_for(demo.manager)
    response = client.post(
        f"/p/riverbank/frameworks/priorities/{voice.pk}/edit/",
        {"label": voice.label, "description": voice.description, "retired": "on"},
    )
    assert response.status_code == 302
    voice.refresh_from_db()
    assert voice.retired
    page = client.get(LIST).content.decode()
    assert "Retired" in page
    history = client.get(f"/p/riverbank/frameworks/priorities/{voice.pk}/edit/").content.decode()
    assert "False → True" in history
    assert (
        "Partnership priority: Voice of children and families (retired)"
        in client.get("/p/riverbank/history/").content.decode()
    )


def test_a_shipped_theme_cannot_be_changed_as_a_priority(demo, client_for):
    neglect = Theme.objects.get(code="neglect", partnership=None)
    response = client_for(demo.manager).post(
        f"/p/riverbank/frameworks/priorities/{neglect.pk}/edit/", {"label": "Mine", "retired": "on"}
    )
    assert response.status_code == 403
    assert "shipped with Scrutiny" in response.content.decode()
    neglect.refresh_from_db()
    assert (neglect.label, neglect.retired) == ("Neglect", False)


@pytest.mark.parametrize("role", ["agency_contributor", "viewer"])
def test_a_viewer_or_contributor_cannot_manage_priorities(demo, client_for, role):
    client = client_for(demo.by_role()[role])
    voice = _priority(demo.riverbank, "Voice of children and families")
    assert client.get("/p/riverbank/frameworks/priorities/add/").status_code == 403
    assert client.post("/p/riverbank/frameworks/priorities/add/", {"label": "Mine"}).status_code == 403
    response = client.post(f"/p/riverbank/frameworks/priorities/{voice.pk}/edit/", {"label": "X", "retired": "on"})
    assert response.status_code == 403
    voice.refresh_from_db()
    assert not voice.retired
    assert not Theme.objects.filter(label="Mine").exists()
