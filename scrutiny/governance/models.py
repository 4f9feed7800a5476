"""The partnership's meetings: series with their terms of reference, expected members and quoracy
rules; each meeting's agenda and papers, attendance, decisions, minutes, the members' view of how
well it went, and the scrutineer's observations.

The scrutineer evaluates "arrangements for the operation of the safeguarding partnership,
including … board meetings" and "how well organisations come together to cooperate … and hold
each other to account" (statutory.md §2.4): attendance by agency and seniority, quoracy and the
members' own view of the meeting are the evidence for both.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.evidence.models import EvidenceItem
from scrutiny.partnerships.models import STATUTORY_PARTNER_KINDS, Agency, AgencyKind, Partnership

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

ROOM = "governance"


class SeriesKind(models.TextChoices):
    LEAD_PARTNERS = "lead_partners", "Lead safeguarding partners' meeting"
    EXECUTIVE = "executive", "Executive or partnership board"
    SUBGROUP = "subgroup", "Subgroup"
    OTHER = "other", "Other"


class MeetingSeriesQuerySet(models.QuerySet["MeetingSeries"]):
    def visible_to(self, seat: Seat) -> MeetingSeriesQuerySet:
        """Everyone partnership-wide reads every series; an agency contributor reads those they
        are a named member of."""
        mine = self.filter(partnership=seat.partnership)
        if seat.partnership_wide:
            return mine
        return mine.filter(members__person=seat.user).distinct()


class MeetingSeries(models.Model):
    """A standing meeting: the lead partners', the executive, a subgroup."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="meeting_series")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=SeriesKind.choices, default=SeriesKind.SUBGROUP)
    terms_of_reference = models.TextField(
        "terms of reference", blank=True, help_text="Purpose, what it decides, how often it meets"
    )
    quorum_agencies = models.PositiveSmallIntegerField(
        "agencies needed", default=3, help_text="The meeting is quorate with at least this many agencies represented"
    )
    quorum_statutory_partners = models.BooleanField(
        "each statutory partner needed",
        default=True,
        help_text="The local authority, health and the police must each be represented",
    )
    deputies_count = models.BooleanField(
        "deputies count", default=True, help_text="A deputy sent in a member's place counts towards quoracy"
    )
    active = models.BooleanField(default=True)

    history = HistoricalRecords()
    objects = MeetingSeriesQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["kind", "name"]
        verbose_name_plural = "meeting series"
        constraints = [models.UniqueConstraint(fields=["partnership", "name"], name="one_series_name_per_partnership")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("series_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def quorum_rule(self) -> str:
        parts = [f"at least {self.quorum_agencies} agencies"]
        if self.quorum_statutory_partners:
            parts.append("each of the local authority, health and the police")
        rule = " and ".join(parts)
        return f"{rule[0].upper()}{rule[1:]}, {'counting' if self.deputies_count else 'not counting'} deputies."


class MemberRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    ADVISER = "adviser", "Adviser (does not count towards quoracy)"


class Seniority(models.TextChoices):
    """How senior the person at the table is: the Wood review named "insufficiently senior police
    representation" as a barrier (statutory.md §9.2)."""

    EXECUTIVE = "executive", "Executive (chief officer or board level)"
    SENIOR = "senior", "Senior manager"
    OPERATIONAL = "operational", "Operational manager or practitioner"


class ExpectedMember(models.Model):
    """A seat at the table: which agency, in what role, and who holds it."""

    series = models.ForeignKey(MeetingSeries, on_delete=models.CASCADE, related_name="members")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="meeting_seats")
    job_title = models.CharField("job title", max_length=200, help_text="For example: Director of Children's Services")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_seats",
        help_text="Who holds the seat, if they use Scrutiny (they can then answer the meeting survey)",
    )
    role = models.CharField(max_length=10, choices=MemberRole.choices, default=MemberRole.MEMBER)
    seniority = models.CharField(max_length=12, choices=Seniority.choices, default=Seniority.SENIOR)
    active = models.BooleanField(default=True, help_text="Expected at new meetings")

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "series__partnership"

    class Meta:
        ordering = ["series", "-role", "agency__name", "job_title"]

    def __str__(self) -> str:
        return f"{self.job_title}, {self.agency.name}"

    @property
    def counts_for_quorum(self) -> bool:
        return self.role != MemberRole.ADVISER


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MinutesStatus(models.TextChoices):
    NONE = "none", "Not written"
    DRAFT = "draft", "Draft"
    APPROVED = "approved", "Approved"


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def visible_to(self, seat: Seat) -> MeetingQuerySet:
        return self.filter(series__in=MeetingSeries.objects.visible_to(seat))


