"""The one action tracker for every room: who owns an action, by when, how it is going, the
evidence that it was done and — separately — the evidence of what difference it made.

An action may come from a recommendation, a review, an audit or any other record (``source``);
other rooms create them through ``scrutiny.actions.services.action_create``.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from scrutiny.actions import rules
from scrutiny.evidence.models import EvidenceLink, EvidenceLinkQuerySet, EvidencePurpose
from scrutiny.figures.registry import DUE_SOON_DAYS
from scrutiny.partnerships.access import Seat
from scrutiny.partnerships.scoping import only_their_agency


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"
    #: Closed without being completed (superseded, no longer relevant…); always with a reason.
    CLOSED = "closed", "Closed without completion"


OPEN_STATUSES = frozenset({ActionStatus.NOT_STARTED, ActionStatus.IN_PROGRESS})
ENDED_STATUSES = frozenset({ActionStatus.COMPLETED, ActionStatus.CLOSED})


#: The two purposes an action's evidence serves (EvidenceLink.purpose), kept apart on purpose.
ACTION_EVIDENCE_PURPOSES = [
    (EvidencePurpose.COMPLETION.value, "Evidence of completion: it shows the action was done"),
    (EvidencePurpose.IMPACT.value, "Evidence of impact: it shows what difference the action made"),
]


#: Readable names of the rooms actions come from, for filters and labels. A room not listed here
#: is shown by its own name.
SOURCE_ROOMS: dict[str, str] = {
    "": "Added directly",
    "assurance": "Scrutiny findings and recommendations",
    "reviews": "Reviews (rapid reviews, LCSPRs)",
    "audits": "Audits",
    "governance": "Meetings and decisions",
    "performance": "Performance",
    "voice": "Voice of children and families",
    "challenges": "Challenge log",
}


def source_room_label(room: str) -> str:
    return SOURCE_ROOMS.get(room, room.replace("_", " ").capitalize())


class ActionQuerySet(models.QuerySet["Action"]):
    def visible_to(self, seat: Seat) -> ActionQuerySet:
        """The actions this person may see: all of the partnership's, except that someone who is
        only an agency contributor sees only the actions their agency owns."""
        mine = self.filter(partnership=seat.partnership)
        if seat.partnership_wide:
            return mine
        return only_their_agency(mine, seat, "owner_agency")

    def owned_by(self, seat: Seat) -> ActionQuerySet:
        """The person's own actions: those naming them as owner, and those with no owner person
        owned by an agency they act for (as contributor, lead or delegated partner)."""
        return self.filter(partnership=seat.partnership).filter(
            Q(owner=seat.user) | Q(owner__isnull=True, owner_agency_id__in=seat.agency_ids)
        )

    def matching(
        self,
        seat: Seat,
        today: date,
        *,
        agency: Any = None,
        source_room: str = "",
        status: str = "",
        theme: Any = None,
        due: str = "",
        mine: bool = False,
    ) -> ActionQuerySet:
        """The list's filters, shared by the pages and the API. ``source_room`` "-" means actions
        added directly; ``status`` "open" means not started or in progress; ``due`` is "overdue" or
        "due_soon"; ``mine`` keeps the person's own actions (see ``owned_by``)."""
        found = self
        if agency:
            found = found.filter(owner_agency=agency)
        if source_room:
            found = found.filter(source_room="" if source_room == "-" else source_room)
        if status == "open":
            found = found.open()
        elif status:
            found = found.filter(status=status)
        if theme:
            found = found.filter(themes=theme)
        if due == "overdue":
            found = found.overdue(today)
        elif due == "due_soon":
            found = found.due_soon(today)
        if mine:
            found = found.owned_by(seat)
        return found

    def from_source(self, record: models.Model) -> ActionQuerySet:
        """The actions that came from one record of another room (a recommendation, a review…)."""
        return self.filter(source_type=ContentType.objects.get_for_model(record), source_id=record.pk)

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: date) -> ActionQuerySet:
        return self.open().filter(due_date__lt=today)

    def due_soon(self, today: date, days: int = DUE_SOON_DAYS) -> ActionQuerySet:
        return self.open().filter(due_date__gte=today, due_date__lte=today + timedelta(days=days))


