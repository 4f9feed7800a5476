"""The yearly report's forms. Each keeps what the person typed when it is refused."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.partnerships.models import Agency, reporting_year_label
from scrutiny.reports.models import ReportSource, ScrutinyPlacement, YearlyReport
from scrutiny.reports.workflow import FIRST_YEAR

DATE = forms.DateInput(attrs={"type": "date"})


class StartForm(GovukForm):
    year = forms.TypedChoiceField(label="Reporting year", coerce=int, help_text="1 April to 31 March")

    def __init__(self, *args: Any, latest: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, reporting_year_label(y)) for y in range(latest, FIRST_YEAR - 1, -1)]  # type: ignore[attr-defined]


class SectionForm(GovukForm):
    text = forms.CharField(
        label="What the section says",
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="Plain words. Leave a blank line between paragraphs. Do not name or describe any child.",
    )


class SourceForm(GovukModelForm):
    """A source added by hand: a record the rooms do not hold, such as a re-audit or an evaluation."""

    class Meta:
        model = ReportSource
        fields = ["label", "value", "text", "url", "is_outcome"]
        labels = {"label": "What it is", "value": "Figure (optional)", "text": "What it shows (optional)"}
        help_texts = {
            "label": "For example: Re-audit of neglect cases, February 2026",
            "value": "As it may be published: write c for any count of 1 to 5 children",
            "url": "The record in Scrutiny (an address starting /p/) or a public web page (https://…)",
            "is_outcome": "It shows what changed for children and families, not only what was done",
        }
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, slug: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slug = slug

    def clean_url(self) -> str:
        url = str(self.cleaned_data.get("url", "")).strip()
        if url and not (url.startswith(f"/p/{self.slug}/") or url.startswith("https://")):
            raise ValidationError(
                f"Use an address in this partnership (starting /p/{self.slug}/) or a public page starting https://."
            )
        return url


class DetailsForm(GovukModelForm):
    class Meta:
        model = YearlyReport
        fields = ["plain_summary", "scrutiny_placement"]
        widgets = {
            "plain_summary": forms.Textarea(attrs={"rows": 8}),
            "scrutiny_placement": forms.RadioSelect(choices=ScrutinyPlacement.choices),
        }


class SignForm(GovukForm):
    body = forms.ModelChoiceField(label="Signing off for", queryset=Agency.objects.none(), empty_label=None)
    confirm = forms.BooleanField(
        label="I have read this version of the report and its completeness check, and sign it off",
        error_messages={"required": "Confirm that you have read the report and sign it off"},
    )

    def __init__(self, *args: Any, bodies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = Agency.objects.filter(pk__in=[b.pk for b in bodies])  # type: ignore[attr-defined]


class PublishForm(GovukForm):
    published_on = forms.DateField(label="Publication date", widget=DATE)


class CopiesForm(GovukForm):
    panel_copy_sent_on = forms.DateField(label="Copy sent to the Panel on", required=False, widget=DATE)
    foundations_copy_sent_on = forms.DateField(label="Copy sent to Foundations on", required=False, widget=DATE)


class CorrectionForm(GovukForm):
    reason = forms.CharField(
        label="What is being corrected, and why",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Published with the new version, so readers know what changed",
        error_messages={"required": "Say what is being corrected and why"},
    )
