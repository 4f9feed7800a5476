from __future__ import annotations

from typing import Any

from django import forms

from scrutiny import confirmation
from scrutiny.forms_govuk import GovukModelForm
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS
from scrutiny.frameworks.models import Requirement, Theme, ThemeGroup
from scrutiny.partnerships.models import Partnership


class ServesChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        unverified = f" ({confirmation.LABEL.lower()})" if not obj.verified else ""
        return f"{obj.ref} {obj.title}{unverified}"


class LocalRequirementForm(GovukModelForm):
    serves = ServesChoiceField(
        queryset=Requirement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Scrutiny functions and steps it serves",
        help_text="So the scrutiny plan's coverage view counts it. Choose any that apply.",
    )

    class Meta:
        model = Requirement
        fields = ["title", "description", "section", "source", "evidence_hint", "serves"]
        labels = {
            "title": "Requirement",
            "description": "What it means in practice",
            "section": "Heading (optional)",
            "source": "Source",
            "evidence_hint": "Evidence it typically needs",
        }
        help_texts = {
            "title": "One line, for example: Every school returns the section 175 audit each year",
            "section": "Groups local requirements on the frameworks page, for example Education",
            "source": "The decision, document, paragraph or web address it comes from",
        }
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "evidence_hint": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "title": {"required": "Enter the requirement"},
            "source": {"required": "Enter where the requirement comes from"},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        source = self.fields["source"]
        source.required = True
        source.error_messages["required"] = "Enter where the requirement comes from"
        serves = self.fields["serves"]
        assert isinstance(serves, forms.ModelMultipleChoiceField)
        serves.queryset = (
            Requirement.objects.shipped()
            .current()
            .filter(framework__key__in=[SCRUTINY_FUNCTIONS, SIX_STEPS], parent=None)
            .order_by("framework__order", "order")
        )

    def clean_title(self) -> str:
        title: str = " ".join(self.cleaned_data["title"].split())
        if not title:
            raise forms.ValidationError("Enter the requirement")
        return title


class PriorityForm(GovukModelForm):
    class Meta:
        model = Theme
        fields = ["label", "description"]
        labels = {"label": "Priority", "description": "What the partnership means by it (optional)"}
        help_texts = {"label": "For example: Neglect, including of older children"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        self.fields["label"].error_messages["required"] = "Enter the priority"

    def clean_label(self) -> str:
        label: str = " ".join(self.cleaned_data["label"].split())
        if not label:
            raise forms.ValidationError("Enter the priority")
        same = Theme.objects.filter(partnership=self.partnership, group=ThemeGroup.PRIORITY, label__iexact=label)
        if self.instance.pk:
            same = same.exclude(pk=self.instance.pk)
        if same.exists():
            raise forms.ValidationError(f"{self.partnership.name} already has a priority called {label}")
        return label


class PriorityEditForm(PriorityForm):
    class Meta(PriorityForm.Meta):
        fields = ["label", "description", "retired"]
        labels = {**PriorityForm.Meta.labels, "retired": "Retired"}
        help_texts = {
            **PriorityForm.Meta.help_texts,
            "retired": "A retired priority stays on what was tagged with it but is not offered for new tags.",
        }
