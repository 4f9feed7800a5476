"""The evidence forms. Pages and the API validate through these same forms, then call the same
services (scrutiny.evidence.services).

Tag choices are limited to what the partnership may use: the current shipped frameworks and its
own local requirements, the shipped theme taxonomy and its own priorities. A requirement or
priority of another partnership is simply not a valid choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q

from scrutiny.evidence.files import ALLOWED_TYPES_TEXT, CheckedUpload, check_upload, max_upload_bytes
from scrutiny.evidence.models import EvidenceItem, EvidenceKind, EvidenceQuerySet, agency_slice
from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.frameworks.models import Requirement, Theme
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import scoped

DATE_HINT = "For example 2025-06-30"


def requirements_available(partnership: Partnership) -> Any:
    """Requirements the partnership may tag with: current shipped frameworks and its own."""
    return (
        Requirement.objects.available_to(partnership)
        .select_related("framework")
        .order_by("framework__order", "framework__key", "order", "ref")
    )


def themes_available(partnership: Partnership) -> Any:
    """Themes the partnership may tag with: the shipped taxonomy and its own priorities."""
    return Theme.objects.available_to(partnership).offered()


def _requirement_label(requirement: Requirement) -> str:
    return f"{requirement.framework.title}: {requirement.ref} {requirement.title}"


def _short_requirement_label(requirement: Requirement) -> str:
    return f"{requirement.ref} {requirement.title}"


@dataclass(frozen=True)
class TagGroup:
    """The checkboxes of one framework (or one theme group), shown together."""

    title: str
    options: list[Any]
    open: bool


def _describe_upload(form: forms.BaseForm) -> None:
    """The file field's hint names the types and the size limit from settings (read per request)."""
    field = form.fields["file"]
    field.help_text = f"{ALLOWED_TYPES_TEXT}, up to {max_upload_bytes() // (1024 * 1024)} MB."
    field.widget.attrs["aria-describedby"] = f"{form['file'].auto_id}-hint"


