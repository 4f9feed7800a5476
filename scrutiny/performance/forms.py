"""The performance room's forms: uploading a return, defining a local measure, opening a round of
agency returns and uploading an agency's filled-in template."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from scrutiny.accounts.models import User
from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.partnerships.models import Agency, Area, Partnership
from scrutiny.performance.catalogue import catalogue
from scrutiny.performance.measures import measure_code_rules, measure_save
from scrutiny.performance.models import Frequency, LocalMeasure, ReturnKind, ReturnUpload
from scrutiny.performance.uploads import upload_create


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
            (ReturnKind.ANNEX_A, "Ofsted Annex A (one Excel workbook): timeliness measures, local approximations"),
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
    extract_date = forms.DateField(
        label="Extract date, Annex A only",
        required=False,
        help_text="The date the lists run to, for example 31/03/2025. Leave it empty to use the latest date "
        "in the lists.",
        input_formats=["%d/%m/%Y", "%Y-%m-%d", "%d %m %Y"],
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
        if data.get("kind") != ReturnKind.ANNEX_A and data.get("extract_date"):
            self.add_error("extract_date", "An extract date is for an Annex A workbook only; leave it empty")
        return data

    def create_upload(self, *, partnership: Partnership, user: User) -> ReturnUpload:
        """The upload this valid form describes, checked and queued by :func:`upload_create`, for
        the pages and the API alike."""
        data = self.cleaned_data
        return upload_create(
            partnership=partnership,
            kind=data["kind"],
            files=data["return_files"],
            user=user,
            year=data.get("year"),
            la=data.get("la") or "",
            extract_date=data.get("extract_date"),
        )


class LocalMeasureForm(GovukModelForm):
    class Meta:
        model = LocalMeasure
        fields = [
            "code",
            "title",
            "definition",
            "unit",
            "numerator",
            "denominator",
            "polarity",
            "owner",
            "frequency",
            "source_system",
            "first_collected",
            "agreed_by",
            "active",
        ]
        widgets = {
            "unit": forms.RadioSelect,
            "polarity": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 4}),
            "numerator": forms.Textarea(attrs={"rows": 2}),
            "denominator": forms.Textarea(attrs={"rows": 2}),
            "first_collected": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")
        suggested = [item.code for item in catalogue().values() if item.kind == "local"]
        self.fields["code"].help_text = "A stable code. Suggested: " + ", ".join(suggested[:6]) + ", …"

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The same rules measure_save keeps, checked here too so that they show beside the
        # form's other errors.
        if data.get("code"):
            try:
                measure_code_rules(self.instance.partnership_id, data["code"], self.instance.pk)
            except ValidationError as problem:
                self.add_error(None, problem)
        return data

    def save_measure(self, *, by: Any) -> LocalMeasure:
        """The measure this valid form describes, saved by :func:`measure_save` (which refuses
        what breaks its rules) for the pages and the API alike."""
        measure: LocalMeasure = self.save(commit=False)
        return measure_save(measure=measure, by=by)


class ReturnRoundForm(GovukForm):
    frequency = forms.ChoiceField(label="Which measures", choices=Frequency.choices, widget=forms.RadioSelect)
    period_start = forms.DateField(label="First day of the period", widget=forms.DateInput(attrs={"type": "date"}))
    period_end = forms.DateField(label="Last day of the period", widget=forms.DateInput(attrs={"type": "date"}))
    due_on = forms.DateField(label="Deadline for agencies", widget=forms.DateInput(attrs={"type": "date"}))


class TemplateUploadForm(GovukForm):
    template = forms.FileField(label="Filled-in template (.csv or .xlsx)")
