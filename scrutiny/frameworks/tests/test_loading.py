"""The shipped frameworks load from YAML, once, and a shipped version never changes in place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from scrutiny.frameworks.catalogue import requirement_by_code
from scrutiny.frameworks.loading import DATA_DIR, FrameworkDataError, load_shipped, read_directory
from scrutiny.frameworks.models import Framework, Requirement, ShippedFile, Theme

pytestmark = pytest.mark.django_db

SHIPPED = {"statutory-duties", "wt2023-scrutiny-functions", "six-steps", "founding-duties"}


def find(requirements: list[dict[str, Any]], ref: str) -> dict[str, Any]:
    """The requirement with ``ref`` among a parsed file's (nested) requirements."""
    for requirement in requirements:
        if requirement["ref"] == ref:
            return requirement
        try:
            return find(requirement.get("children", []), ref)
        except KeyError:
            pass
    raise KeyError(ref)


def _snapshot() -> dict[str, Any]:
    return {
        "requirements": dict(Requirement.objects.values_list("pk", "ref")),
        "frameworks": sorted(Framework.objects.values_list("pk", "key", "version", "is_current")),
        "themes": dict(Theme.objects.values_list("pk", "code")),
        "history": Requirement.history.count(),
    }


def test_migrate_has_loaded_every_shipped_file():
    assert set(Framework.objects.shipped().current().values_list("key", flat=True)) == SHIPPED
    assert set(ShippedFile.objects.values_list("key", flat=True)) == SHIPPED | {"themes"}
    assert Theme.objects.shipped().filter(group="jtai").count() >= 6


def test_every_shipped_file_reads_without_error():
    frameworks, taxonomy = read_directory(DATA_DIR)
    assert {spec.key for spec in frameworks} == SHIPPED
    assert taxonomy is not None
    assert taxonomy.key == "themes"


def test_loading_again_changes_nothing_and_keeps_every_id(django_assert_max_num_queries):
    before = _snapshot()
    with django_assert_max_num_queries(4):
        report = load_shipped()
    assert report.loaded == []
    assert len(report.unchanged) == 5
    assert _snapshot() == before


def test_a_change_of_comments_or_layout_is_not_a_change_of_content(data_copy):
    path = data_copy / "six-steps.yaml"
    path.write_text("# A new comment at the top\n\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert load_shipped(data_copy).loaded == []


def test_a_changed_file_without_a_new_version_fails_and_stores_nothing(rewrite, data_copy):
    def retitle(content: dict[str, Any]) -> None:
        find(content["requirements"], "STEP-5")["title"] = "Learning from reviews"

    rewrite("six-steps.yaml", retitle)
    before = _snapshot()
    with pytest.raises(FrameworkDataError, match=r"six-steps\.yaml.*'six-steps'.*new version number"):
        load_shipped(data_copy)
    assert _snapshot() == before
    assert requirement_by_code("six-steps:STEP-5").title == "Step 5: wording not yet confirmed"


def test_a_new_version_becomes_current_and_the_old_one_stays(rewrite, data_copy):
    old_step5 = requirement_by_code("six-steps:STEP-5")

    def confirm_step5(content: dict[str, Any]) -> None:
        content["version"] = "3"
        step = find(content["requirements"], "STEP-5")
        step["title"] = "Learning from serious incidents and reviews, with training"
        step["verified"] = True

    rewrite("six-steps.yaml", confirm_step5)
    report = load_shipped(data_copy)

    assert report.loaded == ["six-steps 3"]
    versions = dict(Framework.objects.shipped().filter(key="six-steps").values_list("version", "is_current"))
    assert versions == {"2": False, "3": True}
    new_step5 = requirement_by_code("six-steps:STEP-5")
    assert new_step5.pk != old_step5.pk
    assert new_step5.verified
    assert new_step5.framework.version == "3"
    # The old version keeps its requirements, unchanged, for what was judged against them.
    old_step5.refresh_from_db()
    assert old_step5.title == "Step 5: wording not yet confirmed"
    assert old_step5.framework.requirements.count() == 6
    # A founding duty loaded earlier still serves the step by the same code.
    d10 = requirement_by_code("founding-duties:D10")
    assert "six-steps:STEP-5" in {r.code for r in d10.serves.all()}
    # Loading the new directory again changes nothing.
    assert load_shipped(data_copy).loaded == []


def test_a_new_version_of_a_serving_framework_links_to_the_current_targets(rewrite, data_copy):
    def bump_steps(content: dict[str, Any]) -> None:
        content["version"] = "3"
        content["description"] += " Second version."

    def bump_founding(content: dict[str, Any]) -> None:
        content["version"] = "2"
        content["description"] += " Second version."

    rewrite("six-steps.yaml", bump_steps)
    rewrite("founding-duties.yaml", bump_founding)
    load_shipped(data_copy)
    d10 = requirement_by_code("founding-duties:D10")
    assert d10.framework.version == "2"
    assert {r.framework.version for r in d10.serves.filter(framework__key="six-steps")} == {"3"}


def test_a_new_version_of_the_taxonomy_retires_themes_it_drops_and_adds_new_ones(rewrite, data_copy):
    dropped = Theme.objects.get(code="online-harm", partnership=None)

    def change(content: dict[str, Any]) -> None:
        content["version"] = "3"
        content["themes"] = [t for t in content["themes"] if t["code"] != "online-harm"]
        content["themes"].append({"code": "online-safety", "label": "Online safety", "group": "practice"})

    rewrite("themes.yaml", change)
    load_shipped(data_copy)
    dropped.refresh_from_db()
    assert dropped.retired
    assert Theme.objects.get(code="online-safety").retired is False


@pytest.mark.parametrize(
    ("name", "ref", "field", "value", "message"),
    [
        ("statutory-duties.yaml", "SD-03", "title", None, r"requirement 'SD-03': field 'title': missing"),
        ("statutory-duties.yaml", "SD-05.9", "verified", "perhaps", r"requirement 'SD-05.9': field 'verified'"),
        ("six-steps.yaml", "STEP-2", "source", "", r"requirement 'STEP-2': field 'source': must not be empty"),
        ("six-steps.yaml", "STEP-2", "colour", "red", r"requirement 'STEP-2': field 'colour': unknown"),
        ("founding-duties.yaml", "D4", "serves", ["six-steps:STEP-9"], r"requirement 'D4': field 'serves'"),
        ("founding-duties.yaml", "D4", "serves", ["F2"], r"requirement 'D4': field 'serves'"),
        ("founding-duties.yaml", "D5", "ref", "D4", r"requirement 'D4': field 'ref': used twice"),
        ("wt2023-scrutiny-functions.yaml", "F1", "ref", "f 1", r"requirement 1: field 'ref': 'f 1' is not a"),
    ],
)
def test_a_bad_requirement_is_refused_naming_the_file_requirement_and_field(
    rewrite, data_copy, name, ref, field, value, message
):
    def spoil(content: dict[str, Any]) -> None:
        requirement = find(content["requirements"], ref)
        if value is None:
            del requirement[field]
        else:
            requirement[field] = value

    rewrite(name, spoil)
    before = _snapshot()
    with pytest.raises(FrameworkDataError, match=rf"{name}: {message}"):
        load_shipped(data_copy)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("name", "field", "value", "message"),
    [
        ("six-steps.yaml", "version", 2, r"field 'version': 2 must be text in quotes"),
        ("six-steps.yaml", "key", "local", r"field 'key': 'local' is kept for"),
        ("six-steps.yaml", "source", "the York papers", r"field 'source': 'the York papers' is not a web address"),
        ("six-steps.yaml", "requirements", [], r"field 'requirements': must be a list of at least one"),
        ("wt2023-scrutiny-functions.yaml", "key", "six-steps", r"field 'key': 'six-steps' is also the key of"),
    ],
)
def test_a_bad_framework_field_is_refused_naming_the_file_and_field(rewrite, data_copy, name, field, value, message):
    def spoil(content: dict[str, Any]) -> None:
        content[field] = value

    rewrite(name, spoil)
    with pytest.raises(FrameworkDataError, match=rf"{name}: {message}"):
        load_shipped(data_copy)


