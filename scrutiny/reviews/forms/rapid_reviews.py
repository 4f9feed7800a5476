"""Forms for a rapid review's four parts, asking agencies, signing off, sending to the Panel and
recording its response, and for an agency's own contribution."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.db import models

from scrutiny.forms_govuk import GovukForm
from scrutiny.partnerships.models import Agency
from scrutiny.reviews.forms.incidents import (
    ModelErrorsOnTheForm,
    iso_date_field,
    partnership_agencies,
    remind_on_every_text_box,
    restrict,
)
from scrutiny.reviews.models import (
    REGULATION_11_CRITERIA,
    AgencyContribution,
    LcsprDecision,
    PanelResponse,
    RapidReview,
)


def _yes_no(value: str) -> bool:
    return value == "yes"


class RapidReviewForm(ModelErrorsOnTheForm):
    """The four things a rapid review must do (statutory.md §5.2), with the regulation 11 criteria
    as one set of checkboxes."""

    immediate_action_needed = forms.TypedChoiceField(
        label="Is immediate action needed to keep children safe?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=_yes_no,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Leave unanswered until the partners have decided.",
    )
    criteria = forms.MultipleChoiceField(
        label="Regulation 11 criteria the case meets",
        choices=REGULATION_11_CRITERIA,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Meeting a criterion does not make a review automatic; either way the decision and its reasons are "
        "recorded.",
    )
    decided_on = iso_date_field("Date of the decision", required=False)

    class Meta:
        model = RapidReview
        fields = [
            "facts",
            "immediate_action_needed",
            "immediate_actions",
            "improvements",
            "lcspr_decision",
            "criteria",
            "decision_rationale",
            "decided_on",
        ]
        widgets = {
            "facts": forms.Textarea(attrs={"rows": 6}),
            "immediate_actions": forms.Textarea(attrs={"rows": 4}),
            "improvements": forms.Textarea(attrs={"rows": 4}),
            "lcspr_decision": forms.RadioSelect,
            "decision_rationale": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "facts": "The facts, as far as they can readily be found",
            "immediate_actions": "Immediate action taken and learning shared",
            "improvements": "Potential improvements identified",
            "lcspr_decision": "Decision on a local child safeguarding practice review",
            "decision_rationale": "Rationale for the decision",
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["lcspr_decision"].choices = LcsprDecision.choices  # type: ignore[attr-defined]
        self.fields[
            "decision_rationale"
        ].help_text = "Required once the decision is made: regulation 11 requires the reasons, whichever way it goes."
        if self.instance.immediate_action_needed is not None:
            self.initial["immediate_action_needed"] = "yes" if self.instance.immediate_action_needed else "no"
        self.initial["criteria"] = [field for field, _ in REGULATION_11_CRITERIA if getattr(self.instance, field)]
        remind_on_every_text_box(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The criteria are four fields of the model; set them before the model checks itself.
        chosen = set(data.get("criteria") or [])
        for field, _ in REGULATION_11_CRITERIA:
            setattr(self.instance, field, field in chosen)
        return data


class ContributionRequestForm(GovukForm):
    agencies = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Agencies to ask",
        error_messages={"required": "Choose at least one agency to ask for a contribution."},
    )
    due_on = iso_date_field("Contribution due", help_text="The internal deadline for these agencies.")

    def __init__(self, *args: Any, rapid_review: RapidReview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked = rapid_review.contributions.values_list("agency_id", flat=True)
        restrict(self, "agencies", partnership_agencies(rapid_review.partnership).exclude(pk__in=asked))


class SignOffForm(GovukForm):
    """Sign for one partner body. The person chooses among the bodies they speak for; any other
    body posted is refused by the sign-off rule with its reason, not by a bare "invalid choice"."""

    partner_body = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Signing off for",
        error_messages={"required": "Choose the partner body you are signing off for."},
    )
    comment = forms.CharField(label="Comment (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, rapid_review: RapidReview, bodies: Sequence[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["partner_body"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(partnership_links__partnership=rapid_review.partnership_id)
        if len(bodies) == 1:
            # Only one body to sign for: nothing to choose. (A class, so a refusal can be styled.)
            field.widget = forms.HiddenInput(attrs={"class": ""})
            self.initial["partner_body"] = bodies[0].pk
        else:
            field.choices = [(body.pk, body.name) for body in bodies]
        remind_on_every_text_box(self)


class SendForm(GovukForm):
    sent_on = iso_date_field("Date sent to the Panel")
    late_reason = forms.CharField(
        label="Reason the rapid review was late",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, due_text: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["late_reason"].help_text = f"Needed only where it was sent after {due_text}."
        remind_on_every_text_box(self)


class PanelResponseForm(GovukForm):
    panel_response = forms.ChoiceField(
        label="What the Panel said",
        choices=[(value, label) for value, label in PanelResponse.choices if value],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the Panel said."},
    )
    panel_response_on = iso_date_field("Date of the Panel's response")
    panel_response_note = forms.CharField(
        label="Note of the response", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remind_on_every_text_box(self)


def _model_label(name: str) -> str:
    field = AgencyContribution._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(field.verbose_name).capitalize()


class ContributionForm(GovukForm):
    """An agency's summary for the rapid review, saved as a draft or submitted."""

    involvement = forms.CharField(
        label=_model_label("involvement"), required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    analysis = forms.CharField(label=_model_label("analysis"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    actions_taken = forms.CharField(
        label=_model_label("actions_taken"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["involvement"].help_text = "Required to submit."
        self.fields["analysis"].help_text = "Required to submit."
        remind_on_every_text_box(self)
