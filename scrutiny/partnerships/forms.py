from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.partnerships.models import Agency, Area, AreaKind, Partnership


class AgencyForm(GovukModelForm):
    class Meta:
        model = Agency
        fields = ["name", "kind", "area", "is_designated_education", "website"]
        labels = {"kind": "Kind of agency", "area": "Area (statutory partners)"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ModelChoiceField)
        area_field.queryset = Area.objects.filter(partnership_links__partnership=partnership)
        area_field.empty_label = "Not tied to one area"


class LinkAgencyForm(GovukForm):
    agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Agency already known to Scrutiny",
        help_text="Agencies that serve several partnerships are shared: link the existing record rather than "
        "creating a copy.",
        empty_label="Choose an agency",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency_field = self.fields["agency"]
        assert isinstance(agency_field, forms.ModelChoiceField)
        agency_field.queryset = Agency.objects.exclude(partnership_links__partnership=partnership)


class AreaForm(GovukForm):
    kind = forms.ChoiceField(choices=AreaKind.choices, label="Kind of area", widget=forms.RadioSelect)
    name = forms.CharField(max_length=200, label="Name", help_text="For example London Borough of Bexley")
    code = forms.CharField(
        max_length=9,
        label="ONS code",
        help_text="9 characters. For a local authority this is DfE's new_la_code, for example E09000004.",
    )
    old_la_code = forms.CharField(
        max_length=3,
        required=False,
        label="DfE 3-digit code (local authorities only)",
        help_text="For example 303. Used to find published benchmarks.",
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"].strip().upper()
        Area._meta.get_field("code").run_validators(code)
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        old = (data.get("old_la_code") or "").strip()
        if old:
            Area._meta.get_field("old_la_code").run_validators(old)
            if data.get("kind") != AreaKind.LOCAL_AUTHORITY:
                self.add_error("old_la_code", "Only a local authority has a 3-digit DfE code.")
        data["old_la_code"] = old
        existing = Area.objects.filter(code=data.get("code")).first()
        if existing and (existing.kind != data.get("kind")):
            self.add_error(
                "code", f"{existing.code} is already known as {existing.name}, a {existing.get_kind_display()}."
            )
        return data
