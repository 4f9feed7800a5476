"""Forms for meeting series, their members, meetings and attendance."""

from __future__ import annotations

from typing import Any

from django import forms

from scrutiny.accounts.models import User
from scrutiny.evidence.models import EvidenceItem
from scrutiny.forms_govuk import GovukForm, GovukModelForm, style_fields
from scrutiny.governance.models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Decision,
    ExpectedMember,
    Meeting,
    MeetingSeries,
    Observation,
    Seniority,
    SurveyAnswer,
)
from scrutiny.partnerships.models import Agency, Membership, Partnership


class MeetingSeriesForm(GovukModelForm):
    class Meta:
        model = MeetingSeries
        fields = [
            "name",
            "kind",
            "terms_of_reference",
            "quorum_agencies",
            "quorum_statutory_partners",
            "deputies_count",
            "active",
        ]
        widgets = {"kind": forms.RadioSelect, "terms_of_reference": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.partnership = partnership

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        taken = MeetingSeries.objects.filter(partnership=self.instance.partnership, name__iexact=name)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError("The partnership already has a meeting series with this name.")
        return name

    def clean_quorum_agencies(self) -> int:
        value = int(self.cleaned_data["quorum_agencies"])
        if value < 1:
            raise forms.ValidationError("A meeting needs at least 1 agency to be quorate.")
        return value


class ExpectedMemberForm(GovukModelForm):
    class Meta:
        model = ExpectedMember
        fields = ["agency", "job_title", "person", "role", "seniority", "active"]
        widgets = {"role": forms.RadioSelect, "seniority": forms.RadioSelect}

    def __init__(self, *args: Any, series: MeetingSeries, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.series = series
        agency = self.fields["agency"]
        assert isinstance(agency, forms.ModelChoiceField)
        agency.queryset = Agency.objects.filter(partnership_links__partnership=series.partnership).order_by("name")
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        people = Membership.objects.filter(partnership=series.partnership).values_list("user", flat=True)
        person.queryset = User.objects.filter(pk__in=people).order_by("full_name")
        person.empty_label = "Nobody who uses Scrutiny"
        person.label_from_instance = lambda obj: f"{obj.full_name} ({obj.email})"  # type: ignore[method-assign]


class MeetingForm(GovukModelForm):
    class Meta:
        model = Meeting
        fields = ["series", "starts_at", "ends_at", "location", "status", "cancelled_reason"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "status": forms.RadioSelect,
        }

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        series = self.fields["series"]
        assert isinstance(series, forms.ModelChoiceField)
        series.queryset = MeetingSeries.objects.filter(partnership=partnership, active=True)
        if self.instance.pk:
            series.disabled = True  # attendance is recorded against the series' members

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", "The meeting must end after it starts.")
        if data.get("status") == "cancelled" and not str(data.get("cancelled_reason") or "").strip():
            self.add_error("cancelled_reason", "Say why the meeting was cancelled.")
        return data


class AttendanceForm(GovukForm):
    """One row per expected member: their status and, for a deputy, who came."""

    def __init__(self, *args: Any, meeting: Meeting, members: list[ExpectedMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        self.members = members
        recorded = {row.member_id: row for row in Attendance.objects.filter(meeting=meeting)}
        for member in members:
            row = recorded.get(member.pk)
            self.fields[f"status_{member.pk}"] = forms.ChoiceField(
                label=f"{member.job_title}, {member.agency.name}",
                choices=AttendanceStatus.choices,
                widget=forms.RadioSelect,
                initial=row.status if row else None,
                error_messages={"required": f"Say whether the {member.job_title} ({member.agency.name}) came"},
            )
            self.fields[f"deputy_role_{member.pk}"] = forms.CharField(
                label="If a deputy came: their job title",
                required=False,
                max_length=200,
                initial=row.deputy_role if row else "",
            )
            self.fields[f"deputy_seniority_{member.pk}"] = forms.ChoiceField(
                label="If a deputy came: their seniority",
                required=False,
                choices=[("", "Not a deputy"), *Seniority.choices],
                initial=row.deputy_seniority if row else "",
            )
        style_fields(self)  # the fields are made here, after GovukForm styled the (empty) form

    def member_rows(self) -> list[tuple[ExpectedMember, Any, Any, Any]]:
        """For the page: each member with their three fields."""
        return [
            (
                member,
                self[f"status_{member.pk}"],
                self[f"deputy_role_{member.pk}"],
                self[f"deputy_seniority_{member.pk}"],
            )
            for member in self.members
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for member in self.members:
            status = data.get(f"status_{member.pk}")
            role = str(data.get(f"deputy_role_{member.pk}") or "").strip()
            if status == AttendanceStatus.DEPUTY and not role:
                self.add_error(f"deputy_role_{member.pk}", f"Give the job title of the deputy for the {member}")
            if status != AttendanceStatus.DEPUTY and (role or data.get(f"deputy_seniority_{member.pk}")):
                self.add_error(
                    f"deputy_role_{member.pk}", f"The {member} did not send a deputy: leave the deputy empty"
                )
        return data

    def rows(self) -> dict[int, tuple[str, str, str]]:
        data = self.cleaned_data
        return {
            member.pk: (
                data[f"status_{member.pk}"],
                str(data.get(f"deputy_role_{member.pk}") or "").strip(),
                data.get(f"deputy_seniority_{member.pk}") or "",
            )
            for member in self.members
        }


class AgendaItemForm(GovukModelForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "presenter", "papers", "notes"]
        widgets = {"papers": forms.CheckboxSelectMultiple, "notes": forms.Textarea(attrs={"rows": 5})}
        help_texts = {"papers": "Papers come from the evidence library: add them there first."}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        papers = self.fields["papers"]
        assert isinstance(papers, forms.ModelMultipleChoiceField)
        papers.queryset = EvidenceItem.objects.filter(partnership=meeting.partnership).order_by("-added_at")
        papers.required = False


class DecisionForm(GovukModelForm):
    class Meta:
        model = Decision
        fields = ["text", "agenda_item"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"agenda_item": "Agenda item (optional)"}
        error_messages = {"text": {"required": "Write down what the meeting decided."}}

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        item = self.fields["agenda_item"]
        assert isinstance(item, forms.ModelChoiceField)
        item.queryset = meeting.agenda.all()
        item.empty_label = "Not about one item"


class SurveyAnswerForm(GovukModelForm):
    class Meta:
        model = SurveyAnswer
        fields = ["purposeful", "challenge_welcomed", "decided", "comment"]
        widgets = {
            "purposeful": forms.RadioSelect,
            "challenge_welcomed": forms.RadioSelect,
            "decided": forms.RadioSelect,
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"comment": "Anything else about the meeting (optional)"}


class ObservationForm(GovukModelForm):
    class Meta:
        model = Observation
        fields = ["strengths", "improvements", "challenge_seen"]
        widgets = {
            "strengths": forms.Textarea(attrs={"rows": 4}),
            "improvements": forms.Textarea(attrs={"rows": 4}),
            "challenge_seen": forms.Textarea(attrs={"rows": 4}),
        }
