"""Forms for the learning from reviews: findings and recommendations, the actions made from them,
their impact check, and the filters of the learning list."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When

from scrutiny.accounts.models import User
from scrutiny.clocks.catalogue import rule_for
from scrutiny.forms_govuk import GovukForm
from scrutiny.frameworks.models import Theme, ThemeGroup
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.privacy import IDENTIFYING_DETAILS_REMINDER
from scrutiny.reviews.following_up import CHECKED_OUTCOMES
from scrutiny.reviews.forms.incidents import ModelErrorsOnTheForm
from scrutiny.reviews.models import LearningKind, LearningPoint, LearningStatus
from scrutiny.reviews.models.learning import IMPACT_CHECK_RULE

DATE_HINT = "For example 2025-08-01."
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def date_field(label: str, *, what: str, help_text: str = DATE_HINT, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DATE_WIDGET,
        help_text=help_text,
        required=required,
        error_messages={"required": f"Give the date {what}.", "invalid": "Give a date, like 2025-08-01."},
    )


def partnership_agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")


def partnership_people(partnership: Partnership) -> QuerySet[User]:
    return User.objects.filter(memberships__partnership=partnership).distinct().order_by("full_name", "email")


def review_themes(partnership: Partnership, *, tagged_on: LearningPoint | None = None) -> QuerySet[Theme]:
    """The themes offered for tagging learning, the national Panel's learning themes first. A
    retired theme is offered only where it already tags the learning being edited."""
    chosen = set(Theme.objects.available_to(partnership).offered().values_list("pk", flat=True))
    if tagged_on is not None and tagged_on.pk:
        chosen |= set(tagged_on.themes.values_list("pk", flat=True))
    first = {ThemeGroup.LEARNING: 0, ThemeGroup.PRACTICE: 1}
    return (
        Theme.objects.filter(pk__in=chosen)
        .annotate(
            group_rank=Case(
                *(When(group=group, then=Value(rank)) for group, rank in first.items()),
                default=Value(9),
                output_field=IntegerField(),
            )
        )
        .order_by("group_rank", "group", "order", "label")
    )


def typed_values(form: forms.BaseForm, data: Mapping[str, Any]) -> dict[str, Any]:
    """What was typed into ``form``, as initial values: to show the form again, as typed, without
    validating it (the "check for similar recommendations" button does not save)."""
    return {
        name: field.widget.value_from_datadict(data, {}, form.add_prefix(name)) for name, field in form.fields.items()
    }


class ThemesField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    """Theme checkboxes, shown under a heading for each group (see ``theme_groups``)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.label)


class ThemeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """One theme, named with its group: the same label can sit in two groups."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.label} ({obj.get_group_display()})"


class LearningPointForm(ModelErrorsOnTheForm):
    """A finding or recommendation of one review. For a national review's recommendation the
    partnership also says whether it applies locally, and its response. The model also checks
    fields this form does not show (the impact check, say): those errors go at the top."""

    applies_locally = forms.TypedChoiceField(
        label="Does it apply locally?",
        choices=[("True", "Yes, it applies here"), ("False", "No, it does not apply here")],
        coerce=lambda value: value == "True",
        widget=forms.RadioSelect,
        initial="True",
        help_text="Recommendations that apply locally get actions and, later, an impact check.",
        error_messages={"required": "Say whether it applies locally."},
    )

    class Meta:
        model = LearningPoint
        fields = ["kind", "number", "text", "made_on", "themes", "agencies", "applies_locally", "local_response"]
        field_classes = {"themes": ThemesField}
        labels = {"kind": "Finding or recommendation", "text": "What the review says", "made_on": "Agreed on"}
        widgets = {
            "kind": forms.RadioSelect,
            "number": forms.TextInput(attrs={"class": "govuk-input--width-5"}),
            "text": forms.Textarea(attrs={"rows": 5}),
            "made_on": DATE_WIDGET,
            "themes": forms.CheckboxSelectMultiple,
            "agencies": forms.CheckboxSelectMultiple,
            "local_response": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "made_on": f"The day the partners agreed it. The impact check runs from here. {DATE_HINT}",
            "local_response": (
                f"What the partnership will do, or why it does not apply locally. {IDENTIFYING_DETAILS_REMINDER}"
            ),
            "agencies": "The agencies that must act on it or that it is about.",
        }
        error_messages = {
            "kind": {"required": "Say whether this is a finding or a recommendation."},
            "text": {"required": "Write what the review found or recommends."},
            "made_on": {"required": "Give the date it was agreed.", "invalid": "Give a date, like 2025-08-01."},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The impact check's length is the partnership's (a clock not yet confirmed, which it may set).
        after = rule_for(partnership, IMPACT_CHECK_RULE).length_text
        self.fields[
            "applies_locally"
        ].help_text = f"Recommendations that apply locally get actions and an impact check after {after}."
        self.fields[
            "made_on"
        ].help_text = f"The day the partners agreed it. The impact check, {after} later, runs from here. {DATE_HINT}"
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = LearningKind.choices
        themes = self.fields["themes"]
        agencies = self.fields["agencies"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        assert isinstance(agencies, forms.ModelMultipleChoiceField)
        themes.queryset = review_themes(partnership, tagged_on=self.instance)
        themes.help_text = (
            "The themes the national Panel reports and the partnership's priorities. Choose all that apply."
        )
        agencies.queryset = partnership_agencies(partnership)
        if not self.instance.national_review_id:
            # Only a national review's recommendations may not apply locally.
            del self.fields["applies_locally"]
            del self.fields["local_response"]
        self._group_of = {theme.pk: theme.get_group_display() for theme in themes.queryset}

    def theme_groups(self) -> list[tuple[str, list[Any]]]:
        """The themes' checkboxes by group, in order, for a fieldset each."""
        groups: list[tuple[str, list[Any]]] = []
        for option in self["themes"]:
            group = self._group_of.get(int(str(option.data["value"])), "")
            if not groups or groups[-1][0] != group:
                groups.append((group, []))
            groups[-1][1].append(option)
        return groups


