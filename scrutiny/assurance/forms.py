"""Forms of the assurance room: the same validation for pages and the API."""

from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.accounts.models import User
from scrutiny.assurance import rules
from scrutiny.assurance.models import (
    ActivityStatus,
    AssessmentStatus,
    AssuranceSettings,
    ChallengeOutcome,
    Confidence,
    EscalationStage,
    Finding,
    FindingKind,
    Innovation,
    InnovationStage,
    Judgement,
    Method,
    Recommendation,
    RecommendationStatus,
    ResponseDecision,
    ScrutineerAppointment,
    ScrutinyActivity,
)
from scrutiny.assurance.models.assessments import validate_assessment
from scrutiny.assurance.models.findings import validate_response
from scrutiny.assurance.services import evidence_choices, supporting_evidence
from scrutiny.evidence.models import EvidenceItem
from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.frameworks.catalogue import SCRUTINY_FUNCTIONS, SIX_STEPS, current_requirements, themes_for
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency, scoped

#: One message for a date typed in another shape, on every form of the room.
DATE_ERROR = "Enter the date as YYYY-MM-DD, for example 2026-04-30."


def iso_date_field(label: str, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        input_formats=["%Y-%m-%d"],
        error_messages={"invalid": DATE_ERROR},
        help_text=kwargs.pop("help_text", "For example 2026-04-30"),
        # The value shown back (an initial date, say) in the one shape the field accepts, not the
        # locale's 30/04/2026, which it would then refuse.
        widget=kwargs.pop("widget", forms.DateInput(format="%Y-%m-%d")),
        **kwargs,
    )


def _restrict(form: forms.BaseForm, name: str, queryset: Any) -> None:
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
    field.queryset = queryset


def _reporting_year(year: int) -> int:
    """The year, where it names a reporting year (``rules.reporting_year``), as a field's error."""
    try:
        rules.reporting_year(year)
    except forms.ValidationError as error:
        raise forms.ValidationError(error.message_dict["year"]) from None
    return year


def partnership_agencies(partnership: Partnership) -> Any:
    return scoped(Agency, partnership).order_by("name")


def innovation_owner_choices(seat: Seat) -> Any:
    """The agencies a person may name as an initiative's owner: anyone who reads the whole register
    may name any agency; an agency's people, their own."""
    if seat.can("assurance", "view"):
        return partnership_agencies(seat.partnership)
    return only_their_agency(Agency.objects.all(), seat, "pk")


def own_bodies(seat: Seat) -> Any:
    """The agencies and partner bodies a person acts for, on whose behalf they may raise a challenge."""
    return only_their_agency(Agency.objects.all(), seat, "pk")


def requirement_choices(partnership: Partnership) -> Any:
    """Requirements of the current shipped frameworks and the partnership's local ones."""
    return current_requirements(partnership)


