"""The Python API other rooms use: current requirements, a requirement by its code, themes."""

from __future__ import annotations

import pytest

from scrutiny.frameworks.catalogue import (
    SCRUTINY_FUNCTIONS,
    SIX_STEPS,
    UnknownRequirement,
    current_requirements,
    requirement_by_code,
    themes_for,
)
from scrutiny.frameworks.models import Framework, Requirement, Theme

pytestmark = pytest.mark.django_db


def test_current_requirements_are_the_shipped_ones_and_the_partnerships_own(demo):
    codes = [r.code for r in current_requirements(demo.riverbank)]
    assert codes[0] == "statutory-duties:SD-01"
    assert "founding-duties:D11" in codes
    assert codes[-2:] == ["local:LR-01", "local:LR-02"]
    hillcrest = {r.title for r in current_requirements(demo.hillcrest).filter(framework__key="local")}
    assert hillcrest == {"Early help assessments are started within 10 working days of a request"}


def test_current_requirements_can_be_limited_to_some_frameworks(demo):
    top = current_requirements(demo.riverbank, keys=[SCRUTINY_FUNCTIONS, SIX_STEPS]).filter(parent=None)
    assert [r.ref for r in top] == [f"F{n}" for n in range(1, 8)] + [f"STEP-{n}" for n in range(1, 7)]


def test_current_requirements_leave_out_older_versions(demo):
    old = Framework.objects.get(key=SIX_STEPS)
    old.is_current = False
    old.save()
    assert not current_requirements(demo.riverbank, keys=[SIX_STEPS]).exists()
    assert Requirement.objects.available_to(demo.riverbank, include_older=True).filter(framework=old).count() == 6


def test_a_requirement_is_found_by_its_code():
    f3 = requirement_by_code("wt2023-scrutiny-functions:F3")
    assert (f3.framework.key, f3.ref, f3.code) == (SCRUTINY_FUNCTIONS, "F3", "wt2023-scrutiny-functions:F3")


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("F3", "not a requirement code"),
        ("wt2023-scrutiny-functions:F9", "names no requirement"),
        ("nothing:F1", "names no requirement"),
        ("local:LR-01", "say which partnership"),
    ],
)
def test_an_unknown_code_says_what_was_asked_for(code, message):
    with pytest.raises(UnknownRequirement, match=message):
        requirement_by_code(code)


def test_a_local_requirement_is_found_by_its_code_only_in_its_partnership(demo):
    assert requirement_by_code("local:LR-02", demo.riverbank).title.startswith("Every school returns")
    with pytest.raises(UnknownRequirement):
        requirement_by_code("local:LR-02", demo.hillcrest)


def test_themes_for_a_partnership_are_the_taxonomy_and_its_priorities_without_retired_ones(demo):
    exploitation = Theme.objects.get(partnership=demo.riverbank, label="Child exploitation")
    exploitation.retired = True
    exploitation.save()
    offered = set(themes_for(demo.riverbank).values_list("label", flat=True))
    assert "Criminal exploitation" in offered
    assert "Neglect, including of older children" in offered
    assert "Child exploitation" not in offered
    assert "Early help through schools" not in offered  # Hillcrest's
    assert "Child exploitation" in set(themes_for(demo.riverbank, include_retired=True).values_list("label", flat=True))


def test_another_partnerships_local_requirements_are_not_available(demo):
    theirs = Requirement.objects.get(framework__partnership=demo.hillcrest)
    assert not Requirement.objects.available_to(demo.riverbank, include_older=True).filter(pk=theirs.pk).exists()
    assert not Framework.objects.available_to(demo.riverbank).filter(pk=theirs.framework_id).exists()
