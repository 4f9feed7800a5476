"""The form for a national or thematic review by the Panel, as the partnership considers it."""

from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.reviews.forms.incidents import ModelErrorsOnTheForm, iso_date_field, remind_on_every_text_box
from scrutiny.reviews.models import NationalReview


class NationalReviewForm(ModelErrorsOnTheForm):
    published_on = iso_date_field("Published by the Panel on")
    considered_on = iso_date_field(
        "Considered by the partnership on", required=False, help_text="Leave empty until the partners have met on it."
    )

    class Meta:
        model = NationalReview
        fields = ["title", "published_on", "url", "summary", "considered_on", "response"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4}), "response": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "title": "As the Panel published it, for example “Child protection in England”",
            "response": "What the partnership will do about it overall. Each recommendation that applies locally is "
            "recorded on its own, with its response, from the review's page.",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remind_on_every_text_box(self)
