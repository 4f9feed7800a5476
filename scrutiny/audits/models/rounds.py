"""Section 11 and s175/s157 audit rounds: the framework sent to chosen agencies with a deadline,
each agency's self-assessment (its return), the partnership's challenge questions, the moderated
scores kept beside the self-scores, and returns shared between partnerships with the agency's
consent (statutory.md §8.5).

One return, many partnerships: a police force or ICB on several partnerships may answer once. The
return belongs to the round it was written for; another partnership's round uses it through a
``ReturnShare`` the agency consented to, and asks its own questions and sets its own moderated
scores, which the first partnership does not see.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from scrutiny.audits.models.standards import Standard, StandardsFramework
from scrutiny.partnerships.models import Agency, Partnership
from scrutiny.partnerships.scoping import only_their_agency

if TYPE_CHECKING:
    from scrutiny.partnerships.access import Seat

ROOM = "audits"


class Scale(models.TextChoices):
    ZERO_TO_THREE = "0-3", "Score from 0 to 3"
    RAG = "rag", "Red, amber or green"


#: What each score means on each scale (statutory.md §8.5 step 2). Stored as a number either way,
#: so distributions and the self-to-moderated gap are computed alike.
SCALE_POINTS: dict[str, dict[int, str]] = {
    Scale.ZERO_TO_THREE: {
        0: "0: not in place",
        1: "1: partly in place",
        2: "2: mostly in place",
        3: "3: fully in place",
    },
    Scale.RAG: {1: "Red", 2: "Amber", 3: "Green"},
}


def score_label(scale: str, score: int | None) -> str:
    if score is None:
        return "Not scored"
    return SCALE_POINTS.get(scale, {}).get(score, str(score))


class RoundStatus(models.TextChoices):
    DRAFT = "draft", "Not yet sent"
    OPEN = "open", "Open for returns"
    CLOSED = "closed", "Closed"


class AuditRoundQuerySet(models.QuerySet["AuditRound"]):
    def visible_to(self, seat: Seat) -> AuditRoundQuerySet:
        """The partnership's rounds; an agency contributor sees the sent rounds their agency is in."""
        mine = self.filter(partnership=seat.partnership)
        if seat.partnership_wide:
            return mine
        return only_their_agency(mine.exclude(status=RoundStatus.DRAFT), seat, "agencies")


class AuditRound(models.Model):
    """One campaign: a framework version sent to chosen agencies with a deadline."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="audit_rounds")
    framework = models.ForeignKey(StandardsFramework, on_delete=models.PROTECT, related_name="rounds")
    title = models.CharField(max_length=200, help_text="For example, Section 11 audit 2026")
    scale = models.CharField(max_length=5, choices=Scale.choices, default=Scale.ZERO_TO_THREE)
    opens_on = models.DateField("opens on")
    deadline = models.DateField("returns due by")
    moderation_on = models.DateField("moderation meeting", null=True, blank=True)
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    agencies = models.ManyToManyField(Agency, related_name="audit_rounds", blank=True)
    previous_round = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
        help_text="The round to carry answers forward from and compare with",
    )

    history = HistoricalRecords(m2m_fields=[agencies])
    objects = AuditRoundQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "partnership"

    class Meta:
        ordering = ["-deadline", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("audit_round", kwargs={"slug": self.partnership.slug, "pk": self.pk})

    @property
    def points(self) -> dict[int, str]:
        return SCALE_POINTS[self.scale]

    def is_past_deadline(self, today: date) -> bool:
        return today > self.deadline


class ReturnStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    SUBMITTED = "submitted", "Submitted"
    CHANGES_REQUESTED = "changes_requested", "Changes requested"


class AuditReturnQuerySet(models.QuerySet["AuditReturn"]):
    def in_round(self, audit_round: AuditRound) -> AuditReturnQuerySet:
        """Returns written for the round and returns shared into it."""
        return self.filter(models.Q(round=audit_round) | models.Q(shares__round=audit_round)).distinct()


class AuditReturn(models.Model):
    """An agency's self-assessment for one round: a score, narrative and evidence per standard."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="returns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="audit_returns")
    status = models.CharField(max_length=20, choices=ReturnStatus.choices, default=ReturnStatus.IN_PROGRESS)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changes_requested = models.TextField("changes requested", blank=True)

    history = HistoricalRecords()
    objects = AuditReturnQuerySet.as_manager()
    partnership_scope: ClassVar[str] = "round__partnership"

    class Meta:
        ordering = ["agency__name"]
        constraints = [models.UniqueConstraint(fields=["round", "agency"], name="one_return_per_agency_per_round")]

    def __str__(self) -> str:
        return f"{self.agency}: {self.round}"

    def url_in(self, audit_round: AuditRound) -> str:
        """The return's page in a round that uses it (its own, or one it is shared into)."""
        return reverse(
            "audit_return",
            kwargs={"slug": audit_round.partnership.slug, "pk": audit_round.pk, "agency": self.agency_id},
        )

    def submitted_on_time(self) -> bool | None:
        if self.submitted_at is None:
            return None
        return self.submitted_at.date() <= self.round.deadline


