"""The statutory clock catalogue (statutory.md §5.4 and §6) and its deployment overrides."""

from datetime import date
from pathlib import Path

import pytest
import yaml
from django.core.exceptions import ImproperlyConfigured
from pytest_django.fixtures import Settings

from scrutiny.clocks.catalogue import (
    SHIPPED_CATALOGUE,
    Direction,
    Unit,
    UnknownClock,
    all_rules,
    get_rule,
    load_catalogue,
)
from scrutiny.clocks.checks import check_clock_catalogue

# id: (length, unit, direction), as statutory.md §5.4 (C1-C7, C9, C10) and §6 give them.
REQUIRED = {
    "serious-incident-notification": (5, Unit.WORKING_DAYS, Direction.AFTER),
    "partners-informed-of-notification": (5, Unit.WORKING_DAYS, Direction.AFTER),
    "looked-after-child-death-notification": (5, Unit.WORKING_DAYS, Direction.AFTER),
    "care-leaver-death-notification": (5, Unit.WORKING_DAYS, Direction.AFTER),
    "rapid-review": (15, Unit.WORKING_DAYS, Direction.AFTER),
    "lcspr-publication": (6, Unit.MONTHS, Direction.AFTER),
    "lcspr-report-to-panel": (7, Unit.WORKING_DAYS, Direction.BEFORE),
    "yearly-report-interval": (12, Unit.MONTHS, Direction.AFTER),
    "yearly-report-copies": (7, Unit.CALENDAR_DAYS, Direction.AFTER),
    # C11: 30 September after the year ends, as 6 months from 31 March.
    "yearly-report-after-year-end": (6, Unit.MONTHS, Direction.AFTER),
    "referral-decision": (1, Unit.WORKING_DAYS, Direction.AFTER),
    "assessment": (45, Unit.WORKING_DAYS, Direction.AFTER),
    "icpc": (15, Unit.WORKING_DAYS, Direction.AFTER),
    "core-group": (10, Unit.WORKING_DAYS, Direction.AFTER),
    "review-conference-first": (3, Unit.MONTHS, Direction.AFTER),
    "review-conference-next": (6, Unit.MONTHS, Direction.AFTER),
    # C8, and the reviews room's two local defaults (statutory.md §5.2 and §9.1).
    "lcspr-kept-available": (12, Unit.MONTHS, Direction.AFTER),
    # Devon's timetable: agency summaries on working days 2 to 10 after the notification.
    "rapid-review-agency-contribution": (10, Unit.WORKING_DAYS, Direction.AFTER),
    "review-recommendation-impact-check": (12, Unit.MONTHS, Direction.AFTER),
}
# Marked "(to verify)" in statutory.md §5.4.
TO_VERIFY = {
    "looked-after-child-death-notification",
    "care-leaver-death-notification",
    "lcspr-report-to-panel",
    "yearly-report-copies",
    "yearly-report-after-year-end",
    # Local good practice rather than statute.
    "rapid-review-agency-contribution",
    "review-recommendation-impact-check",
}


def _write(path: Path, data: object) -> str:
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return str(path)


# --- the shipped catalogue -----------------------------------------------------------------


def test_the_catalogue_has_every_required_clock_with_its_length_unit_and_direction() -> None:
    rules = {rule.id: (rule.length, rule.unit, rule.direction) for rule in all_rules()}
    assert {rule_id: rules.get(rule_id) for rule_id in REQUIRED} == REQUIRED


def test_every_rule_cites_a_web_source_and_says_what_starts_it() -> None:
    for rule in all_rules():
        assert rule.source.startswith(("https://", "http://")), rule.id
        assert rule.source_note, rule.id
        assert rule.starts, rule.id


def test_exactly_the_to_verify_clocks_are_marked_unverified() -> None:
    assert {rule.id for rule in all_rules() if not rule.verified} == TO_VERIFY


def test_rules_come_in_the_order_of_the_yaml_file() -> None:
    in_file = [entry["id"] for entry in yaml.safe_load(SHIPPED_CATALOGUE.read_text())["rules"]]
    assert [rule.id for rule in all_rules()] == in_file
    assert in_file[0] == "serious-incident-notification"


def test_a_rapid_review_is_due_15_working_days_after_the_notification_is_sent_to_the_panel() -> None:
    rule = get_rule("rapid-review")
    assert rule.due(date(2025, 12, 15)) == date(2026, 1, 8)
    assert rule.starts == "the serious incident notification is sent to the Panel"