class Action(models.Model):
    partnership = models.ForeignKey("partnerships.Partnership", on_delete=models.CASCADE, related_name="actions")
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    owner_agency = models.ForeignKey(
        "partnerships.Agency",
        on_delete=models.PROTECT,
        related_name="actions",
        verbose_name="owner agency",
        help_text="The agency responsible for delivering the action",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions_owned",
        verbose_name="owner",
        help_text="The person leading it, if one is named; otherwise the owner agency's people",
    )
    due_date = models.DateField("due date")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.NOT_STARTED)
    # Where the action comes from: a recommendation, a review, an audit… (any room's record).
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name="source type"
    )
    source_id = models.PositiveBigIntegerField("source record", null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = models.CharField("source", max_length=300, blank=True)
    source_room = models.CharField("source room", max_length=40, blank=True, db_index=True)
    themes = models.ManyToManyField("frameworks.Theme", blank=True, related_name="actions")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="created by",
    )
    # Not auto_now_add: actions carried over from an earlier tracker keep the date they were agreed.
    created_at = models.DateTimeField("created", default=timezone.now)
    completed_on = models.DateField("completed on", null=True, blank=True)
    closed_on = models.DateField("closed on", null=True, blank=True)
    closed_reason = models.TextField("reason for closing", blank=True)
    impact_summary = models.TextField("impact", blank=True)
    impact_assessed_on = models.DateField("impact assessed on", null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[themes])
    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_date"]),
            models.Index(fields=["source_type", "source_id"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("action_detail", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    def clean(self) -> None:
        created_on = timezone.localdate(self.created_at) if self.created_at else timezone.localdate()
        if self.due_date is not None:
            rules.due_not_before_creation(self.due_date, created_on)
        if self.partnership_id is not None:
            if self.owner_agency_id is not None:
                rules.owner_agency_works_with_partnership(self.owner_agency_id, self.partnership_id)
            if self.owner_id is not None:
                rules.owner_holds_a_role(self.owner_id, self.partnership_id)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_completed(self) -> bool:
        return self.status == ActionStatus.COMPLETED

    @property
    def is_closed(self) -> bool:
        return self.status == ActionStatus.CLOSED

    @property
    def created_on(self) -> date:
        return timezone.localdate(self.created_at)

    @property
    def source_room_label(self) -> str:
        return source_room_label(self.source_room)

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date < today

    def flag(self, today: date) -> str | None:
        """ "overdue", "due soon" (within the next 7 days) or None, for open actions."""
        if not self.is_open:
            return None
        if self.due_date < today:
            return "overdue"
        if self.due_date <= today + timedelta(days=DUE_SOON_DAYS):
            return "due soon"
        return None

    def can_update(self, seat: Seat) -> bool:
        """Who may post progress, evidence and completion: those who manage actions, the owner,
        and the people of the owning agency."""
        return (
            seat.can("actions", "manage")
            or (self.owner_id is not None and self.owner_id == seat.user.pk)
            or seat.acts_for(self.owner_agency_id)
        )

    def evidence_links(self, purpose: str | None = None) -> EvidenceLinkQuerySet:
        """The EvidenceLinks to this action, of one purpose or all, with their evidence."""
        links = EvidenceLink.objects.for_object(self).select_related("evidence")
        return links.filter(purpose=purpose) if purpose else links

    def has_completion_evidence(self) -> bool:
        return self.evidence_links(EvidencePurpose.COMPLETION).exists()


class ActionUpdate(models.Model):
    """A note of progress on an action, optionally moving it to a new status."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    date = models.DateField(default=timezone.localdate)
    text = models.TextField("update")
    new_status = models.CharField("new status", max_length=20, choices=ActionStatus.choices, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    partnership_scope: ClassVar[str] = "action__partnership"

    class Meta:
        ordering = ["-date", "-created_at", "-pk"]
        verbose_name = "action update"

    def __str__(self) -> str:
        return f"Update to {self.action} on {self.date:%Y-%m-%d}"


class ReminderPreference(models.Model):
    """Which action reminders a person receives on their home page and in the daily e-mail.

    The whole daily e-mail is switched off on the account page (User.receives_daily_digest); these
    choose which action items appear at all. A person with no row receives both.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reminder_preference")
    actions_due_soon = models.BooleanField(
        "actions due in the next 7 days",
        default=True,
        help_text="Open actions you own that are due within a week.",
    )
    actions_overdue = models.BooleanField(
        "overdue actions",
        default=True,
        help_text="Open actions you own whose due date has passed.",
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Reminders for {self.user}"

    @classmethod
    def for_user(cls, user: Any) -> ReminderPreference:
        """The person's choices; an unsaved default (everything on) where they have made none."""
        found = cls.objects.filter(user=user).first()
        return found if found is not None else cls(user=user)