class ReturnAnswer(models.Model):
    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="answers")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="answers")
    self_score = models.SmallIntegerField("self-assessed score", null=True, blank=True)
    narrative = models.TextField(blank=True, help_text="How the agency meets the standard, and where it falls short")
    evidence = models.TextField(
        blank=True,
        help_text="Each piece of evidence on its own line with its reference, for example 'E3 Board minutes'",
    )
    # Copied from the agency's return in the previous round and not yet re-confirmed (§8.5 step 7).
    carried_forward = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["standard__order", "standard__pk"]
        constraints = [models.UniqueConstraint(fields=["audit_return", "standard"], name="one_answer_per_standard")]

    def __str__(self) -> str:
        return f"{self.audit_return.agency}, standard {self.standard.ref}"


class ReturnShare(models.Model):
    """The agency's consent that another partnership's round uses a return it wrote for one round."""

    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="shares")
    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="shared_returns")
    consented_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    consented_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["audit_return", "round"], name="one_share_per_round")]

    def __str__(self) -> str:
        return f"{self.audit_return} shared with {self.round.partnership}"


class PeerReviewer(models.Model):
    """A peer agency the partnership asks to read and question another agency's return."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="peer_reviewers")
    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="peer_reviewers")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "audit_return", "agency"], name="one_peer_review_per_agency")
        ]

    def __str__(self) -> str:
        return f"{self.agency} reviews {self.audit_return.agency}"


class ChallengeQuestion(models.Model):
    """A question put to an agency about its return, by one partnership, about one standard (or
    the return as a whole)."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="questions")
    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="questions")
    standard = models.ForeignKey(Standard, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    question = models.TextField()
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Set where a peer agency asked, so the answer is seen as one agency holding another to account.
    asked_for = models.ForeignKey(Agency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["asked_at", "pk"]

    def __str__(self) -> str:
        about = f"standard {self.standard.ref}" if self.standard else "the return"
        return f"Question to {self.audit_return.agency} on {about}"


class ModeratedScore(models.Model):
    """The score a partnership's moderation agreed for one standard of a return. The self-score is
    never overwritten: both are kept, with the reason for any change (§8.5 step 4)."""

    round = models.ForeignKey(AuditRound, on_delete=models.CASCADE, related_name="moderated_scores")
    audit_return = models.ForeignKey(AuditReturn, on_delete=models.CASCADE, related_name="moderated_scores")
    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="+")
    score = models.SmallIntegerField("moderated score")
    reason = models.TextField(blank=True, help_text="Why moderation changed the agency's own score")
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    moderated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "audit_return", "standard"], name="one_moderated_score")
        ]

    def __str__(self) -> str:
        return f"Moderated score for {self.audit_return.agency}, standard {self.standard.ref}"
