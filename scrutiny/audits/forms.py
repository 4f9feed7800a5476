"""Forms of the audits room: standards, rounds, answers, questions, moderation and case file audits."""

from __future__ import annotations

from typing import Any

from django import forms

from scrutiny import privacy
from scrutiny.audits.models import (
    NO_IDENTIFIERS,
    SCALE_POINTS,
    AuditKind,
    AuditReturn,
    AuditRound,
    CaseFileAudit,
    Grade,
    PractitionerFeedback,
    ReturnAnswer,
    Standard,
    StandardsFramework,
    score_label,
)
from scrutiny.forms_govuk import GovukForm, GovukModelForm, style_fields
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import Agency, Partnership


def _limit(form: forms.BaseForm, name: str, queryset: Any) -> None:
    """Offer only ``queryset`` in the form's model choice field ``name``."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    field.queryset = queryset


class RoundChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.partnership}: {obj.title}, due {obj.deadline:%-d %B %Y}"


class ReturnChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.agency)


def partnership_agencies(partnership: Partnership) -> Any:
    return Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")


class StandardForm(GovukModelForm):
    class Meta:
        model = Standard
        fields = ["ref", "title", "description", "evidence_hint", "questions"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "evidence_hint": forms.Textarea(attrs={"rows": 2}),
            "questions": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, framework: StandardsFramework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.framework = framework

    def clean_ref(self) -> str:
        ref = str(self.cleaned_data["ref"]).strip()
        taken = Standard.objects.filter(framework=self.instance.framework, ref=ref).exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(f"This version already has a standard {ref}.")
        return ref


class NewVersionForm(GovukForm):
    version = forms.CharField(max_length=20, help_text="For example 2026-1")
    title = forms.CharField(max_length=200)


class RoundForm(GovukModelForm):
    class Meta:
        model = AuditRound
        fields = ["title", "framework", "scale", "opens_on", "deadline", "moderation_on", "agencies", "previous_round"]
        widgets = {
            "scale": forms.RadioSelect,
            "agencies": forms.CheckboxSelectMultiple,
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "moderation_on": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        _limit(
            self, "framework", StandardsFramework.objects.available_to(partnership).exclude(kind=AuditKind.CASE_FILE)
        )
        self.fields["framework"].label = "Standards"
        _limit(self, "agencies", partnership_agencies(partnership))
        self.fields["agencies"].help_text = "The agencies asked to complete a return"
        rounds = AuditRound.objects.filter(partnership=partnership)
        if self.instance.pk:
            rounds = rounds.exclude(pk=self.instance.pk)
            # Once sent, the standards and scale stay as the agencies were given them.
            if self.instance.status != "draft":
                for name in ("framework", "scale"):
                    self.fields[name].disabled = True
        _limit(self, "previous_round", rounds)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, deadline = data.get("opens_on"), data.get("deadline")
        if opens and deadline and deadline < opens:
            self.add_error("deadline", "The deadline must be on or after the day the round opens.")
        previous = data.get("previous_round")
        framework = data.get("framework")
        if previous and framework and previous.framework.kind != framework.kind:
            self.add_error("previous_round", "Choose an earlier round of the same kind of audit.")
        return data


class AnswerForm(GovukModelForm):
    class Meta:
        model = ReturnAnswer
        fields = ["self_score", "narrative", "evidence"]
        widgets = {"narrative": forms.Textarea(attrs={"rows": 6}), "evidence": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, scale: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(k), v) for k, v in SCALE_POINTS[scale].items()]
        self.fields["self_score"] = forms.TypedChoiceField(
            label="Your score", choices=choices, coerce=int, widget=forms.RadioSelect, required=False
        )
        self.fields["self_score"].widget.attrs["class"] = "govuk-radios__input"
        self.fields["narrative"].required = True


class ShareForm(GovukForm):
    into = RoundChoiceField(queryset=AuditRound.objects.none(), label="Round", widget=forms.RadioSelect)
    consent = forms.BooleanField(
        label="I confirm that my agency consents to this partnership seeing and moderating this return",
        error_messages={"required": "Confirm your agency's consent to share the return."},
    )

    def __init__(self, *args: Any, rounds: list[AuditRound], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["into"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = AuditRound.objects.filter(pk__in=[r.pk for r in rounds]).select_related("partnership")


class QuestionForm(GovukForm):
    standard = forms.ModelChoiceField(
        queryset=Standard.objects.none(), required=False, empty_label="The return as a whole"
    )
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, audit_return: AuditReturn, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = audit_return.round.framework.standards.all()


class AnswerQuestionForm(GovukForm):
    answer = forms.CharField(label="Your agency's answer", widget=forms.Textarea(attrs={"rows": 5}))


class ChangesForm(GovukForm):
    reason = forms.CharField(label="What should the agency change?", widget=forms.Textarea(attrs={"rows": 4}))


class ModerationForm(GovukForm):
    """One moderated score and reason per standard, beside the agency's own score."""

    def __init__(self, *args: Any, answers: list[ReturnAnswer], scale: str, current: dict[int, Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", "Not moderated yet"), *((str(k), v) for k, v in SCALE_POINTS[scale].items())]
        self.scale = scale
        self.rows: list[tuple[ReturnAnswer, str, str]] = []
        for answer in answers:
            standard = answer.standard
            existing = current.get(standard.pk)
            score = forms.TypedChoiceField(
                label=f"Moderated score for standard {standard.ref}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=existing.score if existing else None,
            )
            reason = forms.CharField(
                label=f"Reason for any change to standard {standard.ref}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=existing.reason if existing else "",
            )
            self.fields[f"score_{standard.pk}"] = score
            self.fields[f"reason_{standard.pk}"] = reason
            self.rows.append((answer, f"score_{standard.pk}", f"reason_{standard.pk}"))

        style_fields(self)

    def bound_rows(self) -> list[tuple[ReturnAnswer, str, Any, Any]]:
        """Each answer with the agency's own score in words and the two fields for moderation."""
        return [
            (answer, score_label(self.scale, answer.self_score), self[score], self[reason])
            for answer, score, reason in self.rows
        ]


class PeerForm(GovukForm):
    reviewer = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Peer agency")
    reviewed = ReturnChoiceField(queryset=AuditReturn.objects.none(), label="Return it reviews")

    def __init__(self, *args: Any, audit_round: AuditRound, returns: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reviewer = self.fields["reviewer"]
        reviewed = self.fields["reviewed"]
        assert isinstance(reviewer, forms.ModelChoiceField)
        assert isinstance(reviewed, forms.ModelChoiceField)
        reviewer.queryset = audit_round.agencies.all()
        reviewed.queryset = returns


# --- case file audits ---------------------------------------------------------------------------


class CaseFileAuditForm(GovukModelForm):
    class Meta:
        model = CaseFileAudit
        fields = ["title", "theme", "tool", "planned_for", "deadline", "moderation_on", "agencies", "scope"]
        widgets = {
            "agencies": forms.CheckboxSelectMultiple,
            "planned_for": forms.DateInput(attrs={"type": "date"}),
            "deadline": forms.DateInput(attrs={"type": "date"}),
            "moderation_on": forms.DateInput(attrs={"type": "date"}),
            "scope": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        _limit(self, "tool", StandardsFramework.objects.available_to(partnership).filter(kind=AuditKind.CASE_FILE))
        _limit(self, "theme", Theme.objects.available_to(partnership).offered())
        _limit(self, "agencies", partnership_agencies(partnership))
        self.fields["scope"].help_text = NO_IDENTIFIERS
        if self.instance.pk and self.instance.cases.exists():
            self.fields["tool"].disabled = True

    def clean_scope(self) -> str:
        return _no_identifiers(str(self.cleaned_data.get("scope") or ""))


def _no_identifiers(value: str) -> str:
    if problem := privacy.identifying_details_problem(value):
        raise forms.ValidationError(problem)
    return value


class CaseForm(GovukForm):
    reference = forms.CharField(
        label="Pseudonymised reference", max_length=privacy.REFERENCE_MAX_LENGTH, help_text="For example NEG-2026-04"
    )
    context = forms.CharField(
        label="Why this case was chosen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=NO_IDENTIFIERS,
    )

    def clean_reference(self) -> str:
        value = str(self.cleaned_data["reference"]).strip()
        if problem := privacy.reference_problem(value):
            raise forms.ValidationError(problem)
        return value

    def clean_context(self) -> str:
        return _no_identifiers(str(self.cleaned_data.get("context") or ""))


class CasePartForm(GovukForm):
    """An agency auditor's grade and notes per domain of the tool."""

    def __init__(self, *args: Any, domains: list[Standard], current: dict[int, Any], notes: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", "Not graded yet"), *((str(g.value), g.label) for g in Grade)]
        self.rows = []
        for domain in domains:
            existing = current.get(domain.pk)
            self.fields[f"grade_{domain.pk}"] = forms.TypedChoiceField(
                label=f"Grade for {domain.ref}: {domain.title}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=existing.grade if existing else None,
            )
            self.fields[f"notes_{domain.pk}"] = forms.CharField(
                label=f"What you found for {domain.ref}",
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=existing.notes if existing else "",
                help_text=NO_IDENTIFIERS,
            )
            self.rows.append((domain, f"grade_{domain.pk}", f"notes_{domain.pk}"))
        self.fields["notes"] = forms.CharField(
            label="Overall notes",
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            initial=notes,
            help_text=NO_IDENTIFIERS,
        )

        style_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            if (
                name.startswith("notes")
                and isinstance(value, str)
                and value
                and (problem := privacy.identifying_details_problem(value))
            ):
                self.add_error(name, problem)
        return data

    def bound_rows(self) -> list[tuple[Standard, Any, Any]]:
        return [(domain, self[grade], self[notes]) for domain, grade, notes in self.rows]


class CaseModerationForm(GovukForm):
    def __init__(self, *args: Any, domains: list[Standard], current: dict[int, Any], case: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", "Not agreed yet"), *((str(g.value), g.label) for g in Grade)]
        self.rows = []
        for domain in domains:
            existing = current.get(domain.pk)
            self.fields[f"grade_{domain.pk}"] = forms.TypedChoiceField(
                label=f"Agreed grade for {domain.ref}: {domain.title}",
                choices=choices,
                coerce=int,
                empty_value=None,
                required=False,
                initial=existing.grade if existing else None,
            )
            self.rows.append((domain, f"grade_{domain.pk}"))
        self.fields["moderation_notes"] = forms.CharField(
            label="What moderation discussed",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=case.moderation_notes,
            help_text=NO_IDENTIFIERS,
        )
        self.fields["learning"] = forms.CharField(
            label="Learning",
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            initial=case.learning,
            help_text=NO_IDENTIFIERS,
        )

        style_fields(self)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("moderation_notes", "learning"):
            value = data.get(name) or ""
            if value and (problem := privacy.identifying_details_problem(value)):
                self.add_error(name, problem)
        return data

    def bound_rows(self) -> list[tuple[Standard, Any]]:
        return [(domain, self[grade]) for domain, grade in self.rows]


class FeedbackForm(GovukModelForm):
    class Meta:
        model = PractitionerFeedback
        fields = ["agency", "practitioner_role", "usefulness", "comment"]
        widgets = {"usefulness": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, audit: CaseFileAudit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self, "agency", audit.agencies.all())

    def clean_comment(self) -> str:
        return _no_identifiers(str(self.cleaned_data.get("comment") or ""))