class Meeting(models.Model):
    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("starts")
    ends_at = models.DateTimeField("ends", null=True, blank=True)
    location = models.CharField(max_length=200, blank=True, help_text="A room, or 'Online'")
    status = models.CharField(max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    cancelled_reason = models.CharField("why it was cancelled", max_length=300, blank=True)
    minutes = models.TextField(blank=True)
    minutes_status = models.CharField(max_length=10, choices=MinutesStatus.choices, default=MinutesStatus.NONE)
    minutes_approved_on = models.DateField("minutes approved on", null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()
    objects = MeetingQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "series__partnership"

    class Meta:
        ordering = ["-starts_at"]

    def __str__(self) -> str:
        return f"{self.series.name}, {self.starts_at:%d %B %Y}"

    def get_absolute_url(self) -> str:
        return reverse("meeting_detail", kwargs={"slug": self.series.partnership.slug, "pk": self.pk})

    @property
    def partnership(self) -> Partnership:
        return self.series.partnership

    def quoracy(self) -> Quoracy:
        """Lists prefetch ``attendance__member__agency`` so that this costs no query a meeting."""
        return quoracy_of(self.series, list(self.attendance.all()))


class AttendanceStatus(models.TextChoices):
    ATTENDED = "attended", "Attended"
    DEPUTY = "deputy", "Sent a deputy"
    APOLOGIES = "apologies", "Sent apologies"
    ABSENT = "absent", "Absent without apologies"


class Attendance(models.Model):
    """Whether a member came, sent a deputy (and whom, by role), sent apologies or did not come."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    member = models.ForeignKey(ExpectedMember, on_delete=models.PROTECT, related_name="attendance")
    status = models.CharField(max_length=10, choices=AttendanceStatus.choices)
    deputy_role = models.CharField(
        "deputy's job title", max_length=200, blank=True, help_text="Who came in the member's place"
    )
    deputy_seniority = models.CharField("deputy's seniority", max_length=12, choices=Seniority.choices, blank=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "meeting__series__partnership"

    class Meta:
        ordering = ["member__agency__name", "member__job_title"]
        constraints = [models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member")]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_status_display()}"

    @property
    def present(self) -> bool:
        return self.status in {AttendanceStatus.ATTENDED, AttendanceStatus.DEPUTY}

    @property
    def seniority_at_table(self) -> str:
        """The seniority of whoever sat at the table: the member's, or their deputy's."""
        if self.status == AttendanceStatus.DEPUTY:
            return self.deputy_seniority or ""
        return self.member.seniority if self.status == AttendanceStatus.ATTENDED else ""


@dataclass
class Quoracy:
    """Whether a meeting was quorate under its series' rule, and why."""

    recorded: bool
    quorate: bool = False
    agencies: list[str] = field(default_factory=list)
    missing_partners: list[str] = field(default_factory=list)
    needed: int = 0

    @property
    def reason(self) -> str:
        if not self.recorded:
            return "Attendance has not been recorded."
        found = f"{len(self.agencies)} of the {self.needed} agencies needed were represented"
        if self.missing_partners:
            return f"{found}; not represented: {', '.join(self.missing_partners)}."
        return f"{found}."


def quoracy_of(series: MeetingSeries, attendance: list[Attendance]) -> Quoracy:
    """The series' rule applied to the attendance: members who came (and deputies, where the rule
    counts them) represent their agency; advisers do not count."""
    if not attendance:
        return Quoracy(recorded=False, needed=series.quorum_agencies)
    counted = [
        row
        for row in attendance
        if row.member.counts_for_quorum
        and (
            row.status == AttendanceStatus.ATTENDED or (row.status == AttendanceStatus.DEPUTY and series.deputies_count)
        )
    ]
    agencies = sorted({row.member.agency.name for row in counted})
    kinds = {row.member.agency.kind for row in counted}
    missing = (
        [AgencyKind(kind).label for kind in sorted(STATUTORY_PARTNER_KINDS) if kind not in kinds]
        if series.quorum_statutory_partners
        else []
    )
    quorate = len(agencies) >= series.quorum_agencies and not missing
    return Quoracy(True, quorate, agencies, missing, series.quorum_agencies)


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(default=1)
    title = models.CharField(max_length=300)
    presenter = models.CharField(max_length=200, blank=True, help_text="Job title and agency")
    papers = models.ManyToManyField(EvidenceItem, blank=True, related_name="agenda_items")
    notes = models.TextField("discussion", blank=True)

    history = HistoricalRecords(m2m_fields=[papers])
    partnership_scope: ClassVar[str] = "meeting__series__partnership"

    class Meta:
        ordering = ["meeting", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Decision(models.Model):
    """A decision the meeting took, for the decisions log."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    text = models.TextField("decision")
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "meeting__series__partnership"

    class Meta:
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class Agreement(models.IntegerChoices):
    """The survey's four-point scale: no middle, so that each member says which way they lean."""

    STRONGLY_AGREE = 4, "Strongly agree"
    AGREE = 3, "Agree"
    DISAGREE = 2, "Disagree"
    STRONGLY_DISAGREE = 1, "Strongly disagree"


class SurveyAnswer(models.Model):
    """A member's view of a meeting they attended, asked after it: was it purposeful, was
    challenge welcomed, did we decide."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="survey_answers")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purposeful = models.PositiveSmallIntegerField("The meeting was purposeful", choices=Agreement.choices)
    challenge_welcomed = models.PositiveSmallIntegerField(
        "Challenge between agencies was welcomed", choices=Agreement.choices
    )
    decided = models.PositiveSmallIntegerField("We decided what we needed to", choices=Agreement.choices)
    comment = models.TextField(blank=True)
    answered_at = models.DateTimeField(auto_now_add=True)

    partnership_scope: ClassVar[str] = "meeting__series__partnership"

    class Meta:
        ordering = ["meeting", "answered_at"]
        constraints = [models.UniqueConstraint(fields=["meeting", "respondent"], name="one_answer_per_member")]

    def __str__(self) -> str:
        return f"Survey answer for {self.meeting}"


class Observation(models.Model):
    """The scrutineer's observation of a meeting: a scrutiny method in its own right."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="observations")
    observer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    strengths = models.TextField("what worked well")
    improvements = models.TextField("what could be better", blank=True)
    challenge_seen = models.TextField(
        "challenge between agencies", blank=True, help_text="Examples of partners holding each other to account"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "meeting__series__partnership"

    class Meta:
        ordering = ["meeting", "recorded_at"]

    def __str__(self) -> str:
        return f"Observation of {self.meeting}"
