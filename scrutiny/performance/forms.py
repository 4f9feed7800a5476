"""Uploading a return through the website."""

from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.forms_govuk import GovukForm
from scrutiny.partnerships.models import Area
from scrutiny.performance.models import ReturnKind


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """One or more files (the SSDA903 return is several CSV files)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class ReturnUploadForm(GovukForm):
    kind = forms.ChoiceField(
        label="Which return",
        choices=[
            (ReturnKind.CIN, "CIN census (one XML file)"),
            (ReturnKind.SSDA903, "SSDA903 (the CSV files of one year)"),
        ],
        widget=forms.RadioSelect,
    )
    return_files = MultipleFileField(
        label="Files",
        help_text="For the SSDA903, choose all the year's CSV files at once (header and episodes at least).",
    )
    year = forms.IntegerField(
        label="Reporting year, SSDA903 only",
        required=False,
        min_value=2012,
        max_value=2100,
        help_text="By the year it ends: 2025 for 1 April 2024 to 31 March 2025. The CIN census says its own year.",
    )
    la = forms.ChoiceField(label="Local authority", required=False)

    def __init__(self, *args: Any, areas: list[Area], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.areas = areas
        la = self.fields["la"]
        assert isinstance(la, forms.ChoiceField)
        la.choices = [(area.old_la_code or area.code, area.name) for area in areas]
        if len(areas) <= 1:
            del self.fields["la"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == ReturnKind.SSDA903 and not data.get("year"):
            self.add_error("year", "Enter the reporting year the SSDA903 files are for, for example 2025")
        return data