def test_an_agency_contribution_defaults_to_10_working_days_from_the_same_notification() -> None:
    rule = get_rule("rapid-review-agency-contribution")
    assert rule.starts == get_rule("rapid-review").starts
    assert rule.due(date(2025, 6, 5)) == date(2025, 6, 19)
    assert not rule.verified  # a local default, set per review


def test_the_icpc_counts_from_the_strategy_discussion_at_which_the_section_47_enquiry_was_initiated() -> None:
    rule = get_rule("icpc")
    assert rule.starts == "the strategy discussion at which the section 47 enquiry was initiated"
    assert "last" not in rule.starts


def test_the_lcspr_report_to_the_panel_is_a_reverse_clock_due_by_30_april_for_12_may() -> None:
    assert get_rule("lcspr-report-to-panel").due(date(2026, 5, 12)) == date(2026, 4, 30)


def test_an_lcspr_is_due_six_calendar_months_after_the_decision() -> None:
    assert get_rule("lcspr-publication").due(date(2025, 8, 31)) == date(2026, 2, 28)


def test_yearly_report_copies_are_due_seven_calendar_days_after_publication() -> None:
    assert get_rule("yearly-report-copies").due(date(2025, 12, 19)) == date(2025, 12, 26)
    assert get_rule("yearly-report-after-year-end").due(date(2026, 3, 31)) == date(2026, 9, 30)


def test_the_first_review_conference_is_due_three_months_after_an_icpc_on_31_march() -> None:
    assert get_rule("review-conference-first").due(date(2026, 3, 31)) == date(2026, 6, 30)


def test_an_unknown_clock_is_a_lookup_error_listing_the_known_clocks() -> None:
    with pytest.raises(UnknownClock) as raised:
        get_rule("rapid-reveiw")
    assert isinstance(raised.value, LookupError)
    assert str(raised.value).startswith("'rapid-reveiw' is not a known clock; the known clocks are: ")
    assert "rapid-review" in str(raised.value)


# --- checking a catalogue file -------------------------------------------------------------


def _shipped_entries() -> list[dict[str, object]]:
    entries: list[dict[str, object]] = yaml.safe_load(SHIPPED_CATALOGUE.read_text())["rules"]
    return entries


def test_a_catalogue_rule_missing_a_field_is_refused_naming_file_rule_and_field(tmp_path: Path) -> None:
    entries = _shipped_entries()
    del entries[1]["source"]
    path = Path(_write(tmp_path / "clocks.yaml", {"rules": entries}))
    with pytest.raises(ImproperlyConfigured, match=r"clocks\.yaml, rule 'partners-informed-of-notification': missing"):
        load_catalogue(path)


def test_a_catalogue_rule_with_a_bad_direction_is_refused(tmp_path: Path) -> None:
    entries = _shipped_entries()
    entries[0]["direction"] = "since"
    path = Path(_write(tmp_path / "clocks.yaml", {"rules": entries}))
    with pytest.raises(ImproperlyConfigured, match=r"field 'direction': must be one of after, before, not 'since'"):
        load_catalogue(path)


def test_a_catalogue_with_a_repeated_id_is_refused(tmp_path: Path) -> None:
    entries = _shipped_entries()
    entries.append(dict(entries[0]))
    path = Path(_write(tmp_path / "clocks.yaml", {"rules": entries}))
    with pytest.raises(ImproperlyConfigured, match=r"rule 'serious-incident-notification': the id is used twice"):
        load_catalogue(path)


def test_a_catalogue_rule_with_a_true_length_is_refused(tmp_path: Path) -> None:
    entries = _shipped_entries()
    entries[0]["length"] = True
    path = Path(_write(tmp_path / "clocks.yaml", {"rules": entries}))
    with pytest.raises(ImproperlyConfigured, match=r"field 'length': must be a whole number of 1 or more, not True"):
        load_catalogue(path)


# --- deployment overrides ------------------------------------------------------------------


def test_with_no_override_setting_the_shipped_catalogue_is_used(settings: Settings) -> None:
    settings.SCRUTINY_CLOCK_OVERRIDES = ""
    assert get_rule("rapid-review").length == 15