class LearningActionForm(GovukForm):
    """An action in the shared tracker, to carry out a recommendation."""

    title = forms.CharField(
        label="What is to be done",
        max_length=300,
        help_text="Starts as the recommendation; shorten it to the action itself.",
        error_messages={"required": "Say what is to be done."},
    )
    owner_agency = forms.ModelChoiceField(
        queryset=Agency.objects.none(),
        label="Owner agency",
        empty_label="Choose an agency",
        error_messages={"required": "Choose the agency that owns the action."},
    )
    owner = forms.ModelChoiceField(
        queryset=User.objects.none(),
        label="Owner (person)",
        required=False,
        empty_label="No one named: the owner agency's people",
    )
    due_date = date_field("Due date", what="the action is due", help_text=f"When it should be done by. {DATE_HINT}")
    description = forms.CharField(
        label="Description (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"What done looks like, and any detail the owner needs. {IDENTIFYING_DETAILS_REMINDER}",
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agency = self.fields["owner_agency"]
        owner = self.fields["owner"]
        assert isinstance(agency, forms.ModelChoiceField)
        assert isinstance(owner, forms.ModelChoiceField)
        agency.queryset = partnership_agencies(partnership)
        owner.queryset = partnership_people(partnership)


class LearningImpactForm(GovukForm):
    """The 12-month impact check of a recommendation. Fields are named as the model's, so the
    model's own messages land beside them."""

    impact_checked_on = date_field("Checked on", what="the impact was checked")
    impact_method = forms.CharField(
        label="How was the impact checked?",
        max_length=200,
        help_text="For example a re-audit of 20 cases, a practitioner survey or a multi-agency case review.",
        error_messages={"required": "Say how the impact was checked, for example a re-audit of 20 cases."},
    )
    impact_outcome = forms.ChoiceField(
        label="What did the check find?",
        choices=CHECKED_OUTCOMES,
        widget=forms.RadioSelect,
        error_messages={"required": "Say what the impact check found."},
    )
    impact_summary = forms.CharField(
        label="The evidence",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"What the check showed about practice, and for whom. {IDENTIFYING_DETAILS_REMINDER}",
        error_messages={"required": "Describe the evidence of impact (or of its absence)."},
    )
    impact_late_reason = forms.CharField(
        label="If the check was late, why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the check is made after its due date.",
    )


SOURCE_TYPES = [("rapid_review", "Rapid reviews"), ("lcspr", "LCSPRs"), ("national_review", "National reviews")]


class LearningFilterForm(GovukForm):
    """The learning list's filters: a GET form, so a filtered list can be bookmarked and shared."""

    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Findings and recommendations"), *LearningKind.choices]
    )
    status = forms.ChoiceField(
        label="Status of recommendations", required=False, choices=[("", "Any status"), *LearningStatus.choices]
    )
    theme = ThemeChoiceField(queryset=Theme.objects.none(), required=False, empty_label="All themes")
    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, empty_label="All agencies")
    source = forms.ChoiceField(label="From", required=False, choices=[("", "Every kind of review"), *SOURCE_TYPES])
    year = forms.TypedChoiceField(label="Reporting year agreed", required=False, coerce=int, empty_value=None)

    def __init__(self, *args: Any, partnership: Partnership, years: list[tuple[int, str]], **kwargs: Any) -> None:
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        theme = self.fields["theme"]
        agency = self.fields["agency"]
        year = self.fields["year"]
        assert isinstance(theme, forms.ModelChoiceField)
        assert isinstance(agency, forms.ModelChoiceField)
        assert isinstance(year, forms.ChoiceField)
        # Every theme the partnership's learning could carry, retired ones too, so old links work.
        theme.queryset = Theme.objects.available_to(partnership).order_by("group", "order", "label")
        # Only the agencies the partnership's learning names: a large partnership has hundreds of
        # agencies, most of which no review has ever mentioned.
        agency.queryset = partnership_agencies(partnership).filter(learning_points__partnership=partnership).distinct()
        year.choices = [("", "Any year"), *years]
