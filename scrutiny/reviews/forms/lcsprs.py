"""Forms for a local child safeguarding practice review: commissioning it, its reviewer and terms
of reference, its report dates, its publication, and the milestones at which the partners monitor
its timeliness and quality (regulation 14)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from scrutiny.clocks.catalogue import rule_for
from scrutiny.partnerships.models import Partnership
from scrutiny.partnerships.scoping import scoped
from scrutiny.reviews.forms.incidents import ModelErrorsOnTheForm, iso_date_field, remind_on_every_text_box, restrict
from scrutiny.reviews.models import Lcspr, LcsprDecision, LcsprMilestone, MilestoneQuality, RapidReview


def commissioning_reviews(partnership: Partnership, *, keep: RapidReview | None = None) -> QuerySet[RapidReview]:
    """The partnership's rapid reviews that decided to commission an LCSPR and have none yet (and
    ``keep``, the one a review being edited already comes from)."""
    reviews = scoped(RapidReview, partnership).filter(lcspr_decision=LcsprDecision.COMMISSION)
    free = Q(lcspr__isnull=True) | Q(pk=keep.pk) if keep is not None else Q(lcspr__isnull=True)
    return reviews.filter(free).select_related("incident").order_by("-decided_on", "-pk")


class RapidReviewChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        decided = f", decided {obj.decided_on:%-d %B %Y}" if obj.decided_on else ""
        return f"{obj}{decided}"


class LcsprForm(ModelErrorsOnTheForm):
    """Commission a review (from the rapid review that decided on it, or from a case referred
    another way) and, later, record its reviewer, terms and report dates. The decision date
    defaults to the rapid review's: the 6-month clock runs from it."""

    rapid_review = RapidReviewChoice(
        queryset=RapidReview.objects.none(),
        required=False,
        label="Rapid review that decided to commission it",
        empty_label="None: the case was referred another way",
        help_text="Only rapid reviews that decided to commission a review, and have none yet, are listed.",
        error_messages={
            "invalid_choice": "Choose one of the listed rapid reviews: it must have decided to commission a review "
            "and have no review yet."
        },
    )
    decided_on = iso_date_field(
        "Date of the decision to start the review",
        required=False,
        help_text="The publication clock runs from here. Leave empty to use the rapid review's decision date.",
    )
    terms_agreed_on = iso_date_field("Terms of reference agreed on", required=False)
    planned_publication_on = iso_date_field(
        "Planned publication date",
        required=False,
        help_text="The final report must reach the Panel and the Secretary of State before this date.",
    )
    draft_report_on = iso_date_field("Draft report received on", required=False)
    final_report_on = iso_date_field("Final report agreed on", required=False)

    class Meta:
        model = Lcspr
        fields = [
            "rapid_review",
            "title",
            "publication_name",
            "decided_on",
            "reviewer",
            "reviewer_organisation",
            "terms_of_reference",
            "terms_agreed_on",
            "planned_publication_on",
            "draft_report_on",
            "final_report_on",
            "redaction_terms",
        ]
        widgets = {
            "terms_of_reference": forms.Textarea(attrs={"rows": 6}),
            "redaction_terms": forms.Textarea(attrs={"rows": 5}),
        }

    #: Recorded once the review is under way, so not asked when it is commissioned.
    LATER_FIELDS = ("draft_report_on", "final_report_on", "redaction_terms")

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            for name in self.LATER_FIELDS:
                del self.fields[name]
        restrict(self, "rapid_review", commissioning_reviews(partnership, keep=self.instance.rapid_review))
        rule = rule_for(partnership, "lcspr-report-to-panel")
        self.fields["planned_publication_on"].help_text = (
            f"The final report must reach the Panel and the Secretary of State {rule.length_text} before this date. "
            "For example 2026-04-30."
        )
        if "redaction_terms" in self.fields:
            self.fields["redaction_terms"].help_text = (
                "One per line: places, services or staff roles that could identify the family. The export for "
                "publication replaces each with [redacted]; a person must still read it before it is published."
            )
        remind_on_every_text_box(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        review: RapidReview | None = data.get("rapid_review")
        if data.get("decided_on") is None and "decided_on" not in self.errors:
            if review is not None and review.decided_on is not None:
                data["decided_on"] = review.decided_on
            else:
                self.add_error("decided_on", "Give the date of the decision to start the review.")
        return data


def _yes_no(value: str) -> bool:
    return value == "yes"


class LcsprPublicationForm(ModelErrorsOnTheForm):
    """The final report to the Panel and the Secretary of State, then publication (in full or
    not), with the reasons where either was late, and the date it was taken down."""

    sent_to_panel_on = iso_date_field("Final report sent to the Panel and the Secretary of State on", required=False)
    published_on = iso_date_field("Published on", required=False)
    published_in_full = forms.TypedChoiceField(
        label="Was the review published in full?",
        choices=[("yes", "Yes"), ("no", "No: information about the improvements to be made was published instead")],
        coerce=_yes_no,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the review was published in full."},
    )
    withdrawn_on = iso_date_field(
        "Taken down on", required=False, help_text="Only once it has been available for at least a year."
    )

    class Meta:
        model = Lcspr
        fields = [
            "sent_to_panel_on",
            "panel_late_reason",
            "published_on",
            "publication_url",
            "published_in_full",
            "published_instead",
            "publication_late_reason",
            "withdrawn_on",
        ]
        widgets = {
            "panel_late_reason": forms.Textarea(attrs={"rows": 3}),
            "published_instead": forms.Textarea(attrs={"rows": 5}),
            "publication_late_reason": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial["published_in_full"] = "yes" if self.instance.published_in_full else "no"
        to_panel = rule_for(self.instance.partnership, "lcspr-report-to-panel").length_text
        publication = rule_for(self.instance.partnership, "lcspr-publication").length_text
        self.fields[
            "panel_late_reason"
        ].help_text = f"Needed only where it was sent later than {to_panel} before the planned publication date."
        self.fields[
            "publication_late_reason"
        ].help_text = (
            f"Needed only where it was published more than {publication} after the decision to start the review."
        )
        self.fields["published_instead"].help_text = (
            "Needed where the review was not published in full: the information about the improvements to be made "
            "that was published instead."
        )
        remind_on_every_text_box(self)


class MilestoneForm(ModelErrorsOnTheForm):
    """A point at which the partners check the review's timeliness and quality (regulation 14)."""

    due_on = iso_date_field("Due on")
    met_on = iso_date_field("Met on", required=False, help_text="Leave empty until it is met.")

    class Meta:
        model = LcsprMilestone
        fields = ["title", "due_on", "met_on", "quality", "note"]
        widgets = {"quality": forms.RadioSelect, "note": forms.Textarea(attrs={"rows": 4})}
        labels = {"title": "Milestone", "quality": "Quality of the work at this milestone"}
        help_texts = {"title": "For example: chronologies received from every agency"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["quality"].choices = MilestoneQuality.choices  # type: ignore[attr-defined]
        self.fields["note"].help_text = "Needed where there are concerns about quality."
        remind_on_every_text_box(self)