class FindingForm(GovukModelForm):
    evidence = forms.ModelMultipleChoiceField(
        queryset=EvidenceItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Supporting evidence",
        help_text="A finding can be issued only with at least one piece of evidence behind it.",
    )

    class Meta:
        model = Finding
        fields = [
            "year",
            "title",
            "what_was_found",
            "kind",
            "confidence",
            "agencies",
            "requirements",
            "themes",
            "innovations",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "confidence": forms.RadioSelect,
            "agencies": forms.CheckboxSelectMultiple,
            "requirements": forms.CheckboxSelectMultiple,
            "themes": forms.CheckboxSelectMultiple,
            "innovations": forms.CheckboxSelectMultiple,
        }
        labels = {"year": "Reporting year (the year it starts)", "requirements": "Duties, functions and steps"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = FindingKind.choices  # type: ignore[attr-defined]
        _restrict(self, "agencies", partnership_agencies(partnership))
        _restrict(self, "requirements", requirement_choices(partnership))
        _restrict(self, "themes", themes_for(partnership))
        _restrict(self, "innovations", scoped(Innovation, partnership))
        _restrict(self, "evidence", evidence_choices(partnership))
        if self.instance.pk:
            self.initial.setdefault("evidence", [e.pk for e in supporting_evidence(self.instance)])

    def clean_year(self) -> int:
        return _reporting_year(self.cleaned_data["year"])


class RecommendationForm(GovukModelForm):
    made_on = iso_date_field("Made on")

    class Meta:
        model = Recommendation
        fields = ["text", "addressed_to", "made_on"]
        widgets = {"addressed_to": forms.CheckboxSelectMultiple}
        labels = {"addressed_to": "Addressed to"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restrict(self, "addressed_to", partnership_agencies(partnership))


class RecommendationStatusForm(GovukForm):
    status = forms.ChoiceField(choices=RecommendationStatus.choices, widget=forms.RadioSelect, label="Status")


class ResponseForm(GovukForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Responding for", empty_label=None)
    decision = forms.ChoiceField(choices=ResponseDecision.choices, widget=forms.RadioSelect, label="Response")
    reasons = forms.CharField(
        widget=forms.Textarea, required=False, label="Reasons", help_text="Required unless you accept it"
    )

    def __init__(self, *args: Any, bodies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restrict(self, "agency", Agency.objects.filter(pk__in=[b.pk for b in bodies]))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "decision" in data:
            try:
                validate_response(data["decision"], data.get("reasons", ""))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


class TrackingActionForm(GovukForm):
    """The action that tracks progress on a recommendation, created in the one action tracker."""

    title = forms.CharField(max_length=300, label="What will be done")
    owner_agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Owner agency", empty_label=None)
    due_date = iso_date_field("Due date")

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restrict(self, "owner_agency", bodies)


class ChallengeForm(GovukForm):
    addressed_to = forms.ModelChoiceField(
        queryset=Agency.objects.none(), label="Addressed to", empty_label="Choose an agency or partner"
    )
    question = forms.CharField(widget=forms.Textarea, label="The challenge", help_text="The question put to them")
    raised_on = iso_date_field("Date raised")
    raised_by_body = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        required=False,
        label="Raised on behalf of",
        empty_label="Myself (independent scrutineer or in my own name)",
    )
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Themes"
    )

    def __init__(self, *args: Any, partnership: Partnership, own_bodies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restrict(self, "addressed_to", partnership_agencies(partnership))
        _restrict(self, "raised_by_body", own_bodies)
        _restrict(self, "themes", themes_for(partnership))


class ChallengeResponseForm(GovukForm):
    response = forms.CharField(widget=forms.Textarea, label="Your response")


class ChallengeOutcomeForm(GovukForm):
    outcome = forms.ChoiceField(choices=ChallengeOutcome.choices, widget=forms.RadioSelect, label="Outcome")
    outcome_note = forms.CharField(widget=forms.Textarea, required=False, label="About the outcome")


class AssuranceSettingsForm(GovukModelForm):
    class Meta:
        model = AssuranceSettings
        fields = ["challenge_response_working_days", "recommendation_response_length", "recommendation_response_unit"]
        widgets = {"recommendation_response_unit": forms.RadioSelect}
        help_texts = {
            "challenge_response_working_days": "Counted from the day after the challenge is raised. Usually 10.",
            "recommendation_response_length": "Usually 2 months, as in the recommendation-tracking model.",
        }


class DisagreementForm(GovukForm):
    title = forms.CharField(max_length=300, label="The issue in a line")
    issue = forms.CharField(widget=forms.Textarea, label="The issue", help_text="What the parties disagree about")
    parties = forms.ModelMultipleChoiceField(
        queryset=Agency.objects.none(), widget=forms.CheckboxSelectMultiple, label="Parties"
    )
    raised_on = iso_date_field("Date raised")
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple, label="Themes"
    )

    def __init__(
        self, *args: Any, partnership: Partnership, own_agency_ids: frozenset[int] | None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.own_agency_ids = own_agency_ids
        _restrict(self, "parties", partnership_agencies(partnership))
        _restrict(self, "themes", themes_for(partnership))

    def clean_parties(self) -> Any:
        parties = self.cleaned_data["parties"]
        if len(parties) < 2:
            raise forms.ValidationError("A disagreement has at least two parties: choose both sides.")
        if self.own_agency_ids is not None and not {p.pk for p in parties} & self.own_agency_ids:
            raise forms.ValidationError("Your own agency must be one of the parties.")
        return parties


class EscalateForm(GovukForm):
    entered_on = iso_date_field("Next stage reached on")
    note = forms.CharField(widget=forms.Textarea, required=False, label="Why it is escalated")


class AdviceForm(GovukForm):
    scrutineer_advice = forms.CharField(widget=forms.Textarea, label="Independent advice")
    advice_given_on = iso_date_field("Advice given on")


class ResolveForm(GovukForm):
    resolution = forms.CharField(widget=forms.Textarea, label="How it was resolved")
    resolved_on = iso_date_field("Resolved on")


class EscalationStageForm(GovukModelForm):
    class Meta:
        model = EscalationStage
        fields = ["order", "name", "timescale_working_days", "description"]

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership

    def clean_order(self) -> int:
        order: int = self.cleaned_data["order"]
        taken = EscalationStage.objects.filter(partnership=self.partnership, order=order).exclude(pk=self.instance.pk)
        if order < 1:
            raise forms.ValidationError("Number the stages from 1.")
        if taken.exists():
            raise forms.ValidationError(f"Stage {order} already exists: choose another number.")
        return order


class AssessmentForm(GovukForm):
    status = forms.ChoiceField(choices=AssessmentStatus.choices, widget=forms.RadioSelect, label="Progress")
    judgement = forms.ChoiceField(choices=Judgement.choices, widget=forms.RadioSelect, label="Judgement")
    rationale = forms.CharField(widget=forms.Textarea, required=False, label="Rationale")
    confidence = forms.ChoiceField(
        choices=[("", "Not stated"), *Confidence.choices], required=False, widget=forms.RadioSelect, label="Confidence"
    )
    evidence = forms.ModelMultipleChoiceField(
        queryset=EvidenceItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence behind the judgement",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restrict(self, "evidence", evidence_choices(partnership))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "status" in data and "judgement" in data:
            try:
                validate_assessment(data["status"], data["judgement"], data.get("rationale", ""))
            except forms.ValidationError as error:
                self.add_error(None, error)
        return data


class ActivityForm(GovukModelForm):
    planned_start = iso_date_field("Planned start", required=False)
    planned_end = iso_date_field("Planned end", required=False)
    evidence = forms.ModelMultipleChoiceField(
        queryset=EvidenceItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evidence of the outputs",
    )

    class Meta:
        model = ScrutinyActivity
        fields = [
            "year",
            "title",
            "method",
            "description",
            "covers",
            "priorities",
            "planned_start",
            "planned_end",
            "status",
            "outputs",
        ]
        widgets = {
            "method": forms.RadioSelect,
            "status": forms.RadioSelect,
            "covers": forms.CheckboxSelectMultiple,
            "priorities": forms.CheckboxSelectMultiple,
        }
        labels = {"year": "Reporting year (the year it starts)"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = Method.choices  # type: ignore[attr-defined]
        self.fields["status"].choices = ActivityStatus.choices  # type: ignore[attr-defined]
        _restrict(self, "covers", current_requirements(partnership, keys=[SCRUTINY_FUNCTIONS, SIX_STEPS]))
        _restrict(self, "priorities", themes_for(partnership))
        _restrict(self, "evidence", evidence_choices(partnership))
        if self.instance.pk:
            self.initial.setdefault("evidence", [e.pk for e in supporting_evidence(self.instance)])

    def clean_year(self) -> int:
        return _reporting_year(self.cleaned_data["year"])


class AppointmentForm(GovukModelForm):
    appointed_on = iso_date_field("Appointed on")
    term_end = iso_date_field("Term ends", required=False)

    class Meta:
        model = ScrutineerAppointment
        fields = ["person", "appointed_on", "term_end", "funded_by", "employer", "declared_conflicts"]
        labels = {"person": "Scrutineer"}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = User.objects.filter(memberships__partnership=partnership).distinct().order_by("full_name")
        _restrict(self, "person", people)


class StatementForm(GovukForm):
    summary = forms.CharField(widget=forms.Textarea, required=False, label="Overall summary")

    def __init__(self, *args: Any, requirements: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = requirements
        for requirement in requirements:
            self.fields[f"section_{requirement.pk}"] = forms.CharField(
                # Added after GovukForm styled the fields, so the GOV.UK class is given here.
                widget=forms.Textarea(attrs={"rows": 3, "class": "govuk-textarea"}),
                required=False,
                label=f"{requirement.ref} {requirement.title}",
            )

    def sections(self) -> dict[Any, str]:
        return {r: self.cleaned_data.get(f"section_{r.pk}", "") for r in self.requirements}


class StatementResponseForm(GovukForm):
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Responding for", empty_label=None)
    text = forms.CharField(widget=forms.Textarea, label="Response")

    def __init__(self, *args: Any, bodies: list[Agency], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _restrict(self, "agency", Agency.objects.filter(pk__in=[b.pk for b in bodies]))


class InnovationForm(GovukModelForm):
    evidence = forms.ModelMultipleChoiceField(
        queryset=EvidenceItem.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Evaluation evidence",
    )

    class Meta:
        model = Innovation
        fields = ["title", "owner_agency", "problem", "theory_of_change", "measures", "stage", "themes"]
        widgets = {"stage": forms.RadioSelect, "themes": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, partnership: Partnership, owner_agencies: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].choices = InnovationStage.choices  # type: ignore[attr-defined]
        _restrict(self, "owner_agency", owner_agencies)
        _restrict(self, "themes", themes_for(partnership))
        _restrict(self, "evidence", evidence_choices(partnership))
        if self.instance.pk:
            self.initial.setdefault("evidence", [e.pk for e in supporting_evidence(self.instance)])


class ObservationsForm(GovukForm):
    scrutineer_observations = forms.CharField(
        widget=forms.Textarea, required=False, label="The scrutineer's support and observations"
    )
