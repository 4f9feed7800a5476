from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Model, QuerySet
from django.utils import timezone

from scrutiny.accounts.models import User
from scrutiny.actions.models import (
    ACTION_EVIDENCE_PURPOSES,
    Action,
    ActionStatus,
    ReminderPreference,
    source_room_label,
)
from scrutiny.evidence.models import EvidenceItem
from scrutiny.forms_govuk import GovukForm, GovukModelForm
from scrutiny.frameworks.models import Theme
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def theme_label(theme: Theme) -> str:
    """The same label can sit in two groups (Domestic abuse is a JTAI theme and a practice theme)."""
    return f"{theme.label} ({theme.get_group_display()})"


class ThemeChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return theme_label(obj)


class ThemesChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return theme_label(obj)


def partnership_agencies(partnership: Partnership) -> QuerySet[Agency]:
    return Agency.objects.filter(partnership_links__partnership=partnership).order_by("name")


def partnership_people(partnership: Partnership) -> QuerySet[User]:
    return User.objects.filter(memberships__partnership=partnership).distinct().order_by("full_name", "email")


class ActionForm(GovukModelForm):
    class Meta:
        model = Action
        fields = ["title", "description", "owner_agency", "owner", "due_date", "themes"]
        labels = {"title": "What is to be done", "owner": "Owner (person)", "owner_agency": "Owner agency"}
        help_texts = {
            "description": "Optional. What done looks like, and any detail the owner needs.",
            "due_date": "For example 2026-03-31.",
            "themes": "Optional. The themes and priorities this action serves, for filtering and reporting.",
        }
        field_classes = {"themes": ThemesChoiceField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "due_date": _DATE,
            "themes": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "title": {"required": "Say what is to be done."},
            "owner_agency": {"required": "Choose the agency that owns the action."},
            "due_date": {"required": "Give the due date.", "invalid": "Give the due date as a date, like 2026-03-31."},
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partnership = partnership
        agency = self.fields["owner_agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = partnership_agencies(partnership)
        agency.empty_label = "Choose an agency"
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = partnership_people(partnership)

        owner.empty_label = "No one named: the owner agency's people"
        themes = self.fields["themes"]
        assert isinstance(themes, forms.ModelMultipleChoiceField)
        offered = Theme.objects.available_to(partnership).filter(retired=False)
        if self.instance.pk:
            offered = offered | Theme.objects.filter(actions=self.instance)
        themes.queryset = offered.distinct().order_by("group", "order", "label")
        if not themes.queryset.exists():
            del self.fields["themes"]

    def create_action(
        self,
        *,
        created_by: Any,
        source: Model | None = None,
        source_label: str = "",
        source_room: str = "",
        themes: Iterable[Theme] = (),
    ) -> Action:
        """The action this valid form describes, in the partnership's tracker: added directly (the
        tracker's own page and API), or linked to the record it came from (a meeting, an audit
        return, a theme's answer …); ``themes`` are added to those chosen on the form."""
        from scrutiny.actions.services import action_create

        data = self.cleaned_data
        return action_create(
            partnership=self.partnership,
            title=data["title"],
            description=data.get("description") or "",
            owner_agency=data["owner_agency"],
            owner=data.get("owner"),
            due_date=data["due_date"],
            themes=[*themes, *(data.get("themes") or ())],
            source=source,
            source_label=source_label,
            source_room=source_room,
            created_by=created_by,
        )


class ActionFilterForm(GovukForm):
    """The list page's filters: a GET form, so a filtered list can be bookmarked and shared."""

    DUE_CHOICES = [("", "Any"), ("overdue", "Overdue"), ("due_soon", "Due in the next 7 days")]

    agency = forms.ModelChoiceField(queryset=Agency.objects.none(), required=False, empty_label="All agencies")
    source_room = forms.ChoiceField(label="Source", required=False)
    status = forms.ChoiceField(
        required=False,
        choices=[("", "Any status"), ("open", "Open (not started or in progress)"), *ActionStatus.choices],
    )
    theme = ThemeChoiceField(queryset=Theme.objects.none(), required=False, empty_label="All themes")
    due = forms.ChoiceField(label="Due", required=False, choices=DUE_CHOICES)
    mine = forms.BooleanField(label="Only actions I own", required=False)

    def __init__(self, *args: Any, seat: Seat, source_rooms: list[str], **kwargs: Any) -> None:
        kwargs.setdefault("use_required_attribute", False)
        super().__init__(*args, **kwargs)
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agencies = partnership_agencies(seat.partnership)
        if not seat.partnership_wide:
            agencies = only_their_agency(agencies, seat, "pk")
        agency.queryset = agencies
        theme = self.fields["theme"]
        assert isinstance(theme, forms.ModelChoiceField)
        theme.queryset = Theme.objects.available_to(seat.partnership).order_by("group", "order", "label")
        source = self.fields["source_room"]
        assert isinstance(source, forms.ChoiceField)
        source.choices = [("", "All sources")] + [(room or "-", source_room_label(room)) for room in source_rooms]


class UpdateForm(GovukForm):
    text = forms.CharField(
        label="What has happened",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Say what has happened since the last update."},
    )
    new_status = forms.ChoiceField(
        label="Status",
        required=False,
        widget=forms.RadioSelect,
        choices=[
            ("", "No change"),
            (ActionStatus.IN_PROGRESS, ActionStatus.IN_PROGRESS.label),
            (ActionStatus.NOT_STARTED, ActionStatus.NOT_STARTED.label),
        ],
        help_text="To mark the action completed or close it, use Mark completed or Close on the action's page.",
    )


def attachable_evidence(seat: Seat) -> QuerySet[EvidenceItem]:
    """The current evidence this person may attach: what they may see of the partnership's library
    (an agency contributor sees their agency's evidence and what they added)."""
    return EvidenceItem.objects.current().visible_to(seat).order_by("title")


class EvidenceAttachForm(GovukForm):
    evidence = forms.ModelChoiceField(
        queryset=EvidenceItem.objects.none(),
        label="Evidence",
        empty_label="Choose evidence from the library",
        error_messages={
            "required": "Choose the evidence to attach.",
            "invalid_choice": "Choose evidence from the list.",
        },
    )
    purpose = forms.ChoiceField(
        label="What does it show?",
        widget=forms.RadioSelect,
        choices=ACTION_EVIDENCE_PURPOSES,
        error_messages={"required": "Say whether it shows completion or impact."},
        help_text="Evidence of impact can be attached once the action is completed.",
    )

    def __init__(self, *args: Any, evidence: QuerySet[EvidenceItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = evidence


class CompleteForm(GovukForm):
    completed_on = forms.DateField(
        label="Completed on",
        widget=_DATE,
        help_text="For example 2026-03-31.",
        error_messages={"required": "Give the date it was completed.", "invalid": "Give a date, like 2026-03-31."},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown in the action's updates.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["initial"] = {"completed_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)


class CloseForm(GovukForm):
    reason = forms.CharField(
        label="Why is it being closed without being completed?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example: superseded by another action, or no longer relevant. Kept with the action.",
        error_messages={"required": "Say why the action is being closed without being completed."},
    )


class ImpactForm(GovukForm):
    summary = forms.CharField(
        label="What difference has it made?",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="For children and families, practitioners or the partnership: what changed, and how you know.",
        error_messages={"required": "Say what difference the action has made, and for whom."},
    )
    assessed_on = forms.DateField(
        label="Assessed on",
        widget=_DATE,
        help_text="For example 2026-03-31.",
        error_messages={"required": "Give the date of the assessment.", "invalid": "Give a date, like 2026-03-31."},
    )
    evidence = forms.ModelMultipleChoiceField(
        queryset=EvidenceItem.objects.none(),
        label="Evidence of impact (optional)",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, evidence: QuerySet[EvidenceItem], **kwargs: Any) -> None:
        kwargs["initial"] = {"assessed_on": timezone.localdate(), **(kwargs.get("initial") or {})}
        super().__init__(*args, **kwargs)
        field = self.fields["evidence"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = evidence
        if not evidence.exists():
            del self.fields["evidence"]


class ReminderPreferenceForm(GovukModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["actions_due_soon", "actions_overdue"]
