from __future__ import annotations

from django import forms

from scrutiny.clocks.catalogue import all_rules
from scrutiny.forms_govuk import GovukForm


def _rule_choices() -> list[tuple[str, str]]:
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