def test_an_override_file_changes_a_rules_length(settings: Settings, tmp_path: Path) -> None:
    settings.SCRUTINY_CLOCK_OVERRIDES = _write(tmp_path / "o.yaml", {"rules": [{"id": "rapid-review", "length": 20}]})
    rule = get_rule("rapid-review")
    assert rule.length == 20
    assert rule.due(date(2025, 12, 15)) == date(2026, 1, 15)


def test_an_override_can_confirm_a_clock_with_a_new_source_and_change_its_unit(
    settings: Settings, tmp_path: Path
) -> None:
    override = {
        "id": "yearly-report-copies",
        "unit": "working_days",
        "verified": True,
        "source": "https://example.org/confirmed",
        "source_note": "Checked against the primary text.",
    }
    settings.SCRUTINY_CLOCK_OVERRIDES = _write(tmp_path / "o.yaml", {"rules": [override]})
    rule = get_rule("yearly-report-copies")
    assert (rule.unit, rule.verified, rule.source) == (Unit.WORKING_DAYS, True, "https://example.org/confirmed")
    assert rule.due(date(2025, 12, 19)) == date(2026, 1, 2)


def test_an_override_leaves_other_fields_and_other_rules_alone(settings: Settings, tmp_path: Path) -> None:
    settings.SCRUTINY_CLOCK_OVERRIDES = _write(tmp_path / "o.yaml", {"rules": [{"id": "rapid-review", "length": 20}]})
    rules = all_rules()
    rapid = get_rule("rapid-review")
    assert (rapid.unit, rapid.direction, rapid.verified) == (Unit.WORKING_DAYS, Direction.AFTER, True)
    assert get_rule("icpc").length == 15
    assert len(rules) == len(REQUIRED)


def test_an_override_of_an_unknown_clock_fails_naming_the_file_and_rule(settings: Settings, tmp_path: Path) -> None:
    path = _write(tmp_path / "o.yaml", {"rules": [{"id": "rapid-reveiw", "length": 20}]})
    settings.SCRUTINY_CLOCK_OVERRIDES = path
    with pytest.raises(ImproperlyConfigured) as raised:
        all_rules()
    assert str(raised.value).startswith(f"{path}, rule 'rapid-reveiw': there is no such clock to override")


def test_an_override_with_a_bad_unit_fails_naming_the_file_rule_and_field(settings: Settings, tmp_path: Path) -> None:
    path = _write(tmp_path / "o.yaml", {"rules": [{"id": "assessment", "unit": "weeks"}]})
    settings.SCRUTINY_CLOCK_OVERRIDES = path
    with pytest.raises(ImproperlyConfigured) as raised:
        get_rule("assessment")
    assert str(raised.value) == (
        f"{path}, rule 'assessment', field 'unit': must be one of working_days, calendar_days, months, not 'weeks'"
    )


def test_an_override_cannot_change_a_clocks_direction(settings: Settings, tmp_path: Path) -> None:
    path = _write(tmp_path / "o.yaml", {"rules": [{"id": "assessment", "direction": "before"}]})
    settings.SCRUTINY_CLOCK_OVERRIDES = path
    with pytest.raises(ImproperlyConfigured, match=r"rule 'assessment': unknown or unchangeable field\(s\) direction"):
        all_rules()


def test_a_missing_override_file_fails_naming_it(settings: Settings, tmp_path: Path) -> None:
    settings.SCRUTINY_CLOCK_OVERRIDES = str(tmp_path / "missing.yaml")
    with pytest.raises(ImproperlyConfigured, match=r"cannot read the clock file .*missing\.yaml"):
        all_rules()


def test_an_override_file_that_is_not_yaml_fails_naming_it(settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "o.yaml"
    path.write_text("rules: [", encoding="utf-8")
    settings.SCRUTINY_CLOCK_OVERRIDES = str(path)
    with pytest.raises(ImproperlyConfigured, match=r"o\.yaml is not valid YAML"):
        all_rules()


def test_the_system_check_reports_a_bad_override_file(settings: Settings, tmp_path: Path) -> None:
    settings.SCRUTINY_CLOCK_OVERRIDES = _write(tmp_path / "o.yaml", {"rules": [{"id": "icpc", "length": 0}]})
    errors = check_clock_catalogue()
    assert [error.id for error in errors] == ["clocks.E001"]
    assert "rule 'icpc', field 'length'" in errors[0].msg


def test_the_system_check_passes_the_shipped_catalogue(settings: Settings) -> None:
    settings.SCRUTINY_CLOCK_OVERRIDES = ""
    assert check_clock_catalogue() == []
