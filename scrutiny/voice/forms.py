"""Forms of the voice room: the public feedback form (worded for each audience) and the staff's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from scrutiny.accounts.models import User
from scrutiny.forms_govuk import GovukForm, GovukModelForm, style_fields
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.models import Agency
from scrutiny.voice.intake import HONEYPOT
from scrutiny.voice.models import (
    Audience,
    Consultation,
    ConsultationQuestion,
    Feeling,
    FeelsSafe,
    PanelSession,
    QuestionKind,
    ThemeResponse,
    VoiceSettings,
)

#: The public form's questions in words for each audience.
WORDING: dict[str, dict[str, Any]] = {
    Audience.CHILD: {
        "feeling": _("How do you feel about the help you get?"),
        "what_is_good": _("What is good?"),
        "what_could_be_better": _("What could be better?"),
        "feels_safe": _("Do you feel safe?"),
    },
    Audience.YOUNG_PERSON: {
        "feeling": _("Overall, how do you feel about the help and support you get?"),
        "what_is_good": _("What is working well for you?"),
        "what_could_be_better": _("What should change?"),
        "feels_safe": _("Do you feel safe at home, at school and where you spend time?"),
    },
    Audience.PARENT_CARER: {
        "feeling": _("Overall, how do you feel about the help your family gets?"),
        "what_is_good": _("What has helped your family?"),
        "what_could_be_better": _("What could services do better?"),
        "feels_safe": _("Do you feel your child or children are safe?"),
    },
}

#: The picture scale's faces; the words beside them are what a screen reader reads.
FACES = {1: "😢", 2: "🙁", 3: "😐", 4: "🙂", 5: "😀"}


class FeedbackForm(GovukForm):
    feeling = forms.TypedChoiceField(
        choices=Feeling.choices, coerce=int, empty_value=None, required=False, widget=forms.RadioSelect
    )
    what_is_good = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    what_could_be_better = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    feels_safe = forms.ChoiceField(choices=FeelsSafe.choices, required=False, widget=forms.RadioSelect)
    consent_to_contact = forms.BooleanField(
        label=_("I would like someone to contact me about what I said"), required=False
    )
    contact = forms.CharField(
        label=_("How should we contact you? (a phone number or e-mail address)"), required=False, max_length=200
    )
    # Hidden from people (and from screen readers); robots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, audience: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, label in WORDING[audience].items():
            self.fields[name].label = label
        feeling = self.fields["feeling"]
        assert isinstance(feeling, forms.TypedChoiceField)
        feeling.choices = [(value, f"{FACES[value]} {label}") for value, label in Feeling.choices]
        self.fields["what_is_good"].help_text = _("You do not have to give your name.")
        self.fields[HONEYPOT].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    @property
    def honeypot_filled(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class VoiceSettingsForm(GovukModelForm):
    class Meta:
        model = VoiceSettings
        fields = [
            "front_door_name",
            "front_door_phone",
            "front_door_hours",
            "out_of_hours_phone",
            "out_of_hours_email",
            "reading_days",
            "reading_starts",
            "reading_ends",
            "acknowledge_within_minutes",
            "feedback_retention_days",
            "safety_retention_days",
            "consultation_retention_days",
        ]
        widgets = {
            "reading_days": forms.RadioSelect,
            "reading_starts": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "reading_ends": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class ContactForm(GovukForm):
    person: forms.ModelChoiceField[Any] = forms.ModelChoiceField(queryset=User.objects.none(), label="Person to alert")

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people


class SafetyTermForm(GovukForm):
    phrase = forms.CharField(
        label="Word or phrase",
        max_length=100,
        help_text="Other forms of the words and small misspellings are read too: "
        "add “plugged”, not every spelling of it",
    )
    category = forms.ChoiceField(label="What it suggests", widget=forms.RadioSelect)
    note = forms.CharField(label="Why it is being added (optional)", max_length=300, required=False)

    def __init__(self, *args: Any, categories: dict[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["category"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = list(categories.items())


class ConcernCloseForm(GovukForm):
    safety_action = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="Who was contacted, what they did, and whether a referral was made",
    )


class ThemesForm(GovukForm):
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Theme.objects.available_to(partnership).offered()


class ThemeResponseForm(GovukModelForm):
    class Meta:
        model = ThemeResponse
        fields = ["theme", "you_said", "we_did", "published"]
        widgets = {"you_said": forms.Textarea(attrs={"rows": 4}), "we_did": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        field = self.fields["theme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Theme.objects.available_to(partnership).offered()

    def clean_theme(self) -> Theme:
        theme: Theme = self.cleaned_data["theme"]
        taken = ThemeResponse.objects.filter(partnership=self.instance.partnership, theme=theme)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("The partnership has already answered this theme: change that answer instead.")
        return theme

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("published") and not str(data.get("we_did") or "").strip():
            self.add_error("we_did", "Say what changed before publishing the answer.")
        return data


class ConsultationForm(GovukModelForm):
    class Meta:
        model = Consultation
        fields = ["title", "introduction", "audience", "opens_on", "closes_on", "themes"]
        widgets = {
            "introduction": forms.Textarea(attrs={"rows": 4}),
            "audience": forms.RadioSelect,
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        field = self.fields["themes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Theme.objects.available_to(partnership).offered()
        field.required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The closing date must be on or after the opening date.")
        return data


class QuestionForm(GovukModelForm):
    class Meta:
        model = ConsultationQuestion
        fields = ["text", "kind", "choices", "required"]
        widgets = {"kind": forms.RadioSelect, "choices": forms.Textarea(attrs={"rows": 4})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("kind") == QuestionKind.CHOICE
            and len([c for c in str(data.get("choices") or "").splitlines() if c.strip()]) < 2
        ):
            self.add_error("choices", "Give at least two choices, each on its own line.")
        return data


class ConsultationAnswerForm(GovukForm):
    """The public form: one field per question of the consultation."""

    website = forms.CharField(required=False, label=_("Leave this empty"))

    def __init__(self, *args: Any, questions: list[ConsultationQuestion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            name = f"q{question.pk}"
            if question.kind == QuestionKind.CHOICE:
                field: forms.Field = forms.ChoiceField(
                    choices=[(c, c) for c in question.choice_list], widget=forms.RadioSelect, required=False
                )
            elif question.kind == QuestionKind.SCALE:
                field = forms.TypedChoiceField(
                    choices=[(v, f"{FACES[v]} {label}") for v, label in Feeling.choices],
                    coerce=int,
                    empty_value=None,
                    widget=forms.RadioSelect,
                    required=False,
                )
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), required=False)
            field.label = question.text
            self.fields[name] = field
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.order_fields([f"q{q.pk}" for q in questions] + ["website"])
        style_fields(self)

    def answers(self) -> dict[ConsultationQuestion, Any]:
        return {q: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class PanelSessionForm(GovukModelForm):
    class Meta:
        model = PanelSession
        fields = ["held_on", "topic", "young_people", "notes", "themes"]
        widgets = {
            "held_on": forms.DateInput(attrs={"type": "date"}),
            "notes": forms.Textarea(attrs={"rows": 5}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership
        field = self.fields["themes"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = Theme.objects.available_to(partnership).offered()
        field.required = False


class PanelQuestionForm(GovukForm):
    question = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    addressed_to = forms.ModelChoiceField(queryset=Agency.objects.none(), label="Asked of")

    def __init__(self, *args: Any, partnership: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["addressed_to"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")


class PanelAnswerForm(GovukForm):
    answer = forms.CharField(label="The agency's answer", widget=forms.Textarea(attrs={"rows": 5}))
