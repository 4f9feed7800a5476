"""The form for a learning product: a briefing, event or course, who it reached and what it shared."""

from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.forms_govuk import GovukModelForm
from scrutiny.partnerships.models import Partnership
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews.forms.learning import DATE_HINT, DATE_WIDGET, partnership_agencies
from scrutiny.reviews.models import LearningPoint, LearningProduct, ProductKind


class SharedLearningField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """A learning point, named with the review it came from."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ({obj.source})"


class LearningProductForm(GovukModelForm):
    class Meta:
        model = LearningProduct
        fields = [
            "title",
            "kind",
            "delivered_on",
            "description",
            "audience",
            "agencies_reached",
            "people_reached",
            "learning_points",
        ]
        field_classes = {"learning_points": SharedLearningField}
        labels = {"kind": "What kind of product", "people_reached": "Number of people reached (optional)"}
        widgets = {
            "kind": forms.RadioSelect,
            "delivered_on": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 4}),
            "agencies_reached": forms.CheckboxSelectMultiple,
            "people_reached": forms.NumberInput(attrs={"class": "govuk-input--width-5", "min": "0"}),
            "learning_points": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "delivered_on": f"The day it was delivered or published. {DATE_HINT}",
            "description": f"What it covered. {IDENTIFYING_DETAILS_REMINDER}",
            "audience": "For example designated safeguarding leads in schools, or health visitors.",
            "agencies_reached": "The agencies whose people received it.",
            "people_reached": "For example the number who attended or were sent it.",
            "learning_points": "The findings and recommendations it shared.",
        }
        error_messages = {
            "title": {"required": "Give the product a title."},
            "kind": {"required": "Say what kind of product it is."},
            "delivered_on": {"required": "Give the date it was delivered.", "invalid": "Give a date, like 2025-08-01."},
            "people_reached": {
                "invalid": "Give the number of people as a whole number, like 45.",
                "min_value": "The number of people cannot be negative.",
            },
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        agencies = self.fields["agencies_reached"]
        shared = self.fields["learning_points"]
        assert isinstance(kind, forms.ChoiceField)
        assert isinstance(agencies, forms.ModelMultipleChoiceField)
        assert isinstance(shared, forms.ModelMultipleChoiceField)
        kind.choices = ProductKind.choices
        agencies.queryset = partnership_agencies(partnership)
        shared.queryset = LearningPoint.objects.filter(partnership=partnership).select_related(
            "partnership", "rapid_review__incident", "lcspr", "national_review"
        )