def test_a_theme_in_an_unknown_group_is_refused_naming_the_theme(rewrite, data_copy):
    def spoil(content: dict[str, Any]) -> None:
        next(t for t in content["themes"] if t["code"] == "neglect")["group"] = "priority"

    rewrite("themes.yaml", spoil)
    with pytest.raises(FrameworkDataError, match=r"themes\.yaml: theme 'neglect': field 'group': 'priority' is not"):
        load_shipped(data_copy)


def test_a_file_that_is_not_yaml_is_refused_naming_the_file(data_copy):
    (data_copy / "six-steps.yaml").write_text("key: [unclosed\n", encoding="utf-8")
    with pytest.raises(FrameworkDataError, match=r"six-steps\.yaml: is not valid YAML"):
        load_shipped(data_copy)


def test_a_new_framework_file_is_loaded_beside_the_others(data_copy):
    (data_copy / "local-pilot.yaml").write_text(
        'key: pilot\nversion: "1"\ntitle: Pilot\ndescription: A test framework\nsource: https://example.org/pilot\n'
        "requirements:\n  - ref: PI-01\n    title: A duty\n    source: Example\n    verified: false\n"
        "    serves: [wt2023-scrutiny-functions:F1]\n",
        encoding="utf-8",
    )
    assert load_shipped(data_copy).loaded == ["pilot 1"]
    duty = requirement_by_code("pilot:PI-01")
    assert [r.code for r in duty.serves.all()] == ["wt2023-scrutiny-functions:F1"]
    assert not duty.verified


def test_the_command_loads_idempotently_and_checks_without_storing(capsys, data_copy):
    call_command("load_frameworks")
    assert "Already loaded, unchanged: six-steps 2" in capsys.readouterr().out
    call_command("load_frameworks", "--check")
    out = capsys.readouterr().out
    assert "six-steps.yaml: six-steps 2, 6 requirements, 3 unverified" in out
    assert "All files are valid." in out


def test_the_command_reports_a_bad_file_as_an_error(data_copy):
    (data_copy / "six-steps.yaml").write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"six-steps\.yaml: must be a mapping"):
        call_command("load_frameworks", "--directory", str(data_copy))


def test_an_empty_directory_is_an_error(tmp_path: Path):
    with pytest.raises(FrameworkDataError, match="no framework files"):
        load_shipped(tmp_path)


def test_loading_after_migrate_is_skipped_when_the_tables_are_older_than_the_models():
    from django.apps import apps

    from scrutiny.frameworks.apps import _schema_matches_models

    config = apps.get_app_config("frameworks")
    assert _schema_matches_models(config, apps)

    class Empty:
        def get_model(self, app_label: str, model_name: str) -> Any:
            raise LookupError(model_name)

    assert not _schema_matches_models(config, Empty())
