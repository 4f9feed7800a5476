"""A partnership's own length for a clock not yet confirmed: what may be set, how it layers over
the shipped catalogue and the service's overrides, and the deadlines it moves (only its own)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.template import Context, Template
from pytest_django.fixtures import Settings

from scrutiny import confirmation
from scrutiny.clocks.catalogue import get_rule, rule_for, rules_for
from scrutiny.clocks.models import ClockSetting
from scrutiny.clocks.services import clock_setting_clear, clock_setting_save
from scrutiny.partnerships.models import Partnership

pytestmark = pytest.mark.django_db

#: Not yet confirmed (clocks.yaml: verified: false): agencies' contributions, 10 working days.
CONTRIBUTION = "rapid-review-agency-contribution"


def _set(partnership: Partnership, person, rule_id: str = CONTRIBUTION, length: int = 8, unit: str = "") -> None:
    clock_setting_save(
        partnership=partnership,
        rule_id=rule_id,
        length=length,
        unit=unit,
        reason="Agreed at the executive on 3 March.",
        person=person,
    )


def _override(settings: Settings, tmp_path: Path, text: str) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text(text, encoding="utf-8")
    settings.SCRUTINY_CLOCK_OVERRIDES = str(path)


# --- What may be set --------------------------------------------------------------------------


def test_a_confirmed_clock_cannot_be_set_by_a_partnership(cast):
    with pytest.raises(ValidationError) as refused:
        _set(cast.riverbank, cast.manager, rule_id="rapid-review")
    assert "confirmed against the guidance" in refused.value.message_dict["rule_id"][0]
    assert not ClockSetting.objects.exists()


def test_an_unknown_clock_is_refused_naming_the_field(cast):
    with pytest.raises(ValidationError) as refused:
        _set(cast.riverbank, cast.manager, rule_id="rapid-reveiw")
    assert "not a known clock" in refused.value.message_dict["rule_id"][0]


@pytest.mark.parametrize(
    ("length", "unit", "allowed"),
    [
        (0, "working_days", False),
        (1, "working_days", True),
        (365, "calendar_days", True),
        (366, "working_days", False),
        (24, "months", True),
        (25, "months", False),
    ],
)
def test_a_length_is_a_year_of_days_or_two_years_of_months_at_most(cast, length, unit, allowed):
    setting = ClockSetting(
        partnership=cast.riverbank, rule_id=CONTRIBUTION, length=length, unit=unit, reason="Agreed locally."
    )
    if allowed:
        setting.full_clean()
    else:
        with pytest.raises(ValidationError) as refused:
            setting.full_clean()
        assert "length" in refused.value.message_dict


def test_a_length_needs_a_reason_and_a_known_unit(cast):
    setting = ClockSetting(partnership=cast.riverbank, rule_id=CONTRIBUTION, length=8, unit="fortnights", reason=" ")
    with pytest.raises(ValidationError) as refused:
        setting.full_clean()
    assert set(refused.value.message_dict) >= {"reason", "unit"}


def test_the_unit_defaults_to_the_clocks_own(cast):
    _set(cast.riverbank, cast.manager)
    assert ClockSetting.objects.get().unit == "working_days"


# --- Layering ---------------------------------------------------------------------------------


def test_the_partnerships_length_wins_over_the_service_and_the_shipped_one(cast, settings, tmp_path):
    assert rule_for(cast.riverbank, CONTRIBUTION).length == 10  # shipped
    _override(settings, tmp_path, f"rules:\n  - id: {CONTRIBUTION}\n    length: 12\n")
    assert rule_for(cast.riverbank, CONTRIBUTION).length == 12  # the service's
    _set(cast.riverbank, cast.manager)
    rule = rule_for(Partnership.objects.get(slug="riverbank"), CONTRIBUTION)
    assert (rule.length, rule.set_by_partnership, rule.verified) == (8, True, False)
    assert rule.title == get_rule(CONTRIBUTION).title


def test_another_partnership_keeps_the_service_value(cast, settings, tmp_path):
    _override(settings, tmp_path, f"rules:\n  - id: {CONTRIBUTION}\n    length: 12\n")
    _set(cast.riverbank, cast.manager)
    assert rule_for(cast.hillcrest, CONTRIBUTION).length == 12
    assert not rule_for(cast.hillcrest, CONTRIBUTION).set_by_partnership
    assert get_rule(CONTRIBUTION).length == 12  # the service's catalogue is unchanged


def test_once_the_service_confirms_a_clock_the_partnerships_length_no_longer_applies(cast, settings, tmp_path):
    _set(cast.riverbank, cast.manager)
    _override(settings, tmp_path, f"rules:\n  - id: {CONTRIBUTION}\n    verified: true\n")
    rule = rule_for(Partnership.objects.get(slug="riverbank"), CONTRIBUTION)
    assert (rule.length, rule.set_by_partnership) == (10, False)


def test_every_rule_for_a_partnership_is_in_catalogue_order_with_its_own_lengths(cast):
    _set(cast.riverbank, cast.manager, rule_id="review-recommendation-impact-check", length=6, unit="months")
    rules = rules_for(cast.riverbank)
    assert [rule.id for rule in rules] == [rule.id for rule in rules_for(None)]
    assert [rule.id for rule in rules if rule.set_by_partnership] == ["review-recommendation-impact-check"]


def test_a_change_applies_at_once_to_the_partnership_object_it_was_made_on(cast):
    partnership = cast.riverbank
    assert rule_for(partnership, CONTRIBUTION).length == 10
    _set(partnership, cast.manager)
    assert rule_for(partnership, CONTRIBUTION).length == 8
    clock_setting_clear(partnership=partnership, rule_id=CONTRIBUTION, person=cast.manager, reason="Back to Devon's.")
    assert rule_for(partnership, CONTRIBUTION).length == 10


def test_removing_a_length_never_set_is_refused(cast):
    with pytest.raises(ValidationError, match="nothing to remove"):
        clock_setting_clear(partnership=cast.riverbank, rule_id=CONTRIBUTION, person=cast.manager)


def test_each_change_is_kept_with_who_made_it_and_why(cast):
    _set(cast.riverbank, cast.manager)
    _set(cast.riverbank, cast.manager, length=9)
    clock_setting_clear(partnership=cast.riverbank, rule_id=CONTRIBUTION, person=cast.manager, reason="Back to 10.")
    history = list(ClockSetting.history.order_by("history_date", "history_id"))
    assert [row.history_type for row in history] == ["+", "~", "-"]
    assert [row.length for row in history] == [8, 9, 9]
    assert {row.history_user for row in history} == {cast.manager}
    assert history[-1].history_change_reason == "Back to 10."


# --- Text outputs and the component -----------------------------------------------------------


def test_the_command_uses_a_partnerships_lengths_when_asked(cast):
    _set(cast.riverbank, cast.manager)
    out = StringIO()
    call_command("clock", "due", CONTRIBUTION, "2025-06-05", partnership="riverbank", stdout=out)
    lines = out.getvalue().splitlines()
    assert "8 working days after 2025-06-05" in lines[0]
    assert lines[-1] == "2025-06-17"
    out = StringIO()
    call_command("clock", "list", partnership="riverbank", stdout=out)
    line = next(line for line in out.getvalue().splitlines() if line.startswith(CONTRIBUTION + " "))
    assert "set by the partnership" in line
    out = StringIO()
    call_command("clock", "due", CONTRIBUTION, "2025-06-05", stdout=out)
    assert out.getvalue().splitlines()[-1] == "2025-06-19"


def test_the_command_names_the_partnerships_when_the_slug_is_wrong(cast):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="'riverbnak' is not a partnership here; the partnerships are: hillcrest"):
        call_command("clock", "list", partnership="riverbnak", stdout=StringIO())


def test_the_component_links_the_words_to_the_page_where_the_partnership_sets_it():
    full = Template('{% load confirmation %}{% not_confirmed "partnership" link="/p/x/clocks/" %}').render(Context())
    short = Template('{% load confirmation %}{% not_confirmed "partnership" short=True link="/p/x/clocks/" %}').render(
        Context()
    )
    assert '<a class="govuk-link" href="/p/x/clocks/">your partnership can set it</a>' in full
    assert "Not yet confirmed against the guidance; " in full
    assert confirmation.sentence("partnership") in short
    assert 'href="/p/x/clocks/">Set it<span class="govuk-visually-hidden"> for your partnership</span>' in short
    unlinked = Template('{% load confirmation %}{% not_confirmed "partnership" link="" %}').render(Context())
    assert "href" not in unlinked