class EvidenceDetailsForm(GovukModelForm):
    """What describes any piece of evidence: title, description, agency, date and tags."""

    class Meta:
        model = EvidenceItem
        fields = ["title", "description", "agency", "dated", "requirements", "themes"]
        labels = {
            "dated": "Date of the evidence",
            "requirements": "Requirements, scrutiny functions and Six Steps it relates to",
            "themes": "Themes and partnership priorities",
        }
        help_texts = {
            "title": "For example Partnership board minutes, June 2025",
            "agency": "The agency it comes from or is about, if one",
            "dated": f"The date of the document or meeting. {DATE_HINT}",
        }
        error_messages = {
            "title": {"required": "Enter a title for the evidence"},
            "url": {"required": "Enter the address of the link, starting http:// or https://"},
        }
        widgets = {
            "dated": forms.DateInput(format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seat = seat
        partnership = seat.partnership
        saved = self.instance.pk is not None
        requirements = self.fields["requirements"]
        assert isinstance(requirements, forms.ModelMultipleChoiceField)
        tagged_requirements = self.instance.requirements.values("pk") if saved else Requirement.objects.none()
        requirements.queryset = (
            Requirement.objects.filter(
                Q(pk__in=Requirement.objects.available_to(partnership).values("pk")) | Q(pk__in=tagged_requirements)
            )
            .select_related("framework")
            .order_by("framework__order", "framework__key", "order", "ref")
        )
        requirements.label_from_instance = _short_requirement_label  # type: ignore[method-assign,assignment]
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        tagged_themes = self.instance.themes.values("pk") if saved else Theme.objects.none()
        themes.queryset = Theme.objects.filter(
            Q(pk__in=themes_available(partnership).values("pk")) | Q(pk__in=tagged_themes)
        ).order_by("group", "order", "label")
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = scoped(Agency, partnership).order_by("name")
        agency.empty_label = "Not about one agency"
        # An agency contributor's evidence is their agency's: the choice is limited to it, and
        # where they act for one agency only, made for them.
        self.forced_agency: Agency | None = None
        own_agencies = agency_slice(seat)
        if own_agencies is not None:
            agency.queryset = agency.queryset.filter(pk__in=own_agencies)
            agency.required = True
            agency.empty_label = None
            if len(own_agencies) == 1:
                del self.fields["agency"]
                if not saved:
                    self.forced_agency = Agency.objects.get(pk=next(iter(own_agencies)))
                    self.instance.agency = self.forced_agency

    def _groups(self, name: str) -> list[TagGroup]:
        grouped: dict[str, list[Any]] = {}
        for option in self[name]:
            instance = option.data["value"].instance
            title = instance.framework.title if name == "requirements" else instance.get_group_display()
            grouped.setdefault(title, []).append(option)
        return [
            TagGroup(title=title, options=options, open=any(o.data["selected"] for o in options))
            for title, options in grouped.items()
        ]

    @property
    def requirement_groups(self) -> list[TagGroup]:
        return self._groups("requirements")

    @property
    def theme_groups(self) -> list[TagGroup]:
        return self._groups("themes")

    def details(self) -> dict[str, Any]:
        """The cleaned description of the evidence, as the services take it."""
        data = self.cleaned_data
        return {
            "description": data.get("description", ""),
            "agency": data["agency"] if "agency" in self.fields else self.instance.agency,
            "dated": data.get("dated"),
            "requirements": list(data.get("requirements") or []),
            "themes": list(data.get("themes") or []),
        }


class EvidenceFileForm(EvidenceDetailsForm):
    file = forms.FileField(label="File", error_messages={"required": "Choose the file to upload"})
    field_order = ["file", "title"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("instance", EvidenceItem(kind=EvidenceKind.FILE))
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.seat.partnership
        _describe_upload(self)
        self.checked: CheckedUpload | None = None

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        self.checked = check_upload(upload)
        return upload


class EvidenceLinkForm(EvidenceDetailsForm):
    class Meta(EvidenceDetailsForm.Meta):
        fields = ["title", "url", "description", "agency", "dated", "requirements", "themes"]
        labels = {**EvidenceDetailsForm.Meta.labels, "url": "Address (link)"}
        help_texts = {
            **EvidenceDetailsForm.Meta.help_texts,
            "url": "Starting http:// or https://, for example a page of the partnership's website",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("instance", EvidenceItem(kind=EvidenceKind.LINK))
        super().__init__(*args, **kwargs)
        self.instance.partnership = self.seat.partnership

    def clean_url(self) -> str:
        url: str = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError("Enter a web address starting http:// or https://.")
        return url


def edit_form_class(item: EvidenceItem) -> type[EvidenceDetailsForm]:
    """A link's address can be corrected; otherwise every kind edits the same details."""
    return EvidenceLinkForm if item.kind == EvidenceKind.LINK else EvidenceDetailsForm


class NewVersionForm(GovukForm):
    file = forms.FileField(label="File", error_messages={"required": "Choose the file to upload"})
    note = forms.CharField(
        label="What changed (optional)",
        max_length=300,
        required=False,
        help_text="For example Approved at the board on 12 December",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _describe_upload(self)
        self.checked: CheckedUpload | None = None

    def clean_file(self) -> UploadedFile[Any]:
        upload: UploadedFile[Any] = self.cleaned_data["file"]
        self.checked = check_upload(upload)
        return upload


class SupersedeForm(GovukForm):
    reason = forms.CharField(
        label="Why is this evidence superseded?",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example Replaced by the threshold document agreed in 2025",
        error_messages={"required": "Say why this evidence is superseded"},
    )
    superseded_by = forms.ModelChoiceField(
        queryset=EvidenceItem.objects.none(),
        required=False,
        label="Evidence that replaces it (optional)",
        empty_label="None",
    )

    def __init__(self, *args: Any, item: EvidenceItem, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        replacement = self.fields["superseded_by"]
        assert isinstance(replacement, forms.ModelChoiceField)
        replacement.queryset = EvidenceItem.objects.visible_to(seat).current().exclude(pk=item.pk).order_by("title")


class EvidenceFilterForm(GovukForm):
    """The list's filters (GET). Unknown values are ignored rather than shown as errors."""

    q = forms.CharField(label="Title contains", required=False, max_length=200)
    kind = forms.ChoiceField(label="Kind", required=False, choices=[("", "Any kind"), *EvidenceKind.choices])
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.none(), required=False, empty_label="Any agency"
    )
    requirement = forms.ModelChoiceField(
        label="Requirement, function or step",
        queryset=Requirement.objects.none(),
        required=False,
        empty_label="Any requirement",
    )
    theme = forms.ModelChoiceField(
        label="Theme", queryset=Theme.objects.none(), required=False, empty_label="Any theme"
    )
    superseded = forms.BooleanField(label="Include superseded evidence", required=False)

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership = seat.partnership
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = scoped(Agency, partnership).order_by("name")
        requirement = self.fields["requirement"]
        assert isinstance(requirement, forms.ModelChoiceField)
        requirement.queryset = requirements_available(partnership)
        requirement.label_from_instance = _requirement_label  # type: ignore[method-assign,assignment]
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = Theme.objects.available_to(partnership)

    def filter(self, items: EvidenceQuerySet) -> EvidenceQuerySet:
        self.is_valid()  # fields with a bad value are left out of cleaned_data (and say why)
        data = self.cleaned_data
        return items.matching(
            q=data.get("q") or "",
            kind=data.get("kind") or "",
            agency=data.get("agency"),
            requirement=data.get("requirement"),
            theme=data.get("theme"),
            include_superseded=bool(data.get("superseded")),
        )
