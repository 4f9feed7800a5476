from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.clocks.catalogue import all_rules
from scrutiny.clocks.models import LONGEST, ClockUnit, length_problem
from scrutiny.forms_govuk import GovukForm


def _rule_choices() -> list[tuple[str, str]]:
    # The service's rules: the working-day clock page speaks for no one partnership.
    return [(rule.id, f"{rule.title} ({rule.length_text})") for rule in all_rules()]


class DueDateForm(GovukForm):
    rule = forms.ChoiceField(label="Statutory clock", choices=_rule_choices)
    start = forms.DateField(
        label="Start date",
        help_text="For a reverse clock, the planned date. For example 2026-01-15.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class WorkingDaysForm(GovukForm):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    days = forms.IntegerField(
        label="Working days to add", min_value=0, max_value=2000, help_text="The start date itself is not counted."
    )


class ClockSettingForm(GovukForm):
    """The partnership's own length for one clock not yet confirmed. The bounds by unit are the
    model's (``ClockSetting.clean``), reported on the length field."""

    length = forms.IntegerField(
        label="Length",
        min_value=1,
        max_value=365,
        error_messages={
            "required": "Give the length as a whole number, for example 8.",
            "invalid": "Give the length as a whole number, for example 8.",
            "min_value": "Give a length of 1 or more.",
            "max_value": "Give a length of at most 365 days, or 24 months.",
        },
        # GOV.UK asks for a text box for whole numbers: a number box changes the value as people scroll.
        widget=forms.TextInput(attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}),
    )
    unit = forms.ChoiceField(
        label="Counted in",
        choices=ClockUnit.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the length is counted in."},
    )
    reason = forms.CharField(
        label="Why your partnership set this length",
        help_text="For example where it was agreed, or the local procedure it follows. Everyone in the partnership "
        "can read it.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why your partnership set this length, for example where it was agreed."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        length, unit = data.get("length"), data.get("unit")
        # Checked here as well as by the model, so the person sees every problem at once.
        if length is not None and unit in LONGEST and (problem := length_problem(length, unit)):
            self.add_error("length", problem)
        return data


class ClockSettingClearForm(GovukForm):
    reason = forms.CharField(
        label="Why (optional)",
        required=False,
        max_length=100,
        help_text="Kept in the history, 100 characters at most.",
    )
